import { parseChineseNumber } from "./values.js";
import type { HeadingStyle } from "./types.js";

/** A heading marker recognised at some offset. */
export interface HeadingMarker {
  style: HeadingStyle;
  ordinal: number;
  /** Offset of the marker's first character. */
  start: number;
  /** Offset just past the marker (and any padding after it). */
  end: number;
  /** The marker as written, e.g. `（一）`. */
  marker: string;
}

const CN = "[一二三四五六七八九十百零〇]{1,4}";
const PATTERNS: { style: HeadingStyle; re: RegExp }[] = [
  { style: "part", re: new RegExp(`^第(${CN}|\\d{1,3})篇`) },
  { style: "chapter", re: new RegExp(`^第(${CN}|\\d{1,3})章`) },
  { style: "section", re: new RegExp(`^第(${CN}|\\d{1,3})节`) },
  { style: "cn", re: new RegExp(`^(${CN})[、．](?![、．])`) },
  { style: "cnParen", re: new RegExp(`^[（(](${CN})[）)]、?`) },
  { style: "arabicParen", re: /^[（(](\d{1,2})[）)]/ },
  { style: "arabic", re: /^(\d{1,2})(?:[．、]|\.(?![\d.]))/ },
];
const CIRCLED_FIRST = 0x2460; // ①
const PAREN_DIGIT_FIRST = 0x2474; // ⑴

/**
 * Recognises a heading marker at `at`: 第一篇/章/节, 一、, （一）, 1．, （1）, ⑴, ①.
 * Only the marker is matched; whether the text is a heading is the caller's decision.
 */
export function matchHeadingMarker(text: string, at: number, limit: number): HeadingMarker | null {
  const code = text.charCodeAt(at);
  if (code >= CIRCLED_FIRST && code < CIRCLED_FIRST + 20) {
    return finish(text, "circled", code - CIRCLED_FIRST + 1, at, at + 1, limit);
  }
  if (code >= PAREN_DIGIT_FIRST && code < PAREN_DIGIT_FIRST + 20) {
    return finish(text, "arabicParen", code - PAREN_DIGIT_FIRST + 1, at, at + 1, limit);
  }
  if (!isMarkerLead(code)) return null;
  const head = text.slice(at, Math.min(limit, at + 12));
  for (const { style, re } of PATTERNS) {
    const m = re.exec(head);
    if (!m) continue;
    const ordinal = parseChineseNumber(m[1] as string);
    if (ordinal === undefined || ordinal === 0) continue;
    return finish(text, style, ordinal, at, at + m[0].length, limit);
  }
  return null;
}

function isMarkerLead(code: number): boolean {
  return (
    code === 0x7b2c || // 第
    code === 0xff08 || // （
    code === 0x28 || // (
    (code >= 0x30 && code <= 0x39) ||
    "一二三四五六七八九十".includes(String.fromCharCode(code))
  );
}

function finish(
  text: string,
  style: HeadingStyle,
  ordinal: number,
  start: number,
  markerEnd: number,
  limit: number,
): HeadingMarker | null {
  let end = markerEnd;
  while (end < limit && /\s/.test(text[end] as string)) end++;
  // A marker with nothing after it, or followed by a digit ("1.5倍"), is not a heading.
  if (end >= limit)
    return style === "cn" || style === "part" || style === "chapter" || style === "section"
      ? { style, ordinal, start, end, marker: text.slice(start, markerEnd) }
      : null;
  const next = text.charCodeAt(end);
  if (next >= 0x30 && next <= 0x39) return null;
  if (style === "arabic" && (text[end] === "%" || text[end] === "％")) return null;
  return { style, ordinal, start, end, marker: text.slice(start, markerEnd) };
}

const TITLE_TERMINATORS = new Set(["。", "；", "！", "？", "：", ";", ":", "!", "?"]);
const OPENERS = "（(〔《“‘[【";
const CLOSERS = "）)〕》”’]】";

/** Longest first sentence read as a heading's title; a longer one is body text, not a title. */
export const MAX_TITLE_LENGTH = 40;
/** Longest title of a heading that stands alone on its line. */
export const MAX_LINE_TITLE_LENGTH = 60;

/**
 * Finds where a heading's title ends: at the first sentence terminator outside brackets.
 * Returns the title end (terminator excluded) and where the body after it starts;
 * `titleEnd === from` when the first sentence is too long to be a title.
 */
export function splitTitle(text: string, from: number, to: number): { titleEnd: number; bodyStart: number } {
  let depth = 0;
  for (let i = from; i < to; i++) {
    if (i - from > MAX_LINE_TITLE_LENGTH) return { titleEnd: from, bodyStart: from };
    const ch = text[i] as string;
    if (OPENERS.includes(ch)) depth++;
    else if (CLOSERS.includes(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && TITLE_TERMINATORS.has(ch)) {
      if (i - from > MAX_TITLE_LENGTH) return { titleEnd: from, bodyStart: from };
      let bodyStart = i + 1;
      while (bodyStart < to && /\s/.test(text[bodyStart] as string)) bodyStart++;
      return { titleEnd: i, bodyStart };
    }
  }
  return { titleEnd: to, bodyStart: to };
}
