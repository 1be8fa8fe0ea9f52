/**
 * PDF → text with pdfjs-dist 5.4 (legacy build for Node 20): eval disabled (CVE-2024-4367), no
 * system fonts, bundled CMaps and standard fonts so CJK text decodes. Lines are rebuilt from item
 * positions (pdf-layout.ts); a PDF without a text layer is refused with `INGEST_PDF_NO_TEXT`.
 */
import { createRequire } from "node:module";
import { dirname, join, sep } from "node:path";
import type * as PdfJsModule from "pdfjs-dist/legacy/build/pdf.mjs";
import type { Deadline } from "./deadline.js";
import { IngestError } from "./errors.js";
import { itemsToLines, pagesToText, removeRunning, type PdfItem, type PdfLine } from "./pdf-layout.js";
import type { IngestDiagnostic, IngestFacts } from "./types.js";

/** The text, facts and diagnostics read from one PDF. */
export interface PdfText {
  text: string;
  facts: IngestFacts;
  diagnostics: IngestDiagnostic[];
}

/** Most pages read from one PDF (security.md §3). */
export const MAX_PDF_PAGES = 2000;

type PdfJs = typeof PdfJsModule;

let pdfjs: Promise<PdfJs> | undefined;
let assetRoot: string | undefined;

function pdfjsRoot(): string {
  assetRoot ??= dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
  return assetRoot;
}

/** The options passed to `getDocument` besides the data: exported so tests can pin them. */
export function pdfDocumentOptions(): {
  isEvalSupported: false;
  useSystemFonts: false;
  disableFontFace: true;
  cMapUrl: string;
  cMapPacked: true;
  standardFontDataUrl: string;
  verbosity: number;
  enableXfa: false;
  isOffscreenCanvasSupported: false;
} {
  const root = pdfjsRoot();
  return {
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    cMapUrl: join(root, "cmaps") + sep,
    cMapPacked: true,
    standardFontDataUrl: join(root, "standard_fonts") + sep,
    verbosity: 0,
    enableXfa: false,
    isOffscreenCanvasSupported: false,
  };
}

/** Loads the pdf.js legacy build once. */
export function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import("pdfjs-dist/legacy/build/pdf.mjs");
  return pdfjs;
}

/** True when the bytes carry the `%PDF-` signature in their first KiB (where readers look for it). */
export function isPdf(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length - 4, 1024);
  for (let i = 0; i < end; i++) {
    if (
      bytes[i] === 0x25 &&
      bytes[i + 1] === 0x50 &&
      bytes[i + 2] === 0x44 &&
      bytes[i + 3] === 0x46 &&
      bytes[i + 4] === 0x2d
    ) {
      return true;
    }
  }
  return false;
}

function mapError(e: unknown): IngestError {
  if (e instanceof IngestError) return e;
  const name = (e as { name?: string } | null)?.name ?? "";
  const message = (e as { message?: string } | null)?.message ?? String(e);
  if (name === "PasswordException") return new IngestError("INGEST_ENCRYPTED", message, { cause: e });
  return new IngestError("INGEST_CORRUPT_PDF", `${name}: ${message}`, { cause: e });
}

function cleanTitle(title: unknown): string | undefined {
  if (typeof title !== "string") return undefined;
  const t = title
    .replace(/^Microsoft Word\s*-\s*/i, "")
    .replace(/\.(docx?|wps|pdf)$/i, "")
    .trim();
  return /[\u4e00-\u9fff]/.test(t) ? t : undefined;
}

type PdfDocument = Awaited<ReturnType<PdfJs["getDocument"]>["promise"]>;

async function extract(doc: PdfDocument, deadline: Deadline): Promise<PdfText> {
  const diagnostics: IngestDiagnostic[] = [];
  const facts: IngestFacts = { pageCount: doc.numPages };
  if (doc.numPages === 0) throw new IngestError("INGEST_CORRUPT_PDF", "no pages");
  if (doc.numPages > MAX_PDF_PAGES) {
    throw new IngestError("INGEST_PDF_TOO_MANY_PAGES", `${doc.numPages} pages > ${MAX_PDF_PAGES}`);
  }
  try {
    const meta = await doc.getMetadata();
    const title = cleanTitle((meta.info as Record<string, unknown> | undefined)?.["Title"]);
    if (title) facts.title = title;
  } catch {
    // Metadata is optional.
  }
  const pages: PdfLine[][] = [];
  const empty: number[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    deadline.check();
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    const items: PdfItem[] = [];
    for (const it of content.items) {
      if (!("str" in it)) continue;
      const t = it.transform as number[];
      items.push({
        str: it.str,
        x: t[4] ?? 0,
        y: t[5] ?? 0,
        width: it.width,
        size: Math.hypot(t[2] ?? 0, t[3] ?? 0) || it.height || 10,
        hasEOL: it.hasEOL,
      });
    }
    page.cleanup();
    const lines = itemsToLines(items);
    if (lines.length === 0) empty.push(n);
    pages.push(lines);
  }
  if (empty.length === doc.numPages)
    throw new IngestError("INGEST_PDF_NO_TEXT", `${doc.numPages} pages, no text`);
  if (empty.length > 0) {
    diagnostics.push({
      code: "pdf-pages-without-text",
      severity: "warning",
      message: `第 ${empty.join("、")} 页没有文字层（可能是扫描页），其内容未读取。`,
      count: empty.length,
    });
  }
  const running = removeRunning(pages);
  if (running.removed > 0) {
    diagnostics.push({
      code: "removed-running-headers",
      severity: "info",
      message: `已删除页眉、页脚和页码 ${running.removed} 行。`,
      count: running.removed,
    });
  }
  const { text, joined } = pagesToText(running.pages);
  if (joined > 0) {
    diagnostics.push({
      code: "joined-wrapped-lines",
      severity: "info",
      message: `已将 ${joined} 处因排版换行而断开的段落重新接合。`,
      count: joined,
    });
  }
  return { text, facts, diagnostics };
}

/** Reads the text layer of a PDF within the deadline. */
export async function pdfToText(bytes: Uint8Array, deadline: Deadline): Promise<PdfText> {
  const lib = await loadPdfJs();
  // pdf.js may transfer (detach) the buffer it is given: pass a copy (Buffer#slice would be a view).
  const task = lib.getDocument({ data: new Uint8Array(bytes), ...pdfDocumentOptions() });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new IngestError("INGEST_TIMEOUT", `PDF not read within ${deadline.timeoutMs} ms`)),
      Math.min(0x7fffffff, Math.max(1, deadline.remaining())),
    );
  });
  try {
    const doc = await Promise.race([task.promise, timeout]);
    return await Promise.race([extract(doc, deadline), timeout]);
  } catch (e) {
    throw mapError(e);
  } finally {
    clearTimeout(timer);
    await task.destroy().catch(() => undefined);
  }
}
