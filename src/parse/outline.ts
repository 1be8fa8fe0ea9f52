import { matchHeadingMarker, splitTitle, type HeadingMarker } from "./headings.js";
import { isSpace, type Line } from "./lines.js";
import type {
  Diagnostic,
  HeadingNode,
  HeadingStyle,
  OutlineNode,
  ParagraphNode,
  Span,
  TableCell,
  TableNode,
} from "./types.js";

/** A stretch of body text in document order, with the headings that enclose it. */
export interface BodySegment {
  kind: "heading" | "paragraph";
  span: Span;
  /** Enclosing headings, outermost first; for a heading segment, the heading itself is last. */
  headings: HeadingNode[];
}

/** The outline tree and the flat views that extraction steps walk. */
export interface Outline {
  outline: OutlineNode[];
  /** Every heading, in document order. */
  headings: HeadingNode[];
  /** Headings and paragraphs in document order (tables excluded). */
  segments: BodySegment[];
  tables: { node: TableNode; headings: HeadingNode[] }[];
  diagnostics: Diagnostic[];
}

/** Characters after which a heading marker may start inside a line. */
/** Lookup by UTF-16 code: 1 where a heading marker may follow. */
const SPLIT_AFTER = new Uint8Array(0x10000);
for (const ch of "。；！？：;!?:）〕)") SPLIT_AFTER[ch.charCodeAt(0)] = 1;
const OPEN_PAREN = 0xff08;
const OPEN_PAREN_ASCII = 0x28;
const DASH_BULLET = /^(?:――|——|—{1,2}|─{2})/;
const FIXED_RANK: Partial<Record<HeadingStyle, number>> = { part: 0, chapter: 1, unnumbered: 1, section: 2 };
/** Longest line read as a heading when only a Word TOC bookmark says it is one. */
const MAX_UNNUMBERED_HEADING = 30;

interface Piece {
  start: number;
  end: number;
  marker?: HeadingMarker;
}

/**
 * Builds the heading tree with paragraphs and tables under it. Runs of text whose spans are in
 * `removed` (repeated passages) are left out; `skipLines` are header, chrome and metadata lines.
 */
export function buildOutline(text: string, lines: Line[], skipLines: Set<number>, removed: Span[]): Outline {
  const root: OutlineNode[] = [];
  const stack: HeadingNode[] = [];
  const headings: HeadingNode[] = [];
  const segments: BodySegment[] = [];
  const tables: Outline["tables"] = [];
  const diagnostics: Diagnostic[] = [];
  const lastOrdinal = new Map<HeadingStyle, number>();
  let nextId = 1;
  const id = (prefix: string) => `${prefix}${nextId++}`;
  const removal = new RemovalCursor(removed);

  const container = (): OutlineNode[] =>
    stack.length > 0 ? (stack[stack.length - 1] as HeadingNode).children : root;

  const addParagraph = (start: number, end: number) => {
    for (const piece of removal.subtract(start, end)) {
      const span = trimSpan(text, piece.start, piece.end);
      if (span.end <= span.start) continue;
      const node: ParagraphNode = {
        type: "paragraph",
        id: id("p"),
        text: text.slice(span.start, span.end),
        span,
      };
      container().push(node);
      segments.push({ kind: "paragraph", span, headings: [...stack] });
    }
  };

  const checkOrdinal = (marker: HeadingMarker, previous: HeadingNode | undefined) => {
    const expected = previous ? previous.ordinal + 1 : 1;
    const runOn = previous ? undefined : (lastOrdinal.get(marker.style) ?? 0) + 1;
    if (marker.ordinal !== expected && marker.ordinal !== runOn) {
      diagnostics.push({
        code: "numbering-out-of-order",
        severity: "warning",
        message: previous
          ? `编号不连续：${previous.marker}之后出现${marker.marker.trim()}`
          : `编号不连续：本级第一个编号为${marker.marker.trim()}`,
        span: { start: marker.start, end: marker.end },
      });
    }
  };

  const addHeading = (marker: HeadingMarker, pieceEnd: number) => {
    const { titleEnd, bodyStart } = splitTitle(text, marker.end, pieceEnd);
    const rank = FIXED_RANK[marker.style];
    if (rank !== undefined) {
      while (stack.length > 0 && (FIXED_RANK[(stack[stack.length - 1] as HeadingNode).style] ?? 3) >= rank)
        stack.pop();
    } else {
      const same = stack.findIndex((h) => h.style === marker.style);
      if (same !== -1) stack.length = same;
    }
    const siblings = container();
    const previous = findLast(siblings, marker.style);
    if (marker.style !== "unnumbered") checkOrdinal(marker, previous);
    lastOrdinal.set(marker.style, marker.ordinal);
    const titleSpan = trimSpan(text, marker.end, titleEnd);
    const node: HeadingNode = {
      type: "heading",
      id: id("h"),
      style: marker.style,
      ordinal: marker.ordinal,
      marker: marker.marker.trim(),
      title: text.slice(titleSpan.start, titleSpan.end),
      depth: stack.length + 1,
      span: { start: marker.start, end: Math.max(marker.end, titleSpan.end) },
      children: [],
    };
    siblings.push(node);
    stack.push(node);
    headings.push(node);
    segments.push({ kind: "heading", span: node.span, headings: [...stack] });
    if (bodyStart < pieceEnd) addParagraph(bodyStart, pieceEnd);
  };

  let table: TableBuilder | undefined;
  let captionAbove: string | undefined;
  const closeTable = () => {
    if (!table) return;
    const node = table.finish(id("t"));
    if (node) {
      container().push(node);
      tables.push({ node, headings: [...stack] });
    }
    table = undefined;
  };

  for (const line of lines) {
    const empty = line.contentEnd <= line.contentStart;
    if (table) {
      if (empty) {
        // A line holding only a TAB is an empty cell; a truly blank line ends the row.
        if (line.tabIndented) table.addEmptyCell(line);
        else table.endRow();
        continue;
      }
      if (line.tabIndented) {
        table.addLine(text, line);
        continue;
      }
      if (table.canContinueCell(text, line)) {
        table.continueCell(text, line);
        continue;
      }
      closeTable();
    }
    if (empty || skipLines.has(line.index)) continue;
    if (line.tabIndented) {
      table = new TableBuilder(captionAbove);
      table.addLine(text, line);
      continue;
    }
    // A short caption line (专栏1 “十四五”主要指标) directly above a table names it.
    const value = text.slice(line.contentStart, line.contentEnd);
    captionAbove = value.length <= 40 && CAPTION.test(value) ? value : undefined;
    if (isUnnumberedHeading(text, line)) {
      const marker: HeadingMarker = {
        style: "unnumbered",
        ordinal: 0,
        start: line.contentStart,
        end: line.contentStart,
        marker: "",
      };
      addHeading(marker, line.contentEnd);
      continue;
    }
    for (const piece of splitLine(text, line)) {
      if (piece.marker && !removal.covers(piece.marker.start)) addHeading(piece.marker, piece.end);
      else if (!piece.marker) addParagraph(piece.start, piece.end);
    }
  }
  closeTable();
  return { outline: root, headings, segments, tables, diagnostics };
}

