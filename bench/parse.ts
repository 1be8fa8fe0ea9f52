/**
 * Parser throughput over the corpus, repeated to at least 50 MB, against a floor measured in the
 * same run: decoding the same bytes and one pass of a single regular expression over them.
 * Target: ≥ 20 MB/s and within 10× of the floor. Run: npm run bench:parse
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "../src/parse/index.js";
import { findPackageRoot } from "./root.js";

const TARGET_BYTES = Number(process.env.BENCH_MB ?? 50) * 1024 * 1024;
const corpusDir = join(findPackageRoot(), "examples", "corpus");
const files = readdirSync(corpusDir)
  .filter((f) => f.endsWith(".txt"))
  .sort();
const inputs = files.map((f) => readFileSync(join(corpusDir, f)));
const bytesPerRound = inputs.reduce((sum, b) => sum + b.byteLength, 0);
const rounds = Math.ceil(TARGET_BYTES / bytesPerRound);
const totalMB = (rounds * bytesPerRound) / 1024 / 1024;

function time(label: string, work: () => number): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  work(); // warm-up round
  gc?.();
  const started = process.hrtime.bigint();
  let sink = 0;
  for (let r = 0; r < rounds; r++) sink += work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (sink === -1) console.log(label);
  return seconds;
}

const decoder = new TextDecoder("utf-8");
const SENTENCE_END = /[。；！？]/g;
const floorSeconds = time("floor", () => {
  let count = 0;
  for (const bytes of inputs) {
    const text = decoder.decode(bytes);
    count += (text.match(SENTENCE_END) ?? []).length;
  }
  return count;
});
const parseSeconds = time("parse", () => {
  let count = 0;
  for (const bytes of inputs) {
    const { document } = parse(decoder.decode(bytes));
    count += document.tasks.length + document.indicators.length;
  }
  return count;
});

const perFile = inputs.map((bytes, i) => {
  const text = decoder.decode(bytes);
  const started = process.hrtime.bigint();
  const repeats = 20;
  for (let r = 0; r < repeats; r++) parse(text);
  const ms = Number(process.hrtime.bigint() - started) / 1e6 / repeats;
  return { file: files[i], kB: (bytes.byteLength / 1024).toFixed(1), ms: ms.toFixed(2) };
});

const parseMBs = totalMB / parseSeconds;
const floorMBs = totalMB / floorSeconds;
const ratio = parseSeconds / floorSeconds;
console.log(
  `corpus: ${files.length} files, ${(bytesPerRound / 1024).toFixed(1)} kB per round, ${rounds} rounds, ${totalMB.toFixed(1)} MB`,
);
console.table(perFile);
console.log(`floor (decode + one regex pass): ${floorMBs.toFixed(1)} MB/s`);
console.log(`parse:                           ${parseMBs.toFixed(1)} MB/s`);
console.log(`ratio parse/floor time:          ${ratio.toFixed(2)}×`);
const ok = parseMBs >= 20 && ratio <= 10;
console.log(`target (≥ 20 MB/s and ≤ 10× floor): ${ok ? "met" : "NOT met"}`);
process.exitCode = ok ? 0 : 1;
