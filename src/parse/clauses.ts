/**
 * Responsibility clauses: the part of a task that names who does it.
 *
 * Forms recognised (full- and half-width punctuation alike, optional spaces):
 * - labelled, in brackets: （责任单位：A、B） 〔责任单位：A，各乡镇（街道）〕 (牵头单位:X;责任单位:Y、Z)
 *   【牵头单位：X，配合单位：Y；完成时限：…】, also when the label follows other text inside the
 *   bracket (（2022年底前完成；责任单位：A）: the whole bracket is the clause);
 * - labelled, without brackets: `牵头单位：X` / `配合单位：Y` at line start, on one line or on
 *   consecutive lines (own-line), or after a sentence end on the same line (inline-label);
 * - verb forms in brackets: （X牵头，Y配合） （X牵头，Y按职责分工负责） （X负责） （由X牵头）.
 *
 * Roles. Lead labels (牵头单位, 牵头部门, 牵头责任单位, 主办单位, 承办单位 …) and 牵头 verbs give
 * `lead`; co labels (配合单位, 协办单位, 协同责任单位, 参与单位 …) and 配合/参与/协助 verbs give `co`.
 * A generic list (责任单位, 负责单位, 责任部门 …) next to a lead gives `co`. A generic list with
 * no lead anywhere in the clause follows the convention "列第一位的责任单位为牵头单位" (杭州 2020;
 * 武汉 2023: "无牵头单位的，责任单位即为牵头单位"): the first listed unit is `lead`, marked
 * `inferred: true` because the text does not say so, and the rest are `co`.
 * A 负责 verb gives `lead` unless the clause also has a 牵头 part (then `co`). A mark written after a
 * name, 市发展改革委（牵头）, overrides all of this.
 */
import type { Assignment, AssignmentRole, Diagnostic, Span } from "./types.js";
import {
  type BracketMap,
  type UnitToken,
  bracketFamily,
  isCjkCode,
  isDigitCode,
  isSpaceCode,
  isUnitSeparatorCode,
  looksLikeUnitName,
  matchBrackets,
  splitUnitList,
} from "./units-split.js";

/** How a clause was written. */
export type ClauseForm =
  /** （责任单位：A、B） — labelled list(s) in brackets, no lead named. */
  | "bracket-responsible"
  /** (牵头单位:X;责任单位:Y) — labelled lists in brackets, a lead named. */
  | "bracket-lead-responsible"
  /** 牵头单位：X / 配合单位：Y starting a line, possibly over several lines, no brackets. */
  | "own-line"
  /** …。责任单位：A、B — a label after a sentence end on the same line, no brackets. */
  | "inline-label"
  /** （X牵头，Y配合） （由X牵头） — verb form with 牵头. */
  | "x-lead-y-co"
  /** （X负责） （X负责，Y配合） — verb form with 负责 (or 落实/实施) and no 牵头. */
  | "x-responsible";

/** A responsibility clause found in the text. */
export interface Clause {
  /** The whole clause: brackets included; for unbracketed forms from the first label to the end of the last list. */
  span: Span;
  /** Units in the order written, duplicates merged. */
  assignments: Assignment[];
  form: ClauseForm;
}

type LabelKind = "lead" | "co" | "resp" | "field";

/** Labels that introduce a list of units. Any other short label before a colon is a field (完成时限：). */
const LABELS = new Map<string, LabelKind>();
for (const label of [
  "牵头单位",
  "牵头部门",
  "牵头责任单位",
  "牵头责任部门",
  "牵头机关",
  "牵头处室",
  "牵头科室",
  "主办单位",
  "主办部门",
  "承办单位",
  "承办部门",
  "主责单位",
  "主责部门",
  "牵头",
  "主办",
])
  LABELS.set(label, "lead");
for (const label of [
  "配合单位",
  "配合部门",
  "配合责任单位",
  "协办单位",
  "协办部门",
  "协同责任单位",
  "协同单位",
  "协同部门",
  "协作单位",
  "协作部门",
  "协助单位",
  "参与单位",
  "参与部门",
  "配合",
  "协办",
  "参与",
])
  LABELS.set(label, "co");
