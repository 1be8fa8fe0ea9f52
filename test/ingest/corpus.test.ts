import { readdirSync, readFileSync } from "node:fs";
import * as OpenCC from "opencc-js";
import { describe, expect, it } from "vitest";
import { encodeGb18030 } from "../../src/ingest/gbtable.js";
import { ingest } from "../../src/ingest/index.js";

const CORPUS = new URL("../../examples/corpus/", import.meta.url);
const files = readdirSync(CORPUS).filter((f) => f.endsWith(".txt"));

describe("the corpus through ingest", () => {
  it("has documents to read", () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it("returns each UTF-8 document unchanged, without diagnostics", async () => {
    for (const f of files) {
      const bytes = readFileSync(new URL(f, CORPUS));
      const result = await ingest(bytes, { filename: f });
      expect(result.text).toBe(bytes.toString("utf8").replace(/\r\n?/g, "\n"));
      expect(result.diagnostics).toEqual([]);
    }
  });

  it("reads the same documents re-encoded as GB18030 back to the same text", async () => {
    let tried = 0;
    for (const f of files) {
      const text = readFileSync(new URL(f, CORPUS), "utf8");
      const gb = encodeGb18030(text);
      if (!gb) continue; // a U+FFFD or a four-byte character: covered by the iconv fixture instead
      tried++;
      const result = await ingest(gb, { filename: f });
      expect(result.encoding?.name).toBe("gb18030");
      expect(result.text).toBe(text);
    }
    expect(tried).toBeGreaterThanOrEqual(3);
  });

  it("converts the same documents written in traditional script back to simplified", async () => {
    const toTraditional = OpenCC.Converter({ from: "cn", to: "tw" });
    for (const f of files) {
      const text = readFileSync(new URL(f, CORPUS), "utf8");
      const result = await ingest(new TextEncoder().encode(toTraditional(text)));
      expect(result.text).toBe(text);
      expect(result.diagnostics.map((d) => d.code)).toEqual(["converted-traditional"]);
    }
  });
});
