import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { runDemo } from "../src/cli/commands/demo.js";
import { runParse } from "../src/cli/commands/parse.js";
import { ExitError } from "../src/cli/exit-error.js";

const root = join(import.meta.dirname, "..");
const corpusFile = (name: string) => join(root, "examples", "corpus", name);
const schema = JSON.parse(readFileSync(join(root, "docs", "policy-document.schema.json"), "utf8")) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

/** Collects what a command writes. */
function sink(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

describe("luoshi parse --json", () => {
  for (const name of [
    "000_7da39ae6e9dbf923.txt",
    "001_074c1061270704e5.txt",
    "002_4c99bfed024a4884.txt",
    "003_d21099bad13a34b4.txt",
    "004_407cc867e4b30cc8.txt",
  ]) {
    it(`${name} validates against docs/policy-document.schema.json`, async () => {
      const out = sink();
      expect(await runParse([corpusFile(name), "--json"], out.stream)).toBe(0);
      const json = JSON.parse(out.text()) as {
        source: { text: string };
        tasks: { text: string; span: { start: number; end: number } }[];
      };
      const valid = validate(json);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
      expect(json.source.text).toBe(readFileSync(corpusFile(name), "utf8"));
      for (const task of json.tasks)
        expect(json.source.text.slice(task.span.start, task.span.end)).toBe(task.text);
    });
  }
});

describe("luoshi parse (human view)", () => {
  it("prints header, tasks with their units and diagnostics as file:line:col: message [code]", async () => {
    const out = sink();
    const file = corpusFile("001_074c1061270704e5.txt");
    await runParse([file], out.stream);
    const text = out.text();
    expect(text).toContain("文号   万州府办发〔2017〕83号");
    expect(text).toContain("（一）全面打赢脱贫攻坚战");
    expect(text).toContain(
      "牵头：区扶贫办（按排序推定）  配合：区发展改革委、区财政局、区农委、区委统战部、相关扶贫帮扶集团",
    );
    // [bookmark: _GoBack] stands at line 65, column 1 of the file.
    expect(text).toContain(`${file}:65:1: 已忽略 Word 书签残留标记 [word-artifact]`);
  });

  it("fails with a one-line reason for a missing file and for bad usage", async () => {
    const out = sink();
    await expect(runParse([join(root, "no-such-file.txt")], out.stream)).rejects.toMatchObject({ code: 66 });
    await expect(runParse([], out.stream)).rejects.toBeInstanceOf(ExitError);
    await expect(runParse(["a.txt", "--yaml"], out.stream)).rejects.toMatchObject({ code: 2 });
  });

  it("reads a UTF-8 file that starts with a byte-order mark", async () => {
    const dir = mkdtempSync(join(tmpdir(), "luoshi-cli-"));
    const utf8 = "一、重点任务\n（一）加强领导。统筹推进各项工作。（责任单位：区发展改革委、区财政局）\n";
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(utf8, "utf8")]);
    writeFileSync(join(dir, "bom.txt"), bytes);
    const out = sink();
    await runParse([join(dir, "bom.txt"), "--json"], out.stream);
    const json = JSON.parse(out.text()) as { tasks: { assignments: { unit: string }[] }[] };
    expect(json.tasks[0]?.assignments.map((a) => a.unit)).toEqual(["区发展改革委", "区财政局"]);
  });
});

describe("luoshi demo", () => {
  it("summarises every corpus document", async () => {
    const out = sink();
    expect(await runDemo(["--summary"], out.stream)).toBe(0);
    const text = out.text();
    expect(text.match(/^■ /gm)).toHaveLength(5);
    expect(text).toContain("任务 29 项");
  });
});