function isUnnumberedHeading(text: string, line: Line): boolean {
  if (!line.tocBookmark || line.contentEnd - line.contentStart > MAX_UNNUMBERED_HEADING) return false;
  if (matchHeadingMarker(text, line.contentStart, line.contentEnd)) return false;
  return !/[。；，：,;:！？]/.test(text.slice(line.contentStart, line.contentEnd));
}

function findLast(nodes: OutlineNode[], style: HeadingStyle): HeadingNode | undefined {
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i] as OutlineNode;
    if (node.type === "heading" && node.style === style) return node;
  }
  return undefined;
}

/** Splits a line where a heading marker or a dash bullet follows a sentence end. */
function splitLine(text: string, line: Line): Piece[] {
  const pieces: Piece[] = [];
  const end = line.contentEnd;
  let pieceStart = line.contentStart;
  let marker = matchHeadingMarker(text, pieceStart, end) ?? undefined;
  for (let i = line.contentStart + 1; i < end; i++) {
    if (SPLIT_AFTER[text.charCodeAt(i - 1)] === 0) {
      // 二、重点任务分工（一）全面打赢…: a first sub-heading glued to a short heading title.
      const code = text.charCodeAt(i);
      if (
        (code === OPEN_PAREN || code === OPEN_PAREN_ASCII) &&
        marker &&
        i - marker.end <= MAX_GLUED_TITLE &&
        startsFirstSubheading(text, i, end, marker.style)
      ) {
        pieces.push({ start: pieceStart, end: i, marker });
        pieceStart = i;
        marker = matchHeadingMarker(text, i, end) ?? undefined;
      }
      continue;
    }
    let at = i;
    while (at < end && isSpace(text.charCodeAt(at))) at++;
    const found = matchHeadingMarker(text, at, end);
    // ①②③ inside a line enumerate parts of one sentence (①…；②…。); only at line start are they headings.
    const next = found && found.style !== "circled" ? found : null;
    const dash = !next && DASH_BULLET.test(text.slice(at, at + 2));
    if (!next && !dash) continue;
    if (at > pieceStart)
      pieces.push(marker ? { start: pieceStart, end: i, marker } : { start: pieceStart, end: i });
    pieceStart = at;
    marker = next ?? undefined;
  }
  pieces.push(marker ? { start: pieceStart, end, marker } : { start: pieceStart, end });
  return pieces;
}

/** How far into a heading's title a glued first sub-heading may start. */
const MAX_GLUED_TITLE = 20;

