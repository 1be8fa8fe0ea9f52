/**
 * PDF text-layer layout, pure: positioned text items → lines (PDFs have no lines, pdf.js#9732) →
 * running headers/footers and page numbers removed → paragraphs rejoined where a line ran to the
 * right margin and the next one starts at the left margin (wrapped lines of one paragraph).
 */

/** A text item from pdf.js, reduced to what layout needs; y grows upwards (PDF user space). */
export interface PdfItem {
  str: string;
  x: number;
  y: number;
  width: number;
  /** Font size in user space (vertical scale of the text matrix). */
  size: number;
  hasEOL: boolean;
}

/** One rebuilt line. */
export interface PdfLine {
  text: string;
  x: number;
  right: number;
  y: number;
  size: number;
}

function isWide(c: number): boolean {
  return (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xffef);
}

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function joinItems(items: PdfItem[]): PdfLine {
  const sorted = [...items].sort((a, b) => a.x - b.x);
  let text = "";
  let end = Number.NEGATIVE_INFINITY;
  let size = 0;
  for (const it of sorted) {
    size = Math.max(size, it.size);
    const gap = it.x - end;
    if (text && !text.endsWith(" ") && !it.str.startsWith(" ")) {
      const a = text.charCodeAt(text.length - 1);
      const b = it.str.charCodeAt(0);
      const em = Math.max(it.size, 1);
      if (gap > (isWide(a) && isWide(b) ? em : em * 0.25)) text += " ";
    }
    text += it.str;
    end = Math.max(end, it.x + it.width);
  }
  const first = sorted[0]!;
  return {
    text: text.replace(/\s+/g, " ").trim(),
    x: first.x,
    right: end,
    y: first.y,
    size: size || 10,
  };
}

/** Groups items into lines (same baseline, no end-of-line between) and sorts them top to bottom. */
export function itemsToLines(items: PdfItem[]): PdfLine[] {
  const groups: PdfItem[][] = [];
  let current: PdfItem[] = [];
  let y = 0;
  let size = 0;
  let eol = false;
  for (const it of items) {
    if (it.str === "") {
      if (it.hasEOL) eol = true;
      continue;
    }
    const same = current.length > 0 && !eol && Math.abs(it.y - y) <= 0.5 * Math.max(size, it.size, 1);
    if (!same) {
      if (current.length) groups.push(current);
      current = [];
      y = it.y;
      size = it.size;
    }
    current.push(it);
    size = Math.max(size, it.size);
    eol = it.hasEOL;
  }
  if (current.length) groups.push(current);
  const lines = groups.map(joinItems).filter((l) => l.text !== "");
  lines.sort((a, b) => b.y - a.y);
  // Pieces of one baseline drawn apart in the content stream: merge when they do not overlap.
  const merged: PdfLine[] = [];
  for (const l of lines) {
    const prev = merged[merged.length - 1];
    if (
      prev &&
      Math.abs(prev.y - l.y) <= 0.3 * Math.max(prev.size, l.size) &&
      (l.x >= prev.right || l.right <= prev.x)
    ) {
      const [left, right] = l.x >= prev.right ? [prev, l] : [l, prev];
      const gap = right.x - left.right;
      const sep = gap > Math.max(left.size, 1) * 0.25 ? " " : "";
      merged[merged.length - 1] = {
        text: left.text + sep + right.text,
        x: left.x,
        right: right.right,
        y: prev.y,
        size: Math.max(prev.size, l.size),
      };
    } else merged.push(l);
  }
  return merged;
}

const PAGE_NUMBER = [
  /^[-—–－_~·\s]*\d{1,4}[-—–－_~·\s]*$/,
  /^第\s*\d+\s*页(\s*[，,/]?\s*共\s*\d+\s*页)?$/,
  /^共\s*\d+\s*页\s*[，,]?\s*第\s*\d+\s*页$/,
  /^(page\s*)?\d+\s*(\/|of)\s*\d+$/i,
  /^page\s*\d+$/i,
];

