import type { Diagnostic, Span } from "./types.js";

/** One physical line of the input with its content bounds. */
export interface Line {
  /** 0-based line number. */
  index: number;
  /** Offset of the first character of the line. */
  start: number;
  /** Offset just past the last character (before the line break). */
  end: number;
  /** Content bounds: whitespace and Word artifacts at either end excluded. Empty when contentStart === contentEnd. */
  contentStart: number;
  contentEnd: number;
  /** The line started with a TAB: a cell of a flattened or tab-separated table. */
  tabIndented: boolean;
  /** The content holds a TAB between cells: one row of a real table. */
  tabbedRow: boolean;
  /** A Word table-of-contents bookmark (`[bookmark: _Toc…]`) stood before the content: a heading. */
  tocBookmark: boolean;
}

const WORD_ARTIFACT = /\[bookmark:[^\]\n]{0,200}\]/y;

/** True for the whitespace that pads Chinese documents: ASCII, NBSP, en/em spaces, ideographic space, BOM. */
export function isSpace(code: number): boolean {
  if (code === 0x20 || (code >= 0x09 && code <= 0x0d)) return true;
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200b) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * Splits text into lines, trims padding and strips Word bookmark artifacts at line start
 * (`[bookmark: _Toc123]`), reporting each stripped run and each U+FFFD as a diagnostic.
 */
export function scanLines(text: string): { lines: Line[]; diagnostics: Diagnostic[] } {
  const lines: Line[] = [];
  const diagnostics: Diagnostic[] = [];
  let start = 0;
  let index = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    let contentStart = start;
    let tocBookmark = false;
    const tabIndented = text.charCodeAt(start) === 0x09 || /^[^\S\t\n]+\t/.test(text.slice(start, start + 8));
    // Padding and artifacts may interleave: "[bookmark: a][bookmark: b]  第二节".
    for (;;) {
      while (contentStart < end && isSpace(text.charCodeAt(contentStart))) contentStart++;
      if (text.charCodeAt(contentStart) !== 0x5b) break;
      WORD_ARTIFACT.lastIndex = contentStart;
      const artifactStart = contentStart;
      while (WORD_ARTIFACT.test(text) && WORD_ARTIFACT.lastIndex <= end) {
        contentStart = WORD_ARTIFACT.lastIndex;
        WORD_ARTIFACT.lastIndex = contentStart;
      }
      if (contentStart === artifactStart) break;
      if (text.startsWith("[bookmark: _Toc", artifactStart)) tocBookmark = true;
      diagnostics.push({
        code: "word-artifact",
        severity: "info",
        message: "已忽略 Word 书签残留标记",
        span: { start: artifactStart, end: contentStart },
      });
    }
    let contentEnd = end;
    while (contentEnd > contentStart && isSpace(text.charCodeAt(contentEnd - 1))) contentEnd--;
    const tabbedRow = tabIndented && text.slice(contentStart, contentEnd).includes("\t");
    lines.push({ index, start, end, contentStart, contentEnd, tabIndented, tabbedRow, tocBookmark });
    index++;
    if (end === text.length) break;
    start = end + 1;
  }
  reportReplacementCharacters(text, diagnostics);
  return { lines, diagnostics };
}

function reportReplacementCharacters(text: string, diagnostics: Diagnostic[]): void {
  let at = text.indexOf("\ufffd");
  while (at !== -1) {
    const span: Span = { start: at, end: at + 1 };
    while (text.charCodeAt(span.end) === 0xfffd) span.end++;
    diagnostics.push({
      code: "replacement-character",
      severity: "warning",
      message: "文本在此处被截断或损坏（出现替换字符 U+FFFD）",
      span,
    });
    at = text.indexOf("\ufffd", span.end);
  }
}

/** Builds a lookup from offsets to 1-based line and column (UTF-16), for `file:line:col` messages. */
export function createLineIndex(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) starts.push(at + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (starts[low] as number) + 1 };
  };
}
