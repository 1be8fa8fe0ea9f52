import { DOC_NUMBER_SOURCE } from "./meta.js";
import type { Citation, Span } from "./types.js";

const MAX_TITLE = 200;
const ALIAS = /以下(?:简称|称)\s*(?:《([^》\n]{1,30})》|“([^”\n]{1,30})”|"([^"\n]{1,30})")/;
const DOC_NUMBER = new RegExp(DOC_NUMBER_SOURCE, "g");

/**
 * Finds every reference to another document: 《title》 (nested 〈〉 or <> allowed), the 文号 in the
 * bracket that follows it, standalone 文号, and the abbreviation given (以下简称《规划》). A later
 * 《规划》 points back at the citation that defined the abbreviation.
 *
 * @param exclude spans that are this document itself (its title), whose 《》 are not citations
 */
export function findCitations(text: string, exclude: Span[] = []): Citation[] {
  const citations: Citation[] = [];
  const aliases = new Map<string, Citation>();
  const covered: Span[] = [];
  let nextId = 1;
  const inExcluded = (at: number) => exclude.some((s) => s.start <= at && at < s.end);

  for (let at = text.indexOf("《"); at !== -1; at = text.indexOf("《", at + 1)) {
    if (inExcluded(at)) continue;
    let close = findClosing(text, at);
    if (close === -1) continue;
    const title = text.slice(at + 1, close).trim();
    if (title.length === 0) continue;
    const aliasTarget = aliases.get(title);
    if (aliasTarget) {
      citations.push({ id: `c${nextId++}`, alias: title, aliasOf: aliasTarget.id, span: { start: at, end: close + 1 } });
      at = close;
      continue;
    }
    const citation: Citation = { id: `c${nextId++}`, title, span: { start: at, end: close + 1 } };
    const bracket = followingBracket(text, close + 1);
    if (bracket) {
      const inside = text.slice(bracket.start, bracket.end);
      DOC_NUMBER.lastIndex = 0;
      const number = DOC_NUMBER.exec(inside);
      if (number) {
        citation.docNumber = number[0];
        covered.push({ start: bracket.start + number.index, end: bracket.start + number.index + number[0].length });
      }
      const alias = ALIAS.exec(inside);
      if (alias) citation.alias = (alias[1] ?? alias[2] ?? alias[3]) as string;
      if (number || alias) {
        citation.span = { start: at, end: bracket.end + 1 };
        close = bracket.end;
      }
    }
    // A pasted copy may define the same abbreviation again: later mentions point at the first.
    if (citation.alias && !aliases.has(citation.alias)) aliases.set(citation.alias, citation);
    citations.push(citation);
    at = close;
  }

  DOC_NUMBER.lastIndex = 0;
  for (let m = DOC_NUMBER.exec(text); m; m = DOC_NUMBER.exec(text)) {
    const start = m.index + leadingWordsToDrop(m[0]);
    const span = { start, end: m.index + m[0].length };
    if (covered.some((c) => c.start <= span.start && span.start < c.end) || inExcluded(span.start)) continue;
    const citation: Citation = { id: `c${nextId++}`, docNumber: text.slice(span.start, span.end), span };
    const alias = ALIAS.exec(text.slice(span.end, span.end + 40));
    if (alias && alias.index <= 2) citation.alias = (alias[1] ?? alias[2] ?? alias[3]) as string;
    citations.push(citation);
  }
  citations.sort((a, b) => a.span.start - b.span.start);
  return citations;
}

/** The matching 》 of the 《 at `open`, allowing nested 《》〈〉<>; -1 when unclosed on that line. */
function findClosing(text: string, open: number): number {
  let depth = 0;
  const limit = Math.min(text.length, open + MAX_TITLE);
  for (let i = open; i < limit; i++) {
    const ch = text[i];
    if (ch === "\n") return -1;
    if (ch === "《") depth++;
    else if (ch === "》") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** The content span of a （…） that starts right after `at` (spaces allowed), if any. */
function followingBracket(text: string, at: number): Span | undefined {
  let i = at;
  while (i < text.length && /[^\S\n]/.test(text[i] as string)) i++;
  if (text[i] !== "（" && text[i] !== "(") return undefined;
  const limit = Math.min(text.length, i + 120);
  for (let j = i + 1; j < limit; j++) {
    const ch = text[j];
    if (ch === "\n") return undefined;
    if (ch === "）" || ch === ")") return { start: i + 1, end: j };
  }
  return undefined;
}

const LEAD_WORDS = [
  "通知", "意见", "方案", "印发", "转发", "根据", "按照", "依据", "参照", "执行", "贯彻", "落实", "关于", "详见",
  "见", "即", "的", "和", "及", "与", "、", "号",
];

/** How many characters of glued words stand before the 文号 code itself ("的通知渝府办发" → "渝府办发"). */
function leadingWordsToDrop(match: string): number {
  const bracket = match.search(/[〔［\[【(（]/);
  const code = match.slice(0, bracket);
  let cut = 0;
  for (const word of LEAD_WORDS) {
    const at = code.lastIndexOf(word);
    if (at !== -1) cut = Math.max(cut, at + word.length);
  }
  return cut;
}