/** True for a page-number line: `— 2 —`, `- 3 -`, `第3页`, `第 3 页 共 10 页`, `3/10`, `12`. */
export function isPageNumber(text: string): boolean {
  const t = text.trim();
  return PAGE_NUMBER.some((re) => re.test(t));
}

const ZONE = 2;

function runningKey(text: string): string {
  return text.replace(/\d+/g, "#").replace(/\s+/g, "");
}

/**
 * Removes page numbers from the top and bottom two lines of each page, and lines repeated there on
 * most pages (running headers and footers). Returns the pages and how many lines were removed.
 */
export function removeRunning(pages: PdfLine[][]): { pages: PdfLine[][]; removed: number } {
  const zoneOf = (lines: PdfLine[], i: number): "top" | "bottom" | undefined =>
    i < ZONE ? "top" : i >= lines.length - ZONE ? "bottom" : undefined;
  const counts = new Map<string, number>();
  for (const lines of pages) {
    const seen = new Set<string>();
    lines.forEach((l, i) => {
      const zone = zoneOf(lines, i);
      if (zone) seen.add(`${zone}:${runningKey(l.text)}`);
    });
    for (const k of seen) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const threshold = Math.max(2, Math.ceil(pages.length * 0.5));
  let removed = 0;
  const out = pages.map((lines) =>
    lines.filter((l, i) => {
      const zone = zoneOf(lines, i);
      if (!zone) return true;
      const key = runningKey(l.text);
      const repeated = pages.length >= 2 && key !== "" && (counts.get(`${zone}:${key}`) ?? 0) >= threshold;
      if (repeated || isPageNumber(l.text)) {
        removed++;
        return false;
      }
      return true;
    }),
  );
  return { pages: out, removed };
}

const HEADING_START =
  /^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百]+[)）]|\d+[.．、]|[（(]\d+[)）]|第[一二三四五六七八九十百\d]+[章节条篇部分])/;

interface PageMetrics {
  left: number;
  right: number;
}

function metrics(lines: PdfLine[]): PageMetrics {
  let left = Number.POSITIVE_INFINITY;
  let right = Number.NEGATIVE_INFINITY;
  for (const l of lines) {
    left = Math.min(left, l.x);
    right = Math.max(right, l.right);
  }
  return { left, right };
}

function continues(
  prev: PdfLine,
  pm: PageMetrics,
  next: PdfLine,
  nm: PageMetrics,
  samePage: boolean,
): boolean {
  const size = Math.max(prev.size, 1);
  if (pm.right - pm.left < 15 * size) return false; // narrow text: probably not running prose
  if (prev.right < pm.right - 1.5 * size) return false; // prev stops short of the right margin
  if (next.x > nm.left + 0.5 * size) return false; // next is indented: a new paragraph
  if (Math.abs(prev.size - next.size) > 0.2 * size) return false;
  if (samePage && (next.y >= prev.y || prev.y - next.y > 2.5 * size)) return false;
  return !HEADING_START.test(next.text);
}

/** Writes pages as text: one line per paragraph, wrapped lines (also across pages) rejoined. */
export function pagesToText(pages: PdfLine[][]): { text: string; joined: number } {
  const out: string[] = [];
  let joined = 0;
  let prev: { line: PdfLine; m: PageMetrics } | undefined;
  for (const lines of pages) {
    if (lines.length === 0) continue;
    const m = metrics(lines);
    lines.forEach((line, i) => {
      if (prev && out.length > 0 && continues(prev.line, prev.m, line, m, i > 0)) {
        const last = out[out.length - 1]!;
        const sep = isAlnum(last.charCodeAt(last.length - 1)) && isAlnum(line.text.charCodeAt(0)) ? " " : "";
        out[out.length - 1] = last + sep + line.text;
        joined++;
      } else out.push(line.text);
      prev = { line, m };
    });
  }
  return { text: out.join("\n"), joined };
}