for (const label of [
  "责任单位",
  "负责单位",
  "责任部门",
  "负责部门",
  "责任主体",
  "责任处室",
  "责任科室",
  "实施单位",
  "落实单位",
  "承担单位",
])
  LABELS.set(label, "resp");

/** Longest label accepted (in characters) before the colon. */
const MAX_LABEL = 10;
/** Longest bracket content read as a verb-form clause. */
const MAX_VERB_CLAUSE = 300;

type VerbKind = "lead" | "resp-verb" | "co";
/** Verb endings of the （X牵头，Y配合） forms, longest first within each overlap. */
const VERBS: [string, VerbKind][] = [
  ["为牵头单位", "lead"],
  ["牵头负责", "lead"],
  ["牵头落实", "lead"],
  ["牵头实施", "lead"],
  ["牵头抓总", "lead"],
  ["牵头推进", "lead"],
  ["牵头组织", "lead"],
  ["牵头", "lead"],
  ["为配合单位", "co"],
  ["配合落实", "co"],
  ["配合实施", "co"],
  ["配合推进", "co"],
  ["协同配合", "co"],
  ["协助配合", "co"],
  ["配合", "co"],
  ["参与", "co"],
  ["协助", "co"],
  ["协办", "co"],
  ["协同", "co"],
  ["负责落实", "resp-verb"],
  ["负责实施", "resp-verb"],
  ["负责推进", "resp-verb"],
  ["具体负责", "resp-verb"],
  ["具体落实", "resp-verb"],
  ["具体实施", "resp-verb"],
  ["组织实施", "resp-verb"],
  ["抓好落实", "resp-verb"],
  ["抓落实", "resp-verb"],
  ["负责", "resp-verb"],
  ["落实", "resp-verb"],
  ["实施", "resp-verb"],
];
/** Words between the units and the verb: Y按职责分工负责, Y分别负责. */
const MODIFIERS = [
  "按照各自职责",
  "根据职责分工",
  "按照职责分工",
  "按各自职责",
  "按职责分工",
  "按照职责",
  "依据职责",
  "根据职责",
  "按职责",
  "依职责",
  "各负其责",
  "各司其职",
  "分别",
  "共同",
  "具体",
  "抓好",
  "做好",
  "积极",
];
/** Words before the units: 由X牵头. */
const LEAD_INS = ["主要由", "分别由", "均由", "由"];
/** Parts of a verb clause that are a time, not a statement: （X牵头，2022年底前完成）. */
const TIME_WORDS = ["持续推进", "长期坚持", "长期推进", "持续实施", "持续开展", "长期"];
const VERB_HINT = /牵头|负责|落实|实施/;

interface LabelMatch {
  kind: LabelKind;
  /** Offset of the label's first character. */
  start: number;
  /** Offset just past the colon. */
  contentStart: number;
}

type SegmentKind = "lead" | "co" | "resp-list" | "resp-verb";

interface Segment {
  kind: SegmentKind;
  units: UnitToken[];
}

interface SegmentsRead {
  segments: Segment[];
  /** Just past the last list read (past its 。 when it ended with one). */
  end: number;
  /** Nothing but white space is left before the limit. */
  toLimit: boolean;
}

interface RangeLine {
  contentStart: number;
  contentEnd: number;
}

const FULL_STOP = 0x3002; // 。
/** What `splitUnitList` may drop between names besides spaces, separators and stray brackets. */
const FILLER_CHARS = "等和及与以。．";

function isColon(code: number): boolean {
  return code === 0xff1a || code === 0x3a || code === 0xfe30 || code === 0xfe55;
}

/** Sentence ends after which an unbracketed label may start: 。 ； ; ！ ! ？ ? */
function isSentenceEnd(code: number): boolean {
  return (
    code === FULL_STOP ||
    code === 0xff1b ||
    code === 0x3b ||
    code === 0xff01 ||
    code === 0x21 ||
    code === 0xff1f ||
    code === 0x3f
  );
}

