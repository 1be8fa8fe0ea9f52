import { findDocNumbers } from "./doc-numbers.js";
import type { Citation, Span } from "./types.js";

const MAX_TITLE = 200;
const ALIAS = /以下(?:简称|称)\s*(?:《([^》\n]{1,30})》|“([^”\n]{1,30})”|"([^"\n]{1,30})")/;

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
      citations.push({
        id: `c${nextId++}`,
        alias: title,
        aliasOf: aliasTarget.id,
        span: { start: at, end: close + 1 },
      });
      at = close;
      continue;
    }
    const citation: Citation = { id: `c${nextId++}`, title, span: { start: at, end: close + 1 } };
    const bracket = followingBracket(text, close + 1);
    if (bracket) {
      const inside = text.slice(bracket.start, bracket.end);
      const number = findDocNumbers(text, bracket.start, bracket.end)[0];
      if (number) {
        citation.docNumber = number.value;
        covered.push({ start: number.start, end: number.end });
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

  for (const number of findDocNumbers(text)) {
    const span = { start: number.start, end: number.end };
    if (covered.some((c) => c.start <= span.start && span.start < c.end) || inExcluded(span.start)) continue;
    const citation: Citation = { id: `c${nextId++}`, docNumber: number.value, span };
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
