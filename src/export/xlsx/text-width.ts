/**
 * How wide CJK text is in Excel. A column width counts the maximum digit width of the workbook's
 * Normal font (Calibri 11: 7 px at 96 dpi, ECMA-376 §18.3.1.13); a CJK character of 12 pt is
 * 16 px, so about 2.3 units. Widths and wrapped-line counts are worked out in pixels so a row is
 * never made too short for its text.
 */

/** Maximum digit width of the Normal font (Calibri 11) in pixels. */
const DIGIT_PX = 7;
/** Cell margins plus the slack Excel keeps before it wraps. */
const CELL_PADDING_PX = 12;
/** The body and header font size the widths are measured for. */
const BODY_POINTS = 12;

/** True for characters drawn full width: CJK ideographs and punctuation, kana, Hangul, full-width forms. */
function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    code >= 0x20000
  );
}

/** Pixels one line of text takes at `points` (a full-width character is one em, others half). */
export function linePixels(line: string, points = BODY_POINTS): number {
  const em = (points * 96) / 72;
  let pixels = 0;
  for (const ch of line) pixels += isWide(ch.codePointAt(0)!) ? em : em / 2;
  return pixels;
}

/** Pixels of the widest line of the text. */
export function textPixels(text: string, points = BODY_POINTS): number {
  let widest = 0;
  for (const line of text.split("\n")) widest = Math.max(widest, linePixels(line, points));
  return widest;
}

/** Pixels available for text in a column (or merged columns) of that total width. */
export function usablePixels(columnWidth: number): number {
  return columnWidth * DIGIT_PX - CELL_PADDING_PX;
}

/** How many lines the text wraps to in a column of that width (at least 1). */
export function wrappedLines(text: string, columnWidth: number, points = BODY_POINTS): number {
  const usable = Math.max((points * 96) / 72, usablePixels(columnWidth));
  let lines = 0;
  for (const line of text.split("\n")) lines += Math.max(1, Math.ceil(linePixels(line, points) / usable));
  return lines;
}

/** The column width that shows the text on one line. */
export function columnWidthFor(text: string): number {
  return Math.ceil((textPixels(text) + CELL_PADDING_PX) / DIGIT_PX);
}

/** A column width fitting the header and the cells on one line each, clamped to [min, max]. */
export function fitColumnWidth(texts: Iterable<string>, min: number, max: number): number {
  let widest = 0;
  for (const text of texts) widest = Math.max(widest, columnWidthFor(text));
  return Math.min(max, Math.max(min, widest));
}