function isChineseNumeral(code: number): boolean {
  return "一二三四五六七八九十百〇零".includes(String.fromCharCode(code));
}

/**
 * Finds every responsibility clause in `text.slice(from, to)`. Offsets are absolute (UTF-16);
 * each assignment's span covers exactly the unit name as written. Never throws; linear time.
 */
export function findClauses(
  text: string,
  from: number,
  to: number,
): { clauses: Clause[]; diagnostics: Diagnostic[] } {
  const start = Math.max(0, Math.min(Number.isFinite(from) ? Math.floor(from) : 0, text.length));
  const end = Math.max(start, Math.min(Number.isFinite(to) ? Math.floor(to) : text.length, text.length));
  if (!mayHoldClause(text, start, end)) return { clauses: [], diagnostics: [] };
  return new ClauseScanner(text, start, end).run();
}

/**
 * Every clause contains a whole label or verb. Most of those words hold a distinctive piece (牵头,
 * 配合, 单位 …); the rest are 落实/实施 verbs, which only form a clause inside brackets. A range
 * with neither holds no clause, so most paragraphs are skipped in one pass.
 */
const DISTINCTIVE = new Set<number>();
/** First characters of the distinctive pieces: a cheap test before the set lookup. */
const FIRST = new Uint8Array(0x10000);
const bigram = (word: string, i: number) => word.charCodeAt(i) * 0x10000 + word.charCodeAt(i + 1);
for (const word of [
  "牵头",
  "配合",
  "负责",
  "单位",
  "部门",
  "参与",
  "协助",
  "协办",
  "协同",
  "协作",
  "主办",
  "承办",
  "主责",
  "处室",
  "科室",
  "主体",
]) {
  DISTINCTIVE.add(bigram(word, 0));
}
const BRACKETED_ONLY = [bigram("落实", 0), bigram("实施", 0)];
for (const word of [...LABELS.keys(), ...VERBS.map(([verb]) => verb)]) {
  const pieces = Array.from({ length: word.length - 1 }, (_, i) => bigram(word, i));
  if (pieces.some((piece) => DISTINCTIVE.has(piece) || BRACKETED_ONLY.includes(piece))) continue;
  // A word with no known piece: every piece of it counts, so nothing is ever missed.
  for (const piece of pieces) DISTINCTIVE.add(piece);
}

for (const piece of DISTINCTIVE) FIRST[Math.floor(piece / 0x10000)] = 1;
for (const piece of BRACKETED_ONLY) FIRST[Math.floor(piece / 0x10000)] = 1;
for (const ch of "（(〔［[【") FIRST[ch.charCodeAt(0)] = 1;

function mayHoldClause(text: string, from: number, to: number): boolean {
  let bracketed = false;
  let bracket = false;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (FIRST[code] === 0) continue;
    if (
      code === 0xff08 ||
      code === 0x28 ||
      code === 0x3014 ||
      code === 0xff3b ||
      code === 0x5b ||
      code === 0x3010
    ) {
      bracket = true;
      continue;
    }
    if (i + 1 >= to) break;
    const piece = code * 0x10000 + text.charCodeAt(i + 1);
    if (DISTINCTIVE.has(piece)) return true;
    if (piece === BRACKETED_ONLY[0] || piece === BRACKETED_ONLY[1]) bracketed = true;
  }
  return bracketed && bracket;
}

class ClauseScanner {
  private readonly clauses: Clause[] = [];
  private readonly diagnostics: Diagnostic[] = [];
  private readonly brackets: BracketMap;
  private readonly lines: RangeLine[] = [];

