/**
 * Ingest throughput: generates a few MB of each format in memory (UTF-8 text, a GB18030 HTML page,
 * a DOCX, a Chinese PDF), runs `ingest()` several times and prints MB/s per format next to a floor
 * (TextDecoder over the same bytes), with the ratio between the two.
 *
 * Run: npm run bench:ingest   (builds, then node dist/bench/ingest.js)
 */
import { strToU8, zipSync } from "fflate";
import { encodeGb18030 } from "../src/ingest/gbtable.js";
import { ingest } from "../src/ingest/index.js";

const RUNS = 5;
const MB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Deterministic policy-like prose

let seed = 20240315;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const VERBS = ["加快推进", "全面落实", "深入实施", "持续优化", "着力提升", "统筹推进", "加强", "完善"];
const OBJECTS = [
  "政务服务一体化平台建设",
  "营商环境综合改革",
  "重点项目用地保障",
  "城乡基础设施补短板",
  "数据共享和业务协同",
  "生态环境保护督察整改",
  "乡村振兴重点帮扶",
  "安全生产专项整治",
];
const UNITS = ["区发展改革委", "区财政局", "区大数据局", "区市场监管局", "区规划自然资源局", "各街道、镇"];
const DEADLINES = ["2024年12月底前", "2025年6月底前", "持续推进", "每季度末"];

function sentence(): string {
  return `${pick(VERBS)}${pick(OBJECTS)}，${pick(VERBS)}${pick(OBJECTS)}，确保${pick(["按期", "高质量", "全面"])}完成年度目标任务。（责任单位：${pick(UNITS)}）`;
}

function paragraphs(count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    i % 12 === 0 ? `${"一二三四五六七八九十"[(i / 12) % 10]}、${pick(OBJECTS)}` : sentence() + sentence(),
  );
}

// ---------------------------------------------------------------------------------------------
// Inputs

function textInput(bytes: number): Uint8Array {
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    const p = paragraphs(100).join("\n") + "\n";
    parts.push(p);
    size += Buffer.byteLength(p);
  }
  return strToU8(parts.join(""));
}

function htmlInput(bytes: number): Uint8Array {
  const body: string[] = [];
  let size = 0;
  while (size < bytes) {
    const rows = Array.from(
      { length: 10 },
      (_, i) =>
        `<tr><td>${i + 1}</td><td>${sentence()}</td><td>${pick(UNITS)}</td><td>${pick(DEADLINES)}</td></tr>`,
    ).join("");
    const chunk = `${paragraphs(40)
      .map((p) => `<p>&nbsp;&nbsp;${p}</p>`)
      .join(
        "\n",
      )}\n<table border="1"><tr><td>序号</td><td>重点任务</td><td>牵头单位</td><td>完成时限</td></tr>${rows}</table>\n`;
    body.push(chunk);
    size += chunk.length * 2;
  }
  const html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>关于印发重点任务分工方案的通知_某某区人民政府</title><script>var a = 1;</script></head><body>
<div class="nav"><a href="/">首页</a></div>
<table class="xxgk"><tr><td>索引号：</td><td>000014348/2024-00001</td><td>发布机构：</td><td>某某区人民政府办公室</td></tr></table>
<div class="TRS_Editor">${body.join("")}</div><div class="footer">版权所有</div></body></html>`;
  const encoded = encodeGb18030(html);
  if (!encoded) throw new Error("benchmark page has a character outside two-byte GB18030");
  return encoded;
}

/** Size of the generated word/document.xml (the DOCX input is its compressed package). */
let docxXmlBytes = 0;

function docxInput(targetXmlBytes: number): Uint8Array {
  const W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
  // Word writes revision ids and run properties on every paragraph and run; they are what makes a
  // real document.xml compress about 5–10× rather than 30×.
  const rsid = (): string =>
    Math.floor(random() * 0xffffffff)
      .toString(16)
      .toUpperCase()
      .padStart(8, "0");
  const para = (t: string): string =>
    `<w:p w:rsidR="${rsid()}" w:rsidRDefault="${rsid()}" w:rsidP="${rsid()}"><w:pPr><w:spacing w:line="560" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/></w:pPr><w:r w:rsidRPr="${rsid()}"><w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:hint="eastAsia"/><w:sz w:val="32"/></w:rPr><w:t>${t}</w:t></w:r></w:p>`;
  const cell = (t: string): string =>
    `<w:tc><w:tcPr><w:tcW w:w="1000" w:type="dxa"/></w:tcPr>${para(t)}</w:tc>`;
  const chunks: string[] = [];
  let size = 0;
  while (size < targetXmlBytes) {
    const table = `<w:tbl>${Array.from(
      { length: 8 },
      (_, i) =>
        `<w:tr>${cell(String(i + 1))}${cell(sentence())}${cell(pick(UNITS))}${cell(pick(DEADLINES))}</w:tr>`,
    ).join("")}</w:tbl>`;
    const chunk = paragraphs(40).map(para).join("") + table;
    chunks.push(chunk);
    size += Buffer.byteLength(chunk);
  }
  const doc = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body>${chunks.join("")}</w:body></w:document>`;
  docxXmlBytes = Buffer.byteLength(doc);
  return zipSync(
    {
      "[Content_Types].xml": strToU8(
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
      ),
      "word/document.xml": strToU8(doc),
    },
    { level: 6 },
  );
}

