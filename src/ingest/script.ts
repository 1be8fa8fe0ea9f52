/**
 * Script clean-up on decoded text: GBK mojibake repair (UTF-8 bytes that were read as GBK),
 * removal of pinyin that converters glue after characters (發(fā)展), and traditional →
 * simplified conversion with opencc-js when the text is mostly traditional.
 */
import { gbPair, isCommonHanzi, isGb2312 } from "./gbtable.js";
import type { IngestDiagnostic } from "./types.js";

type Convert = (text: string) => string;

const TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ";
const PINYIN = new RegExp(
  `(?<=[\\u3400-\\u9fff])[（(]\\s*[a-zü]{0,6}[${TONE}][a-zü${TONE}]{0,6}\\s*[)）]`,
  "gu",
);

function isHan(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
}

/** Removes tone-marked pinyin in parentheses right after a hanzi: `發(fā)展` → `發展`. */
export function removePinyinJunk(text: string): { text: string; count: number } {
  let count = 0;
  const out = text.replace(PINYIN, () => {
    count++;
    return "";
  });
  return { text: out, count };
}

/** True when a GB18030 byte of a mojibake pair can come from UTF-8 hanzi: 80–BF or E4–E9. */
function isUtf8HanByte(b: number): boolean {
  return (b >= 0x80 && b <= 0xbf) || (b >= 0xe4 && b <= 0xe9);
}

function commonShare(s: string): number {
  let han = 0;
  let common = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isHan(c)) continue;
    han++;
    if (isCommonHanzi(c)) common++;
  }
  return han ? common / han : 0;
}

const UTF8_STRICT = new TextDecoder("utf-8", { fatal: true });
const UTF8_LOSSY = new TextDecoder("utf-8");

/** Tries to undo one run of mojibake; returns the repaired run or undefined to keep it. */
function repairRun(run: string): string | undefined {
  let body = run;
  let lostTail = false;
  if (body.endsWith("\ufffd")) {
    body = body.slice(0, -1);
    lostTail = true;
  }
  if (body.length < 2) return undefined;
  // A run is mojibake only if at least 80 % of it looks like UTF-8: give up as soon as it cannot be.
  // Nearly every run of a real text is genuine and stops after a few characters.
  const plainAllowed = body.length * 0.2;
  let plain = 0;
  for (let i = 0; i < body.length; i++) {
    const p = gbPair(body.charCodeAt(i));
    if (p < 0) return undefined;
    if (!(isUtf8HanByte(p >> 8) && isUtf8HanByte(p & 0xff)) && ++plain > plainAllowed) return undefined;
  }
  const bytes = new Uint8Array(body.length * 2);
  for (let i = 0; i < body.length; i++) {
    const p = gbPair(body.charCodeAt(i));
    bytes[2 * i] = p >> 8;
    bytes[2 * i + 1] = p & 0xff;
  }
  let decoded: string;
  try {
    decoded = UTF8_STRICT.decode(bytes);
  } catch {
    // A run cut in the middle of a UTF-8 sequence: accept only a damaged last character.
    decoded = UTF8_LOSSY.decode(bytes);
    const bad = decoded.indexOf("\ufffd");
    if (bad !== decoded.length - 1) return undefined;
    lostTail = false;
  }
  const after = commonShare(decoded);
  if (after < 0.5 || after <= commonShare(body)) return undefined;
  return lostTail ? decoded + "\ufffd" : decoded;
}

/**
 * Repairs mojibake such as `涓枃` → `中文`: runs of non-ASCII characters whose GB18030 bytes
 * look like UTF-8 are re-encoded with the inverted GB18030 table and decoded as UTF-8; a run is
 * replaced only when that is valid UTF-8 made of more common hanzi than before.
 */
export function repairMojibake(text: string): { text: string; count: number } {
  // Cheap gate: mojibake of hanzi always contains GB2312 level-2 characters (lead byte E4–E9).
  let gate = false;
  for (let i = 0; i < text.length && !gate; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    const lead = gbPair(c) >> 8;
    gate = lead >= 0xe4 && lead <= 0xe9;
  }
  if (!gate) return { text, count: 0 };
  let count = 0;
  // eslint-disable-next-line no-control-regex
  const out = text.replace(/[^\u0000-\u007f]{2,}/g, (run) => {
    const fixed = repairRun(run);
    if (fixed === undefined) return run;
    count++;
    return fixed;
  });
  return { text: out, count };
}

let converter: Promise<Convert> | undefined;

function loadConverter(): Promise<Convert> {
  converter ??= import("opencc-js/t2cn").then((m) => m.Converter({ from: "tw", to: "cn" }));
  return converter;
}

/** Share (0–1) of the first 20,000 hanzi that opencc tw→cn would change. */
export async function traditionalShare(text: string): Promise<number> {
  let han = 0;
  let outsideGb2312 = 0;
  let end = 0;
  for (; end < text.length && han < 20000; end++) {
    const c = text.charCodeAt(end);
    if (!isHan(c)) continue;
    han++;
    if (!isGb2312(c)) outsideGb2312++;
  }
  // Prefilter: most traditional characters are outside GB2312; skip loading opencc otherwise.
  // Counting characters only past it: nearly every document stops here.
  if (han === 0 || outsideGb2312 < han * 0.02) return 0;
  const counts = new Map<string, number>();
  for (let i = 0; i < end; i++) {
    if (!isHan(text.charCodeAt(i))) continue;
    const ch = text[i]!;
    counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  const convert = await loadConverter();
  let changed = 0;
  for (const [ch, n] of counts) if (convert(ch) !== ch) changed += n;
  return changed / han;
}

/** The normalised text, its diagnostics, and the same treatment for short strings (facts). */
export interface ScriptResult {
  text: string;
  diagnostics: IngestDiagnostic[];
  /** Applies pinyin removal and, when the text was converted, traditional → simplified. */
  apply(s: string): string;
}

/** Runs mojibake repair, pinyin removal and traditional → simplified conversion, in that order. */
export async function normalizeScript(text: string): Promise<ScriptResult> {
  const diagnostics: IngestDiagnostic[] = [];
  const moji = repairMojibake(text);
  if (moji.count > 0) {
    diagnostics.push({
      code: "repaired-mojibake",
      severity: "warning",
      message: `有 ${moji.count} 段乱码（UTF-8 被误作 GBK 解码）已还原。`,
      count: moji.count,
    });
  }
  const pinyin = removePinyinJunk(moji.text);
  if (pinyin.count > 0) {
    diagnostics.push({
      code: "removed-pinyin",
      severity: "info",
      message: `已删除 ${pinyin.count} 处紧跟汉字的带声调拼音注音，如“發(fā)展”。`,
      count: pinyin.count,
    });
  }
  let out = pinyin.text;
  let convert: Convert | undefined;
  const share = await traditionalShare(out);
  if (share > 0.05) {
    convert = await loadConverter();
    out = convert(out);
    diagnostics.push({
      code: "converted-traditional",
      severity: "info",
      message: `正文主要为繁体字（约 ${Math.round(share * 100)}% 的汉字），已转换为简体。`,
    });
  }
  const apply = (s: string): string => {
    const t = removePinyinJunk(s).text;
    return convert ? convert(t) : t;
  };
  return { text: out, diagnostics, apply };
}