  constructor(
    private readonly text: string,
    private readonly from: number,
    private readonly to: number,
  ) {
    this.brackets = matchBrackets(text, from, to);
    let lineStart = from;
    while (lineStart <= to) {
      let lineEnd = text.indexOf("\n", lineStart);
      if (lineEnd === -1 || lineEnd > to) lineEnd = to;
      let contentStart = lineStart;
      let contentEnd = lineEnd;
      while (contentStart < contentEnd && isSpaceCode(text.charCodeAt(contentStart))) contentStart++;
      while (contentEnd > contentStart && isSpaceCode(text.charCodeAt(contentEnd - 1))) contentEnd--;
      this.lines.push({ contentStart, contentEnd });
      if (lineEnd >= to) break;
      lineStart = lineEnd + 1;
    }
  }

  run(): { clauses: Clause[]; diagnostics: Diagnostic[] } {
    const text = this.text;
    /** Closing offsets of the (non-clause) brackets enclosing the current position. */
    const enclosing: number[] = [];
    let covered = this.from;
    for (let li = 0; li < this.lines.length; li++) {
      let line = this.lines[li] as RangeLine;
      enclosing.length = 0;
      let i = Math.max(line.contentStart, covered);
      while (i < line.contentEnd) {
        while (enclosing.length > 0 && (enclosing[enclosing.length - 1] as number) < i) enclosing.pop();
        const close = this.brackets.closeOf(i);
        if (close >= 0) {
          if (this.tryBracket(i, close)) {
            covered = i = close + 1;
          } else {
            enclosing.push(close);
            i++;
          }
          continue;
        }
        if (this.brackets.isUnclosed(i)) {
          const clauseEnd = this.tryUnclosed(i, line);
          if (clauseEnd > i) covered = i = clauseEnd;
          else i++;
          continue;
        }
        const code = text.charCodeAt(i);
        if (
          enclosing.length === 0 &&
          isCjkCode(code) &&
          (i === line.contentStart ||
            isSentenceEnd(text.charCodeAt(i - 1)) ||
            isSpaceCode(text.charCodeAt(i - 1)))
        ) {
          const label = this.matchLabel(i, line.contentEnd);
          if (label && label.kind !== "field") {
            const run = this.readRun(i, li);
            covered = run.consumedEnd;
            if (run.lastLine !== li) {
              li = run.lastLine;
              line = this.lines[li] as RangeLine;
              enclosing.length = 0;
            }
            i = Math.max(covered, line.contentStart);
            continue;
          }
        }
        i++;
      }
    }
    return { clauses: this.clauses, diagnostics: this.diagnostics };
  }

  /**
   * Reads `label：` at `pos`: a run of 2–10 ideographs, optional spaces, a colon. Returns its kind
   * (`field` for a label that does not introduce units, such as 完成时限).
   */
  private matchLabel(pos: number, limit: number): LabelMatch | null {
    const text = this.text;
    let i = pos;
    while (i < limit && i - pos <= MAX_LABEL && isCjkCode(text.charCodeAt(i))) i++;
    const wordEnd = i;
    if (wordEnd - pos < 2 || wordEnd - pos > MAX_LABEL) return null;
    while (i < limit && i - wordEnd < 4 && isSpaceCode(text.charCodeAt(i))) i++;
    if (i >= limit || !isColon(text.charCodeAt(i))) return null;
    const kind = LABELS.get(text.slice(pos, wordEnd)) ?? "field";
    return { kind, start: pos, contentStart: i + 1 };
  }

  private skipSpaces(pos: number, limit: number): number {
    while (pos < limit && isSpaceCode(this.text.charCodeAt(pos))) pos++;
    return pos;
  }

  /** Back over white space and list separators: the end of a list as written. */
  private trimListEnd(start: number, end: number): number {
    while (end > start) {
      const code = this.text.charCodeAt(end - 1);
      if (!isSpaceCode(code) && !isUnitSeparatorCode(code)) break;
      end--;
    }
    return end;
  }

  /** A bracket pair whose content is a numbering marker: （2） (二) 【3】. */
  private isNumberMarker(open: number, close: number): boolean {
    const length = close - open - 1;
    if (length < 1 || length > 4) return false;
    for (let k = open + 1; k < close; k++) {
      const code = this.text.charCodeAt(k);
      if (!isDigitCode(code) && !isChineseNumeral(code)) return false;
    }
    return true;
  }

