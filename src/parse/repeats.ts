import { createLineIndex, type Line } from "./lines.js";
import type { Diagnostic, Span } from "./types.js";

/** Shortest sentence (clauses excluded) that counts when looking for copies. */
const MIN_UNIT_LENGTH = 8;
/** Shortest run of copied text reported as a repeated passage. */
const MIN_RUN_LENGTH = 50;
const CLAUSE = /[（(〔［[]\s*(?:责任单位|牵头单位|配合单位|责任部门|牵头部门)[^）)〕］\]]{0,400}[）)〕］\]]/g;

interface Unit {
  span: Span;
  key: string;
  weight: number;
}

/**
 * Finds passages that repeat earlier text word for word (a web copy that pasted blocks two or
 * three times). Returns the spans of the later copies, to be collapsed, with one diagnostic each.
 */
export function findRepeatedPassages(
  text: string,
  lines: Line[],
  skipLines: Set<number>,
): { copies: Span[]; diagnostics: Diagnostic[] } {
  const units = sentenceUnits(text, lines, skipLines);
  const firstSeen = new Map<string, Span>();
  const copies: Span[] = [];
  const diagnostics: Diagnostic[] = [];
  const position = createLineIndex(text);
  let run: { start: number; end: number; weight: number; originals: Span[] } | undefined;

  const closeRun = () => {
    if (run && run.weight >= MIN_RUN_LENGTH) {
      const span = { start: run.start, end: run.end };
      copies.push(span);
      const original = run.originals[0] as Span;
      diagnostics.push({
        code: "repeated-passage",
        severity: "warning",
        message: `重复段落已折叠：与第${position(original.start).line}行起的内容重复`,
        span,
        related: mergeSpans(run.originals),
      });
    }
    run = undefined;
  };

  for (const unit of units) {
    const original = unit.weight >= MIN_UNIT_LENGTH ? firstSeen.get(unit.key) : undefined;
    if (unit.weight >= MIN_UNIT_LENGTH && !original) firstSeen.set(unit.key, unit.span);
    const isCopy =
      original !== undefined ||
      (run !== undefined && unit.weight < MIN_UNIT_LENGTH && firstSeen.has(unit.key));
    if (!isCopy) {
      closeRun();
      continue;
    }
    if (!run) run = { start: unit.span.start, end: unit.span.end, weight: 0, originals: [] };
    run.end = unit.span.end;
    run.weight += unit.weight;
    if (original) run.originals.push(original);
  }
  closeRun();
  return { copies, diagnostics };
}

/** Sentences of the body: cut at 。！？； and line ends, keyed by their text without spaces. */
function sentenceUnits(text: string, lines: Line[], skipLines: Set<number>): Unit[] {
  const units: Unit[] = [];
  for (const line of lines) {
    if (skipLines.has(line.index) || line.tabIndented) continue;
    let start = line.contentStart;
    for (let i = line.contentStart; i < line.contentEnd; i++) {
      const ch = text[i];
      if (ch === "。" || ch === "！" || ch === "？" || ch === "；") {
        pushUnit(text, units, start, i + 1);
        start = i + 1;
      }
    }
    if (start < line.contentEnd) pushUnit(text, units, start, line.contentEnd);
  }
  return units;
}

const SPACES = /\s+/g;
const HAS_SPACE = /\s/;

function pushUnit(text: string, units: Unit[], start: number, end: number): void {
  const raw = text.slice(start, end);
  const key = HAS_SPACE.test(raw) ? raw.replace(SPACES, "") : raw;
  if (key.length === 0) return;
  // Only a unit naming 单位 or 部门 can hold a clause, whose text does not count as prose.
  const weight = key.includes("单位") || key.includes("部门") ? key.replace(CLAUSE, "").length : key.length;
  units.push({ span: { start, end }, key, weight });
}

function mergeSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end + 1) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}