function startsFirstSubheading(text: string, at: number, end: number, parentStyle: HeadingStyle): boolean {
  const ch = text[at];
  if (ch !== "（" && ch !== "(") return false;
  const next = matchHeadingMarker(text, at, end);
  return (
    next !== null &&
    next.ordinal === 1 &&
    next.style !== parentStyle &&
    /[\u4e00-\u9fa5]/.test(text[at - 1] as string)
  );
}

function trimSpan(text: string, start: number, end: number): Span {
  while (start < end && /[\s\u3000]/.test(text[start] as string)) start++;
  while (end > start && /[\s\u3000]/.test(text[end - 1] as string)) end--;
  return { start, end };
}

/** Walks sorted, non-overlapping removed spans alongside the document. */
class RemovalCursor {
  private readonly spans: Span[];
  constructor(spans: Span[]) {
    this.spans = [...spans].sort((a, b) => a.start - b.start);
  }

  covers(offset: number): boolean {
    return this.spans.some((s) => s.start <= offset && offset < s.end);
  }

  /** The parts of `[start, end)` outside every removed span. */
  subtract(start: number, end: number): Span[] {
    const parts: Span[] = [];
    let from = start;
    for (const span of this.spans) {
      if (span.end <= from) continue;
      if (span.start >= end) break;
      if (span.start > from) parts.push({ start: from, end: span.start });
      from = Math.max(from, span.end);
    }
    if (from < end) parts.push({ start: from, end });
    return parts;
  }
}

const CAPTION = /^(?:专栏\s*\d*|附表\s*\d*|表\s*\d+)|(?:主要指标|指标体系|一览表|情况表|分工表|任务表|清单)$/;
const NOTES = /^(?:备注|注)\s*[:：]/;

/** Collects table rows: tab-separated rows, or one cell per line with blank lines between rows. */
class TableBuilder {
  constructor(private readonly captionAbove?: string) {}

  private readonly rows: TableCell[][] = [];
  private current: TableCell[] = [];
  private lastLineWasCell = false;

  addLine(text: string, line: Line): void {
    if (line.tabbedRow) {
      this.endRow();
      const cells: TableCell[] = [];
      let cellStart = line.contentStart;
      for (let i = line.contentStart; i <= line.contentEnd; i++) {
        if (i === line.contentEnd || text[i] === "\t") {
          const span = trimSpan(text, cellStart, i);
          cells.push({ text: text.slice(span.start, span.end), span });
          cellStart = i + 1;
        }
      }
      this.rows.push(cells);
      this.lastLineWasCell = false;
      return;
    }
    const span = { start: line.contentStart, end: line.contentEnd };
    this.current.push({ text: text.slice(span.start, span.end), span });
    this.lastLineWasCell = true;
  }

  addEmptyCell(line: Line): void {
    this.current.push({ text: "", span: { start: line.contentStart, end: line.contentStart } });
    this.lastLineWasCell = false;
  }

  /** A short untabbed line right under a cell is the rest of that cell ("区妇儿工委办" / "（区妇联）"). */
  canContinueCell(text: string, line: Line): boolean {
    return (
      this.lastLineWasCell &&
      this.current.length > 0 &&
      line.contentEnd - line.contentStart <= 20 &&
      line.contentStart === line.start &&
      !/[。；！？]/.test(text.slice(line.contentStart, line.contentEnd)) &&
      !matchHeadingMarker(text, line.contentStart, line.contentEnd)
    );
  }

  continueCell(text: string, line: Line): void {
    const cell = this.current[this.current.length - 1] as TableCell;
    cell.span = { start: cell.span.start, end: line.contentEnd };
    cell.text = cell.text + text.slice(line.contentStart, line.contentEnd);
  }

  endRow(): void {
    if (this.current.length > 0) this.rows.push(this.current);
    this.current = [];
    this.lastLineWasCell = false;
  }

  finish(id: string): TableNode | undefined {
    this.endRow();
    const rows = this.rows.filter((row) => row.some((cell) => cell.text.length > 0));
    if (rows.length === 0) return undefined;
    const node: TableNode = { type: "table", id, rows, span: { start: 0, end: 0 } };
    const first = rows[0] as TableCell[];
    const nonEmpty = first.filter((c) => c.text.length > 0);
    if (nonEmpty.length === 1 && CAPTION.test((nonEmpty[0] as TableCell).text)) {
      node.caption = (nonEmpty[0] as TableCell).text;
      rows.shift();
    } else if (this.captionAbove) {
      node.caption = this.captionAbove;
    }
    if (rows.length === 0) return undefined;
    const last = rows[rows.length - 1];
    const lastCells = last?.filter((c) => c.text.length > 0) ?? [];
    if (lastCells.length === 1 && NOTES.test((lastCells[0] as TableCell).text)) {
      node.notes = (lastCells[0] as TableCell).text;
      rows.pop();
    }
    let start = Infinity;
    let end = 0;
    for (const row of this.rows) {
      for (const cell of row) {
        start = Math.min(start, cell.span.start);
        end = Math.max(end, cell.span.end);
      }
    }
    node.span = { start, end };
    return node;
  }
}