  /**
   * Reads labelled lists from the label at `pos` up to `limit`: `label：list` segments separated
   * by separators or spaces. A list ends at the next label, at 。, at a numbering marker such as
   * （2） or ①, or at the limit; after 。 or a marker reading goes on only if a label follows.
   */
  private readSegments(pos: number, limit: number): SegmentsRead {
    const text = this.text;
    const segments: Segment[] = [];
    let end = pos;
    let toLimit = true;
    let label = this.matchLabel(pos, limit);
    while (label) {
      let i = label.contentStart;
      let listEnd = limit;
      let after = -1; // where a stop (。 or a marker) leaves off
      let fullStop = false;
      let next: LabelMatch | null = null;
      while (i < limit) {
        const close = this.brackets.closeOf(i);
        if (close >= 0 && close < limit) {
          if (this.isNumberMarker(i, close)) {
            listEnd = after = i;
            break;
          }
          i = close + 1;
          continue;
        }
        const code = text.charCodeAt(i);
        if (code === FULL_STOP) {
          listEnd = i;
          after = i + 1;
          fullStop = true;
          const j = this.skipSpaces(i + 1, limit);
          if (j < limit) next = this.matchLabel(j, limit);
          break;
        }
        if (code >= 0x2460 && code <= 0x2473) {
          listEnd = after = i; // ①…⑳
          break;
        }
        if (isUnitSeparatorCode(code) || isSpaceCode(code)) {
          const j = this.skipSpaces(i + 1, limit);
          if (j < limit && isCjkCode(text.charCodeAt(j))) {
            next = this.matchLabel(j, limit);
            if (next) {
              listEnd = i;
              break;
            }
          }
        }
        i++;
      }
      if (label.kind !== "field") {
        const units = splitUnitList(text, label.contentStart, listEnd, this.brackets);
        segments.push({ kind: label.kind === "resp" ? "resp-list" : label.kind, units });
        end = fullStop ? after : this.trimListEnd(label.contentStart, listEnd);
      }
      if (!next) {
        if (after >= 0) toLimit = this.skipSpaces(after, limit) >= limit;
        break;
      }
      label = next;
    }
    return { segments, end, toLimit };
  }

  /** A matched bracket pair: a labelled clause, a verb clause, or nothing. */
  private tryBracket(open: number, close: number): boolean {
    const text = this.text;
    let i = this.skipSpaces(open + 1, close);
    let boundary = true;
    while (i < close) {
      const inner = this.brackets.closeOf(i);
      if (inner >= 0 && inner < close) {
        i = inner + 1;
        boundary = false;
        continue;
      }
      const code = text.charCodeAt(i);
      if (boundary && isCjkCode(code)) {
        const label = this.matchLabel(i, close);
        if (label && label.kind !== "field") {
          const read = this.readSegments(i, close);
          this.addClause({ start: open, end: close + 1 }, read.segments, "bracket");
          return true;
        }
      }
      // An unmatched bracket is a boundary too: 〔（责任单位：A〕 still reads.
      boundary =
        isUnitSeparatorCode(code) || isSpaceCode(code) || isSentenceEnd(code) || bracketFamily(code) !== 0;
      i++;
    }
    return this.tryVerbClause(open, close);
  }

  /** An opening bracket without partner: a labelled clause runs to the end of its line. */
  private tryUnclosed(open: number, line: RangeLine): number {
    const labelAt = this.skipSpaces(open + 1, line.contentEnd);
    const label = this.matchLabel(labelAt, line.contentEnd);
    if (!label || label.kind === "field") return -1;
    const read = this.readSegments(labelAt, line.contentEnd);
    const span = { start: open, end: read.toLimit ? line.contentEnd : read.end };
    this.diagnostics.push({
      code: "unclosed-clause",
      severity: "warning",
      message: "责任条款缺少右括号，已按行末（或列表结束处）截取",
      span: { ...span },
    });
    this.addClause(span, read.segments, "bracket");
    return span.end;
  }

