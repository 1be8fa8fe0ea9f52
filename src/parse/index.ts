import { boxFromTable, findBoxes } from "./boxes.js";
import { findCitations } from "./citations.js";
import { indicatorsFromSentence, indicatorsFromTable } from "./indicators.js";
import { scanLines } from "./lines.js";
import { readMeta } from "./meta.js";
import { buildOutline, type Outline } from "./outline.js";
import { findPhases } from "./phases.js";
import { findRepeatedPassages } from "./repeats.js";
import { headingLabel, tasksFromSegments } from "./tasks.js";
import { tasksFromTable } from "./task-tables.js";
import type {
  Box,
  Citation,
  Diagnostic,
  DocumentMeta,
  Indicator,
  ParseOptions,
  ParseResult,
  Span,
  Task,
} from "./types.js";

export type * from "./types.js";

/** Version of the parser, stored with every parsed document so re-parses can be detected. */
export const PARSER_VERSION = "0.1.0";

/**
 * Parses a policy document's text into a PolicyDocument whose every item points at its source.
 * Pure and synchronous: never throws on bad input; problems come back as diagnostics.
 *
 * @example
 * const { document, diagnostics } = parse("一、重点任务\n（一）加强领导。（责任单位：区发展改革委）");
 * document.tasks[0].assignments[0].unit; // "区发展改革委"
 */
export function parse(text: string, options: ParseOptions = {}): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const scanned = scanLines(text);
  diagnostics.push(...scanned.diagnostics);
  const header = readMeta(text, scanned.lines, options.facts);
  diagnostics.push(...header.diagnostics);
  const repeats = findRepeatedPassages(text, scanned.lines, header.skipLines);
  diagnostics.push(...repeats.diagnostics);
  const outline = buildOutline(text, scanned.lines, header.skipLines, repeats.copies);
  diagnostics.push(...outline.diagnostics);

  const prose = tasksFromSegments(text, outline.segments);
  diagnostics.push(...prose.diagnostics);
  const tasks: Task[] = [...prose.tasks];
  const indicators: Indicator[] = [];
  const boxes: Box[] = findBoxes(text, scanned.lines, header.skipLines);

  for (const { node, headings } of outline.tables) {
    const fromIndicators = indicatorsFromTable(node, node.notes ? { notes: node.notes } : {});
    if (fromIndicators) {
      indicators.push(...fromIndicators.indicators);
      diagnostics.push(...fromIndicators.diagnostics);
      continue;
    }
    const fromTasks = tasksFromTable(
      text,
      node,
      headings.map(headingLabel),
      headings.map((h) => h.id),
    );
    if (fromTasks) {
      tasks.push(...fromTasks.tasks);
      diagnostics.push(...fromTasks.diagnostics);
      continue;
    }
    const box = boxFromTable(node);
    if (box) boxes.push(box);
  }
  indicators.push(...sentenceIndicators(text, outline));

  tasks.sort((a, b) => a.span.start - b.span.start);
  tasks.forEach((task, i) => (task.id = `t${i + 1}`));
  indicators.sort((a, b) => a.span.start - b.span.start);
  indicators.forEach((indicator, i) => (indicator.id = `i${i + 1}`));
  boxes.sort((a, b) => a.span.start - b.span.start);
  boxes.forEach((box, i) => (box.id = `b${i + 1}`));
  const exclude: Span[] = header.titleSpan ? [header.titleSpan] : [];
  const citations = findCitations(text, exclude).filter(
    (c) => !withinAny(c.span, repeats.copies) && !isSelfReference(c, header.meta),
  );
  diagnostics.sort((a, b) => a.span.start - b.span.start);

  return {
    document: {
      schemaVersion: 1,
      parserVersion: PARSER_VERSION,
      textLength: text.length,
      meta: header.meta,
      outline: outline.outline,
      tasks,
      indicators,
      phases: findPhases(text, outline.headings),
      citations,
      boxes,
    },
    diagnostics,
  };
}

function sentenceIndicators(text: string, outline: Outline): Indicator[] {
  const result: Indicator[] = [];
  for (const segment of outline.segments) {
    if (segment.kind !== "paragraph" || !holdsNumber(text, segment.span)) continue;
    const nearest = segment.headings[segment.headings.length - 1];
    const context = nearest && nearest.title ? { category: nearest.title } : {};
    result.push(
      ...indicatorsFromSentence(text.slice(segment.span.start, segment.span.end), segment.span, context),
    );
  }
  return result;
}

/** The document's own 文号, its own title, or the scheme its title issues (关于印发《X》的通知) are not citations. */
function isSelfReference(citation: Citation, meta: DocumentMeta): boolean {
  const own = meta.title?.value ?? "";
  const issued = /《(.+)》/.exec(own)?.[1];
  // 关于印发某某方案的通知 issues 某某方案: a 《某某方案》 in the covering notice is this document.
  const title = citation.title;
  if (title && (title === own || title === issued || (title.length >= 6 && own.includes(title)))) return true;
  return !citation.title && !citation.alias && citation.docNumber === meta.docNumber?.value;
}

/** Every indicator value starts with a digit or 百分之: prose without one is skipped cheaply. */
function holdsNumber(text: string, span: Span): boolean {
  for (let i = span.start; i < span.end; i++) {
    const code = text.charCodeAt(i);
    if ((code >= 0x30 && code <= 0x39) || (code >= 0xff10 && code <= 0xff19)) return true;
    if (code === 0x767e && text.startsWith("百分之", i)) return true;
  }
  return false;
}

function withinAny(span: Span, spans: Span[]): boolean {
  return spans.some((s) => s.start <= span.start && span.end <= s.end);
}
