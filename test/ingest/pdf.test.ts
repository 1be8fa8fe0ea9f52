import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/index.js";
import { isPageNumber, itemsToLines, removeRunning, type PdfItem } from "../../src/ingest/pdf-layout.js";
import { loadPdfJs, pdfDocumentOptions } from "../../src/ingest/pdf.js";
import { makePdf, pageContent, STSONG, type PdfText } from "./helpers.js";

// STSong-Light has a default width of 1000/1000 em: at 12 pt every hanzi is 12 pt wide, so a line
// of 38 hanzi from x = 72 reaches the right margin at 528.
const P1 =
  "为深入贯彻落实党中央国务院关于加强数字政府建设的决策部署，全面提升政府履职能力和服务水平，推动经济社会高质量发展，结合本市实际，制定本实施意见。";
const P2 =
  "到二〇二五年，政务服务事项全面实现网上可办，一体化政务服务平台功能更加完善，数据共享和业务协同水平显著提高，基本建成数字政府。";

/** Lays out a paragraph: first line indented by two characters, then full lines from the margin. */
function paragraph(text: string, top: number): { lines: PdfText[]; next: number } {
  const lines: PdfText[] = [{ x: 96, y: top, size: 12, text: text.slice(0, 36) }];
  let y = top;
  for (let at = 36; at < text.length; at += 38) {
    y -= 18;
    lines.push({ x: 72, y, size: 12, text: text.slice(at, at + 38) });
  }
  return { lines, next: y - 18 };
}

function running(page: number): PdfText[] {
  return [
    { x: 230, y: 800, size: 10, text: "某某市人民政府文件" },
    { x: 280, y: 40, size: 10, text: `— ${page} —` },
  ];
}

describe("PDF", () => {
  it("pins pdf.js ≥ 4.2.67 with eval off, no system fonts and the bundled CMaps", async () => {
    const lib = await loadPdfJs();
    const [major, minor, patch] = lib.version.split(".").map(Number) as [number, number, number];
    expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(4_002_067);
    const options = pdfDocumentOptions();
    expect(options.isEvalSupported).toBe(false);
    expect(options.useSystemFonts).toBe(false);
    expect(options.cMapPacked).toBe(true);
    expect(options.cMapUrl).toMatch(/pdfjs-dist[/\\]cmaps[/\\]$/);
    expect(options.standardFontDataUrl).toMatch(/pdfjs-dist[/\\]standard_fonts[/\\]$/);
  });

  it("reads a two-page ASCII PDF without its running header and page numbers", async () => {
    const page = (n: number, body: string[]): string =>
      pageContent([
        { x: 200, y: 800, size: 10, text: "Municipal Government Notice" },
        ...body.map((text, i) => ({ x: 72, y: 700 - i * 18, size: 12, text })),
        { x: 290, y: 40, size: 10, text: `- ${n} -` },
      ]);
    const pdf = makePdf([
      page(1, ["1. General requirements", "Plan the work and report by 30 June."]),
      page(2, ["2. Tasks", "Page 2 of 2"]),
    ]);
    const input = Buffer.from(pdf); // a Buffer, as fs.readFile gives: must not be detached by pdf.js
    const result = await ingest(input, { filename: "notice.pdf" });
    expect(input.byteLength).toBe(pdf.byteLength);
    expect(result.format).toBe("pdf");
    expect(result.text).toBe("1. General requirements\nPlan the work and report by 30 June.\n2. Tasks");
    expect(result.facts.pageCount).toBe(2);
    expect(result.diagnostics.find((d) => d.code === "removed-running-headers")?.count).toBe(5);
  });

  it("decodes Chinese through the CMaps, rejoins wrapped lines (also across pages) and drops headers", async () => {
    const p1 = paragraph(P1, 682);
    const p2 = paragraph(P2, p1.next - 18);
    // The last line of P2 goes to page 2.
    const p2Lines = p2.lines.slice(0, -1);
    const carried = { ...p2.lines[p2.lines.length - 1]!, y: 760 };
    const page1 = [
      ...running(1),
      { x: 186, y: 760, size: 16, text: "关于推进数字政府建设的实施意见" },
      { x: 96, y: 700, size: 12, text: "一、总体要求" },
      ...p1.lines,
      { x: 96, y: p1.next, size: 12, text: "二、工作目标" },
      ...p2Lines,
    ];
    const page2 = [...running(2), carried, { x: 96, y: 742, size: 12, text: "三、保障措施" }];
    const pdf = makePdf([pageContent(page1, true), pageContent(page2, true)], STSONG);
    const result = await ingest(pdf);
    expect(result.text).toBe(
      ["关于推进数字政府建设的实施意见", "一、总体要求", P1, "二、工作目标", P2, "三、保障措施"].join("\n"),
    );
    expect(result.diagnostics.map((d) => d.code)).toEqual([
      "removed-running-headers",
      "joined-wrapped-lines",
    ]);
  });
});

describe("PDF layout", () => {
  const item = (str: string, x: number, y = 700, size = 12, width = str.length * size): PdfItem => ({
    str,
    x,
    y,
    width,
    size,
    hasEOL: false,
  });

  it("recognises page-number lines", () => {
    for (const t of [
      "— 2 —",
      "- 3 -",
      "第3页",
      "第 3 页 共 10 页",
      "共10页 第3页",
      "3/10",
      "Page 2 of 9",
      "12",
    ]) {
      expect(isPageNumber(t)).toBe(true);
    }
    for (const t of ["第三章 总则", "2025年", "1. 总体要求", "附件3"]) expect(isPageNumber(t)).toBe(false);
  });

  it("joins items of one baseline, adding a space only for real gaps", () => {
    const lines = itemsToLines([
      item("甲", 72),
      item("乙", 84),
      item("丙", 120),
      item("ab", 200, 700, 12, 10),
      item("cd", 214, 700, 12, 10),
      item("下一行", 72, 680),
    ]);
    expect(lines.map((l) => l.text)).toEqual(["甲乙 丙 ab cd", "下一行"]);
  });

  it("removes only lines repeated at the top or bottom of most pages", () => {
    const line = (text: string, y: number): ReturnType<typeof itemsToLines>[number] => ({
      text,
      x: 72,
      right: 300,
      y,
      size: 12,
    });
    const pages = [1, 2, 3].map((n) => [
      line("某某市发展和改革委员会", 800),
      line(["一、总则", "二、任务", "三、保障"][n - 1]!, 700),
      line("重复的正文句子", 680),
      line("内部资料 注意保存", 60),
      line(`第${n}页 共3页`, 40),
    ]);
    const { pages: out, removed } = removeRunning(pages);
    expect(removed).toBe(9);
    expect(out.map((p) => p.map((l) => l.text))).toEqual(
      ["一、总则", "二、任务", "三、保障"].map((h) => [h, "重复的正文句子"]),
    );
  });
});