  /**
   * Labels outside brackets: own-line (at line start) or inline (after a sentence end). Consecutive
   * lines that start with a label continue the clause (牵头单位：X / 配合单位：Y), blank lines
   * between them allowed, unless the next line repeats a kind of label already read.
   */
  private readRun(pos: number, lineIndex: number): { consumedEnd: number; lastLine: number } {
    const segments: Segment[] = [];
    const first = this.lines[lineIndex] as RangeLine;
    const ownLine = pos === first.contentStart;
    let spanEnd = pos;
    let consumedEnd: number;
    let li = lineIndex;
    let at = pos;
    for (;;) {
      const line = this.lines[li] as RangeLine;
      const read = this.readSegments(at, line.contentEnd);
      segments.push(...read.segments);
      if (read.segments.length > 0) spanEnd = read.end;
      consumedEnd = Math.max(spanEnd, read.toLimit ? line.contentEnd : read.end);
      if (!read.toLimit) break;
      let next = li + 1;
      while (next < this.lines.length) {
        const candidate = this.lines[next] as RangeLine;
        if (candidate.contentStart < candidate.contentEnd) break;
        next++;
      }
      if (next >= this.lines.length) break;
      const nextLine = this.lines[next] as RangeLine;
      const label = this.matchLabel(nextLine.contentStart, nextLine.contentEnd);
      if (!label) break;
      if (label.kind !== "field") {
        const kind: SegmentKind = label.kind === "resp" ? "resp-list" : label.kind;
        if (segments.some((segment) => segment.kind === kind)) break;
      }
      li = next;
      at = nextLine.contentStart;
    }
    this.addClause({ start: pos, end: spanEnd }, segments, ownLine ? "own-line" : "inline-label");
    return { consumedEnd, lastLine: li };
  }

  /** （X牵头，Y配合） （X负责） （由X牵头，Y、Z按职责分工负责）: every part a statement about units. */
  private tryVerbClause(open: number, close: number): boolean {
    const text = this.text;
    if (close - open - 1 > MAX_VERB_CLAUSE || close - open - 1 < 3) return false;
    if (!VERB_HINT.test(text.slice(open + 1, close))) return false;
    const parts: [number, number][] = [];
    let partStart = open + 1;
    for (let i = open + 1; i < close; i++) {
      const inner = this.brackets.closeOf(i);
      if (inner >= 0 && inner < close) {
        i = inner;
        continue;
      }
      const code = text.charCodeAt(i);
      if (code === 0xff0c || code === 0x2c || code === 0xff1b || code === 0x3b) {
        parts.push([partStart, i]);
        partStart = i + 1;
      }
    }
    parts.push([partStart, close]);
    const segments: Segment[] = [];
    let hasMain = false;
    for (const [partFrom, partTo] of parts) {
      let a = this.skipSpaces(partFrom, partTo);
      let b = partTo;
      while (b > a && (isSpaceCode(text.charCodeAt(b - 1)) || text.charCodeAt(b - 1) === FULL_STOP)) b--;
      if (a >= b) continue;
      const part = text.slice(a, b);
      const leadIn = LEAD_INS.find((word) => part.startsWith(word));
      if (leadIn) a += leadIn.length;
      const verb = VERBS.find(([ending]) => part.endsWith(ending));
      if (!verb) {
        if (isTimeLike(part)) continue;
        return false;
      }
      let unitsEnd = b - verb[0].length;
      for (let stripped = true; stripped;) {
        stripped = false;
        for (const modifier of MODIFIERS) {
          if (unitsEnd - modifier.length >= a && text.startsWith(modifier, unitsEnd - modifier.length)) {
            unitsEnd -= modifier.length;
            stripped = true;
          }
        }
      }
      if (unitsEnd <= a) return false;
      const units = splitUnitList(text, a, unitsEnd, this.brackets);
      if (units.length === 0 || !units.every((unit) => looksLikeUnitName(unit.unit))) return false;
      // Units must account for the whole text before the verb: nothing dropped as prose.
      if (!this.coversAll(units, a, unitsEnd)) return false;
      segments.push({ kind: verb[1], units });
      if (verb[1] !== "co") hasMain = true;
    }
    if (!hasMain) return false;
    this.addClause({ start: open, end: close + 1 }, segments, "verb");
    return true;
  }

