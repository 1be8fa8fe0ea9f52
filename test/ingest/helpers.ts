/**
 * Fixture builders for ingest tests: DOCX packages written with fflate, minimal PDFs written by
 * hand (a standard Type1 font for ASCII, the Adobe-GB1 STSong-Light CID font for Chinese), and
 * ZIP surgery to make archives lie about their sizes.
 */
import { strToU8, zipSync, type Zippable } from "fflate";

export const W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>`;

const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`;

/** Wraps body XML in a w:document with the usual namespaces. */
export function documentXml(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="${W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><w:body>${body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`;
}

/** A paragraph; `num` adds w:numPr, `style` a w:pStyle. Runs: plain strings become w:r/w:t. */
export function p(text: string, opts: { num?: [numId: number, ilvl: number]; style?: string } = {}): string {
  const ppr =
    opts.num || opts.style
      ? `<w:pPr>${opts.style ? `<w:pStyle w:val="${opts.style}"/>` : ""}${
          opts.num
            ? `<w:numPr><w:ilvl w:val="${opts.num[1]}"/><w:numId w:val="${opts.num[0]}"/></w:numPr>`
            : ""
        }</w:pPr>`
      : "";
  return `<w:p>${ppr}${text ? `<w:r><w:t xml:space="preserve">${text}</w:t></w:r>` : ""}</w:p>`;
}

/** A table cell with optional w:gridSpan / w:vMerge. */
export function tc(content: string, opts: { span?: number; vMerge?: "restart" | "continue" } = {}): string {
  const props =
    (opts.span ? `<w:gridSpan w:val="${opts.span}"/>` : "") +
    (opts.vMerge === "restart"
      ? `<w:vMerge w:val="restart"/>`
      : opts.vMerge === "continue"
        ? `<w:vMerge/>`
        : "");
  const body = content.startsWith("<w:") ? content : p(content);
  return `<w:tc><w:tcPr><w:tcW w:w="1000" w:type="dxa"/>${props}</w:tcPr>${body}</w:tc>`;
}

/** A table from rows of cell XML. */
export function tbl(rows: string[][]): string {
  return `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid/>${rows
    .map((r) => `<w:tr>${r.join("")}</w:tr>`)
    .join("")}</w:tbl>`;
}

/** Builds a DOCX package from its parts; [Content_Types].xml and _rels/.rels are added unless given. */
export function makeDocx(parts: Record<string, string | Uint8Array>): Uint8Array {
  const files: Zippable = {
    "[Content_Types].xml": strToU8(CONTENT_TYPES),
    "_rels/.rels": strToU8(ROOT_RELS),
  };
  for (const [name, value] of Object.entries(parts)) {
    files[name] = typeof value === "string" ? strToU8(value) : value;
  }
  return zipSync(files, { level: 6 });
}

/**
 * Rewrites the uncompressed size of every entry named `name` (local and central headers), so the
 * archive lies about how big the entry is.
 */
export function lieAboutSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const nameBytes = strToU8(name);
  const matches = (at: number, len: number): boolean =>
    len === nameBytes.length && nameBytes.every((b, i) => out[at + i] === b);
  for (let i = 0; i + 46 < out.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50 && matches(i + 30, view.getUint16(i + 26, true)))
      view.setUint32(i + 22, size, true);
    if (sig === 0x02014b50 && matches(i + 46, view.getUint16(i + 28, true)))
      view.setUint32(i + 24, size, true);
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// PDF

/** A text line to draw: position in points (origin bottom-left), size, and the text. */
export interface PdfText {
  x: number;
  y: number;
  size: number;
  text: string;
}

export const HELVETICA = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";

/** A non-embedded Chinese font: Adobe-GB1 with the UCS-2 CMap (needs pdf.js cMapUrl to decode). */
export const STSONG =
  "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >> /DW 1000 >>] >>";

function pdfString(text: string, cjk: boolean): string {
  if (cjk) {
    return `<${[...text].map((c) => c.charCodeAt(0).toString(16).padStart(4, "0")).join("")}>`;
  }
  return `(${text.replace(/[\\()]/g, (m) => `\\${m}`)})`;
}

/** A content stream drawing each line with font /F1. */
export function pageContent(lines: PdfText[], cjk = false): string {
  return lines.map((l) => `BT /F1 ${l.size} Tf ${l.x} ${l.y} Td ${pdfString(l.text, cjk)} Tj ET`).join("\n");
}

/** Writes a complete PDF (with a correct xref table) whose pages use one font as /F1. */
export function makePdf(contents: string[], font: string = HELVETICA): Uint8Array {
  const objs: string[] = [];
  objs[1] = "<< /Type /Catalog /Pages 2 0 R >>";
  objs[2] = `<< /Type /Pages /Kids [${contents.map((_, i) => `${4 + 2 * i} 0 R`).join(" ")}] /Count ${
    contents.length
  } >>`;
  objs[3] = font;
  contents.forEach((c, i) => {
    objs[4 + 2 * i] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${
        5 + 2 * i
      } 0 R >>`;
    objs[5 + 2 * i] = `<< /Length ${Buffer.byteLength(c, "latin1")} >>\nstream\n${c}\nendstream`;
  });
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  for (let k = 1; k < objs.length; k++) {
    offsets[k] = Buffer.byteLength(out, "latin1");
    out += `${k} 0 obj\n${objs[k]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objs.length}\n0000000000 65535 f \n`;
  for (let k = 1; k < objs.length; k++) out += `${String(offsets[k]).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, "latin1"));
}
