import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { ingest, IngestError, type IngestErrorCode } from "../../src/ingest/index.js";
import { documentXml, lieAboutSize, makeDocx, makePdf, p } from "./helpers.js";

/** Awaits the ingest of `bytes` and returns the IngestError it must reject with. */
async function refusal(bytes: Uint8Array, options: Parameters<typeof ingest>[1] = {}): Promise<IngestError> {
  try {
    await ingest(bytes, options);
  } catch (e) {
    expect(e).toBeInstanceOf(IngestError);
    return e as IngestError;
  }
  throw new Error("ingest accepted a hostile input");
}

async function expectCode(bytes: Uint8Array, code: IngestErrorCode, options = {}): Promise<IngestError> {
  const e = await refusal(bytes, options);
  expect(e.code).toBe(code);
  expect(e.messageZh).toMatch(/[\u4e00-\u9fff]/);
  expect(e.messageEn.length).toBeGreaterThan(10);
  return e;
}

/** mulberry32: deterministic noise. */
function noise(length: number, seed: number, map: (b: number) => number = (b) => b): Uint8Array {
  let a = seed;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out[i] = map(((t ^ (t >>> 14)) >>> 0) & 0xff);
  }
  return out;
}

const LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>`;

const XXE = `<?xml version="1.0"?>
<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>`;

describe("hostile input", () => {
  it("stops a zip bomb (64 MiB of zeros in ~64 KB) at the central directory, fast and without inflating", async () => {
    const bomb = zipSync({ "word/document.xml": new Uint8Array(64 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(200_000);
    const rss = process.memoryUsage().rss;
    const t0 = performance.now();
    const e = await expectCode(bomb, "INGEST_ZIP_LIMIT", { filename: "bomb.docx" });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(50 * 1024 * 1024);
    expect(e.detail).toMatch(/ratio/);
  });

  it("stops an archive that declares 1 KB for 64 MiB while inflating", async () => {
    const xml = documentXml(p("x".repeat(1000)).repeat(64 * 1024));
    const honest = makeDocx({ "word/document.xml": xml });
    const liar = lieAboutSize(honest, "word/document.xml", 1024);
    const rss = process.memoryUsage().rss;
    const t0 = performance.now();
    const e = await expectCode(liar, "INGEST_ZIP_LIMIT");
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(50 * 1024 * 1024);
    expect(e.detail).toMatch(/beyond its declared/);
  });

  it("refuses billion laughs without expanding it", async () => {
    const t0 = performance.now();
    await expectCode(makeDocx({ "word/document.xml": LAUGHS }), "INGEST_XML_DTD");
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it("refuses an XXE entity and never reads the file", async () => {
    const e = await expectCode(makeDocx({ "word/document.xml": XXE }), "INGEST_XML_DTD");
    expect(`${e.message} ${e.detail}`).not.toContain("root:");
  });

  it("refuses a DOCTYPE in docProps/core.xml too", async () => {
    const bytes = makeDocx({ "word/document.xml": documentXml(p("正文")), "docProps/core.xml": XXE });
    await expectCode(bytes, "INGEST_XML_DTD");
  });

  it("reports a truncated archive as a damaged DOCX", async () => {
    const whole = makeDocx({ "word/document.xml": documentXml(p("正文".repeat(2000))) });
    await expectCode(whole.slice(0, Math.floor(whole.length / 2)), "INGEST_CORRUPT_DOCX", {
      filename: "a.docx",
    });
    await expectCode(whole.slice(0, Math.floor(whole.length / 2)), "INGEST_CORRUPT_DOCX");
  });

  it("refuses entries with `..` or absolute names", async () => {
    const bytes = zipSync({ "../evil.xml": strToU8("x"), "word/document.xml": strToU8(documentXml(p("a"))) });
    await expectCode(bytes, "INGEST_ZIP_UNSAFE");
    const abs = zipSync({ "/etc/cron.d/x": strToU8("x"), "word/document.xml": strToU8(documentXml(p("a"))) });
    await expectCode(abs, "INGEST_ZIP_UNSAFE");
  });

  it("refuses more than 2,000 entries and encrypted entries", async () => {
    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i < 2001; i++) many[`f${i}.xml`] = strToU8("x");
    await expectCode(zipSync(many), "INGEST_ZIP_LIMIT");
    const enc = makeDocx({ "word/document.xml": documentXml(p("a")) });
    const view = new DataView(enc.buffer);
    for (let i = 0; i + 4 < enc.length; i++) {
      if (view.getUint32(i, true) === 0x02014b50)
        view.setUint16(i + 8, view.getUint16(i + 8, true) | 1, true);
    }
    await expectCode(enc, "INGEST_ENCRYPTED");
  });

  it("refuses a file named .pdf that is not a PDF", async () => {
    await expectCode(strToU8("这不是PDF文件，只是文本。"), "INGEST_NOT_PDF", { filename: "通知.pdf" });
    await expectCode(makeDocx({ "word/document.xml": documentXml(p("a")) }), "INGEST_NOT_PDF", {
      mediaType: "application/pdf",
    });
  });

  it("refuses a damaged PDF and a PDF without a text layer", async () => {
    await expectCode(strToU8("%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage\n%%EOF"), "INGEST_CORRUPT_PDF");
    const scan = makePdf(["0 0 1 rg 100 100 200 200 re f"]);
    const e = await expectCode(scan, "INGEST_PDF_NO_TEXT");
    expect(e.messageZh).toContain("扫描件");
  });

  it("refuses 60 MB before decoding anything", async () => {
    const big = new Uint8Array(60 * 1024 * 1024).fill(0xff);
    const t0 = performance.now();
    await expectCode(big, "INGEST_TOO_LARGE");
    expect(performance.now() - t0).toBeLessThan(100);
    await expectCode(strToU8("正文".repeat(100)), "INGEST_TOO_LARGE", { maxBytes: 100 });
  });

  it("refuses empty input, and input that holds no text", async () => {
    await expectCode(new Uint8Array(0), "INGEST_EMPTY");
    await expectCode(strToU8(" \n\t\r\n "), "INGEST_EMPTY");
    await expectCode(strToU8("<html><body><script>var a = 1;</script></body></html>"), "INGEST_EMPTY");
  });

  it("refuses binary noise", async () => {
    await expectCode(noise(65536, 7), "INGEST_UNKNOWN_FORMAT");
    // High bytes only: no control characters, but no decoder makes text of it.
    await expectCode(
      noise(65536, 11, (b) => 0x80 | b),
      "INGEST_ENCODING_UNKNOWN",
    );
  });

  it("refuses legacy and other binary formats with a clear reason", async () => {
    const ole = new Uint8Array(1024);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    await expectCode(ole, "INGEST_UNSUPPORTED_FORMAT", { filename: "旧文件.doc" });
    const encrypted = new Uint8Array(2048);
    encrypted.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    encrypted.set(Buffer.from("EncryptedPackage", "utf16le"), 1024);
    await expectCode(encrypted, "INGEST_ENCRYPTED", { filename: "加密.docx" });
    await expectCode(strToU8("{\\rtf1\\ansi hello}"), "INGEST_UNSUPPORTED_FORMAT");
    await expectCode(
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]),
      "INGEST_UNSUPPORTED_FORMAT",
    );
    const xlsx = zipSync({ "xl/workbook.xml": strToU8("<workbook/>") });
    await expectCode(xlsx, "INGEST_UNSUPPORTED_FORMAT");
    await expectCode(xlsx, "INGEST_CORRUPT_DOCX", { filename: "表.docx" });
    await expectCode(xlsx, "INGEST_FORMAT_MISMATCH", { filename: "page.html" });
  });

  it("stops DOCX and PDF work at the time limit", async () => {
    const paragraphs = Array.from({ length: 20000 }, (_, i) =>
      p(`第${i}段：${(i * 7919).toString(36)}`),
    ).join("");
    const docx = makeDocx({ "word/document.xml": documentXml(paragraphs) });
    await expectCode(docx, "INGEST_TIMEOUT", { timeoutMs: 0 });
    const pdf = makePdf(["BT /F1 12 Tf 72 700 Td (Hello) Tj ET"]);
    await expectCode(pdf, "INGEST_TIMEOUT", { timeoutMs: 1 });
  });

  it("survives 100,000 nested <div> with a diagnostic", async () => {
    const html = `<html><body>${"<div>".repeat(100_000)}深层正文${"</div>".repeat(100_000)}</body></html>`;
    const result = await ingest(strToU8(html));
    expect(result.text).toBe("深层正文");
    expect(result.diagnostics.map((d) => d.code)).toContain("html-too-deep");
  });

  it("clamps a colspan bomb", async () => {
    const html = `<html><body><table><tr><td colspan="99999999">甲</td><td>乙</td></tr><tr><td>丙</td><td>丁</td></tr></table></body></html>`;
    const result = await ingest(strToU8(html));
    const rows = result.text.split("\n");
    expect(rows[0]!.split("\t")).toHaveLength(102); // leading TAB + 100 spanned columns + 乙
    expect(rows[1]).toBe("\t丙\t丁");
  });
});