  /** True when only separators, spaces and 等 lie between the units of [from, to). */
  private coversAll(units: UnitToken[], from: number, to: number): boolean {
    let at = from;
    for (const unit of units) {
      if (!this.onlyFiller(at, unit.span.start)) return false;
      at = unit.span.end;
    }
    return this.onlyFiller(at, to);
  }

  /** Spaces, separators, 等, 和/及/与/以 (before 各), 。 and stray brackets: what splitting drops. */
  private onlyFiller(from: number, to: number): boolean {
    for (let k = from; k < to; k++) {
      const code = this.text.charCodeAt(k);
      if (isSpaceCode(code) || isUnitSeparatorCode(code) || bracketFamily(code) !== 0) continue;
      if (FILLER_CHARS.includes(String.fromCharCode(code))) continue;
      return false;
    }
    return true;
  }

  /** Resolves roles, merges duplicates and records the clause. */
  private addClause(
    span: Span,
    segments: Segment[],
    family: "bracket" | "verb" | "own-line" | "inline-label",
  ): void {
    const hasLeadSegment = segments.some((segment) => segment.kind === "lead" && segment.units.length > 0);
    const hasMarkedLead = segments.some((segment) => segment.units.some((unit) => unit.marked === "lead"));
    const hasLead = hasLeadSegment || hasMarkedLead;
    const assignments: Assignment[] = [];
    const byName = new Map<string, Assignment>();
    let firstListed = true;
    for (const segment of segments) {
      for (const unit of segment.units) {
        let role: AssignmentRole;
        let inferred = false;
        if (segment.kind === "lead") role = "lead";
        else if (segment.kind === "co") role = "co";
        else if (segment.kind === "resp-verb") role = hasLead ? "co" : "lead";
        else {
          inferred = !hasLead && firstListed;
          role = inferred ? "lead" : "co";
          firstListed = false;
        }
        if (unit.marked) {
          role = unit.marked;
          inferred = false;
        }
        const seen = byName.get(unit.unit);
        if (seen) {
          if (role === "lead" && (seen.role !== "lead" || (seen.inferred && !inferred))) {
            seen.role = "lead";
            if (inferred) seen.inferred = true;
            else delete seen.inferred;
          }
          this.diagnostics.push({
            code: "duplicate-unit",
            severity: "warning",
            message: `责任单位“${unit.unit}”在同一条款中重复列出，已合并为一项`,
            span: { ...unit.span },
            related: [{ ...seen.span }],
          });
          continue;
        }
        const assignment: Assignment = {
          unit: unit.unit,
          role,
          collective: unit.collective,
          span: { ...unit.span },
        };
        if (inferred) assignment.inferred = true;
        byName.set(unit.unit, assignment);
        assignments.push(assignment);
      }
    }
    let form: ClauseForm;
    if (family === "bracket") form = hasLead ? "bracket-lead-responsible" : "bracket-responsible";
    else if (family === "verb")
      form = segments.some((segment) => segment.kind === "lead") ? "x-lead-y-co" : "x-responsible";
    else form = family;
    if (assignments.length === 0) {
      this.diagnostics.push({
        code: "empty-clause",
        severity: "warning",
        message: "责任条款未列出任何责任单位",
        span: { ...span },
      });
    }
    this.clauses.push({ span, assignments, form });
  }
}

/** 2022年底前完成, 12月底前, 持续推进: a time, not units. */
function isTimeLike(part: string): boolean {
  if (TIME_WORDS.includes(part)) return true;
  if (/[0-9０-９一二三四五六七八九十〇]/.test(part) && /[年月日]|季度/.test(part)) return true;
  return /(完成|之前|以前|前|底|止)$/.test(part);
}