function pdfInput(pages: number): Uint8Array {
  const font =
    "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >> /DW 1000 >>] >>";
  const hex = (s: string): string =>
    [...s].map((c) => c.charCodeAt(0).toString(16).padStart(4, "0")).join("");
  const contents: string[] = [];
  for (let n = 1; n <= pages; n++) {
    const text = paragraphs(16).join("");
    const ops = [`BT /F1 10 Tf 230 800 Td <${hex("某某区人民政府文件")}> Tj ET`];
    for (let i = 0; i < 38; i++) {
      ops.push(`BT /F1 12 Tf 72 ${760 - i * 18} Td <${hex(text.slice(i * 38, i * 38 + 38))}> Tj ET`);
    }
    ops.push(`BT /F1 10 Tf 280 40 Td <${hex(`— ${n} —`)}> Tj ET`);
    contents.push(ops.join("\n"));
  }
  const objs: string[] = [];
  objs[1] = "<< /Type /Catalog /Pages 2 0 R >>";
  objs[2] = `<< /Type /Pages /Kids [${contents.map((_, i) => `${4 + 2 * i} 0 R`).join(" ")}] /Count ${pages} >>`;
  objs[3] = font;
  contents.forEach((c, i) => {
    objs[4 + 2 * i] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + 2 * i} 0 R >>`;
    objs[5 + 2 * i] = `<< /Length ${c.length} >>\nstream\n${c}\nendstream`;
  });
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  for (let k = 1; k < objs.length; k++) {
    offsets[k] = out.length;
    out += `${k} 0 obj\n${objs[k]}\nendobj\n`;
  }
  const xref = out.length;
  out += `xref\n0 ${objs.length}\n0000000000 65535 f \n`;
  for (let k = 1; k < objs.length; k++) out += `${String(offsets[k]).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, "latin1"));
}

// ---------------------------------------------------------------------------------------------
// Measurement

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function time(fn: () => unknown): Promise<number> {
  await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

interface Row {
  format: string;
  mb: number;
  textChars: number;
  ms: number;
  floorMs: number;
}

async function measure(format: string, bytes: Uint8Array, floorLabel: string): Promise<Row> {
  const result = await ingest(bytes, { timeoutMs: 600_000 });
  if (result.format !== format) throw new Error(`expected ${format}, got ${result.format}`);
  const ms = await time(() => ingest(bytes, { timeoutMs: 600_000 }));
  const floorMs = await time(() => new TextDecoder(floorLabel).decode(bytes));
  return { format, mb: bytes.length / MB, textChars: result.text.length, ms, floorMs };
}

async function main(): Promise<void> {
  console.log(`ingest benchmark — Node ${process.version}, median of ${RUNS} runs after one warm-up\n`);
  const rows = [
    await measure("text", textInput(4 * MB), "utf-8"),
    await measure("html", htmlInput(4 * MB), "gb18030"),
    await measure("docx", docxInput(16 * MB), "utf-8"),
    await measure("pdf", pdfInput(300), "utf-8"),
  ];
  const header = ["format", "input MB", "text chars", "ms", "MB/s", "floor MB/s", "× floor"];
  const lines = rows.map((r) => [
    r.format,
    r.mb.toFixed(2),
    String(r.textChars),
    r.ms.toFixed(1),
    (r.mb / (r.ms / 1000)).toFixed(1),
    (r.mb / (r.floorMs / 1000)).toFixed(1),
    (r.ms / r.floorMs).toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i]!)).join("  ");
  console.log(fmt(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const l of lines) console.log(fmt(l));
  console.log("\nfloor: TextDecoder over the same bytes (gb18030 for the HTML page, utf-8 otherwise).");
  console.log("× floor: how many times longer ingest takes than the floor.");
  const docx = rows.find((r) => r.format === "docx")!;
  console.log(
    `docx: the package holds ${(docxXmlBytes / MB).toFixed(1)} MB of word/document.xml, read at ${(
      docxXmlBytes /
      MB /
      (docx.ms / 1000)
    ).toFixed(1)} MB/s of XML.`,
  );
}

await main();
