/**
 * Low-level helpers for responsibility clauses: bracket matching that survives messy web copies,
 * splitting a written list of units (市发展改革委、市财政局，各乡镇（街道）) into names with exact
 * spans, and the two judgements made on a single name (collective? looks like a unit at all?).
 *
 * Pure and linear-time: no regular expressions over unbounded input, no I/O.
 */
import type { AssignmentRole, Span } from "./types.js";

/** True for the whitespace that pads Chinese documents: ASCII, NBSP, ideographic space, BOM, ZWSP. */
export function isSpaceCode(code: number): boolean {
  return (
    code === 0x20 ||
    code === 0x09 ||
    code === 0x0d ||
    code === 0xa0 ||
    code === 0x3000 ||
    code === 0xfeff ||
    code === 0x200b ||
    code === 0x0b ||
    code === 0x0c
  );
}

/** True for a CJK unified ideograph (basic block and extension A). */
export function isCjkCode(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf);
}

/** True for ASCII and full-width digits. */
export function isDigitCode(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0xff10 && code <= 0xff19);
}

/** Separators between units in a list: 、 ， , ； ; and the half-width ideographic comma ､. */
export function isUnitSeparatorCode(code: number): boolean {
  return (
    code === 0x3001 || code === 0xff0c || code === 0x2c || code === 0xff1b || code === 0x3b || code === 0xff64
  );
}

/**
 * Bracket family of a character: 1 opens a round bracket （ (, 2 opens a square one 〔 [ ［ 【 〖 ﹝;
 * the negative value closes that family; 0 is not a bracket. Full- and half-width forms of one family
 * match each other, so （…) and 〔…] pair up as they do in hand-typed text.
 */
export function bracketFamily(code: number): number {
  switch (code) {
    case 0xff08: // （
    case 0x28: // (
      return 1;
    case 0xff09: // ）
    case 0x29: // )
      return -1;
    case 0x3014: // 〔
    case 0x5b: // [
    case 0xff3b: // ［
    case 0x3010: // 【
    case 0x3016: // 〖
    case 0xfe5d: // ﹝
      return 2;
    case 0x3015: // 〕
    case 0x5d: // ]
    case 0xff3d: // ］
    case 0x3011: // 】
    case 0x3017: // 〗
    case 0xfe5e: // ﹞
      return -2;
    default:
      return 0;
  }
}

/** How far below the top of the stack a closing bracket may look for its partner. */
const MAX_SKIP = 4;

/**
 * Matched bracket pairs of one range. Pairs never cross a line break; a closing bracket pairs with
 * the nearest open bracket of its family (skipping at most four unclosed ones); an opening bracket
 * without partner on its line is "unclosed". Offsets outside the range answer "no partner".
 */
export class BracketMap {
  readonly from: number;
  readonly to: number;
  /** For an opening bracket: partner offset + 1; -1 when unclosed; 0 when not an opening bracket. */
  private readonly closeAt: Int32Array;
  /** For a closing bracket: partner offset + 1; 0 otherwise. */
  private readonly openAt: Int32Array;

  constructor(from: number, to: number) {
    this.from = from;
    this.to = Math.max(from, to);
    this.closeAt = new Int32Array(this.to - from);
    this.openAt = new Int32Array(this.to - from);
  }

  /** Offset of the closing partner of the opening bracket at `at`, or -1. */
  closeOf(at: number): number {
    if (at < this.from || at >= this.to) return -1;
    const value = this.closeAt[at - this.from] ?? 0;
    return value > 0 ? value - 1 : -1;
  }

  /** Offset of the opening partner of the closing bracket at `at`, or -1. */
  openOf(at: number): number {
    if (at < this.from || at >= this.to) return -1;
    return (this.openAt[at - this.from] ?? 0) - 1;
  }

  /** True for an opening bracket that has no partner on its line. */
  isUnclosed(at: number): boolean {
    if (at < this.from || at >= this.to) return false;
    return this.closeAt[at - this.from] === -1;
  }

  /** Records a pair (used by `matchBrackets`). */
  link(open: number, close: number): void {
    this.closeAt[open - this.from] = close + 1;
    this.openAt[close - this.from] = open + 1;
  }

  /** Marks an opening bracket as unclosed (used by `matchBrackets`). */
  markUnclosed(open: number): void {
    this.closeAt[open - this.from] = -1;
  }
}

/** Matches brackets in `text.slice(from, to)` line by line, in one pass. */
export function matchBrackets(text: string, from: number, to: number): BracketMap {
  const map = new BracketMap(from, to);
  const stackAt: number[] = [];
  const stackFamily: number[] = [];
  const flush = (): void => {
    for (const at of stackAt) map.markUnclosed(at);
    stackAt.length = 0;
    stackFamily.length = 0;
  };
  for (let i = from; i < map.to; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x0a) {
      flush();
      continue;
    }
    const family = bracketFamily(code);
    if (family > 0) {
      stackAt.push(i);
      stackFamily.push(family);
    } else if (family < 0) {
      const floor = Math.max(0, stackFamily.length - 1 - MAX_SKIP);
      let depth = stackFamily.length - 1;
      while (depth >= floor && stackFamily[depth] !== -family) depth--;
      if (depth < floor) continue; // a stray closing bracket
      for (let k = depth + 1; k < stackAt.length; k++) map.markUnclosed(stackAt[k] as number);
      map.link(stackAt[depth] as number, i);
      stackAt.length = depth;
      stackFamily.length = depth;
    }
  }
  flush();
  return map;
}

/** One unit named in a list, as written. */
export interface UnitToken {
  /** The name as written: trimmed, without a trailing 等 or a role mark such as （牵头）. */
  unit: string;
  /** Exactly the name: `text.slice(span.start, span.end) === unit`. */
  span: Span;
  /** A role written next to the name: 市发展改革委（牵头） → `lead`. */
  marked?: AssignmentRole;
  collective: boolean;
}

/** Role marks written in brackets right after a unit name. */
const ROLE_MARKS = new Map<string, AssignmentRole>([
  ["牵头", "lead"],
  ["牵头单位", "lead"],
  ["牵头部门", "lead"],
  ["主办", "lead"],
  ["配合", "co"],
  ["配合单位", "co"],
  ["参与", "co"],
  ["协办", "co"],
]);

/**
 * Splits a written list of units into names. Separators are 、，,；; and white space; brackets
 * are opaque (各县（市、区）政府 stays whole); 和/及/与/以及 directly before 各 also separate
 * (市财政局和各区县政府). A trailing 等 is dropped, 等部门/等单位 are kept. Parts containing a digit
 * (2022年底前完成) or a colon (a label that lost its separator) are dropped: they are not units.
 */
export function splitUnitList(
  text: string,
  from: number,
  to: number,
  brackets: BracketMap = matchBrackets(text, from, to),
): UnitToken[] {
  const out: UnitToken[] = [];
  let partStart = from;
  let i = from;
  while (i < to) {
    const close = brackets.closeOf(i);
    if (close >= 0 && close < to) {
      i = close + 1;
      continue;
    }
    const code = text.charCodeAt(i);
    if (isUnitSeparatorCode(code) || isSpaceCode(code)) {
      emitUnit(text, partStart, i, brackets, out);
      partStart = i + 1;
    } else if ((code === 0x548c || code === 0x53ca || code === 0x4e0e) && text.charCodeAt(i + 1) === 0x5404) {
      // 和各 / 及各 / 与各
      emitUnit(text, partStart, i, brackets, out);
      partStart = i + 1;
    } else if (code === 0x4ee5 && text.charCodeAt(i + 1) === 0x53ca && text.charCodeAt(i + 2) === 0x5404) {
      // 以及各
      emitUnit(text, partStart, i, brackets, out);
      partStart = i + 2;
      i++;
    }
    i++;
  }
  emitUnit(text, partStart, to, brackets, out);
  return out;
}

function emitUnit(text: string, start: number, end: number, brackets: BracketMap, out: UnitToken[]): void {
  let a = start;
  let b = end;
  for (;;) {
    while (a < b && isSpaceCode(text.charCodeAt(a))) a++;
    while (b > a && isSpaceCode(text.charCodeAt(b - 1))) b--;
    if (a >= b) return;
    const first = text.charCodeAt(a);
    const last = text.charCodeAt(b - 1);
    // Stray brackets at either end: an opener without partner, a closer without partner.
    if (bracketFamily(first) > 0 && brackets.closeOf(a) < 0) {
      a++;
      continue;
    }
    if (bracketFamily(last) < 0 && brackets.openOf(b - 1) < a) {
      b--;
      continue;
    }
    if (last === 0x3002 || last === 0xff0e) {
      b--; // 。 ．
      continue;
    }
    break;
  }
  let marked: AssignmentRole | undefined;
  if (bracketFamily(text.charCodeAt(b - 1)) < 0) {
    const open = brackets.openOf(b - 1);
    if (open > a) {
      const role = ROLE_MARKS.get(text.slice(open + 1, b - 1).trim());
      if (role) {
        marked = role;
        b = open;
        while (b > a && isSpaceCode(text.charCodeAt(b - 1))) b--;
      }
    }
  }
  if (b > a && text.charCodeAt(b - 1) === 0x7b49) {
    b--; // 等
    while (b > a && isSpaceCode(text.charCodeAt(b - 1))) b--;
  }
  if (a >= b) return;
  for (let k = a; k < b; k++) {
    const code = text.charCodeAt(k);
    if (isDigitCode(code) || code === 0xff1a || code === 0x3a) return; // a date or a stray label
  }
  const unit = text.slice(a, b);
  const token: UnitToken = { unit, span: { start: a, end: b }, collective: isCollectiveUnit(unit) };
  if (marked) token.marked = marked;
  out.push(token);
}

const COLLECTIVE_INFIXES = [
  "成员单位",
  "有关部门",
  "有关单位",
  "相关单位",
  "相关部门",
  "各有关",
  "各相关",
  "各部门",
  "各单位",
  "各级",
];

/**
 * A collective assignee: 各乡镇（街道）, 各区县（自治县）人民政府, XX领导小组成员单位, 市级各有关部门,
 * 各有关单位, 市财政局等部门. Rule: starts with 各; or contains 成员单位 / 有关部门 / 有关单位 /
 * 相关单位 / 相关部门 / 各有关 / 各相关 / 各部门 / 各单位 / 各级; or ends with 等部门 / 等单位.
 */
export function isCollectiveUnit(name: string): boolean {
  if (name.startsWith("各")) return true;
  if (name.endsWith("等部门") || name.endsWith("等单位")) return true;
  return COLLECTIVE_INFIXES.some((infix) => name.includes(infix));
}

/** Last characters of a body's name: 委 局 办 部 厅 院 会 府 … (after any trailing （…） group). */
const UNIT_FINALS = new Set(
  "委局办部厅院会府位门心司行队校团联社署馆所站室处组区县镇乡道村科股关园协构学庭厂狱市州盟旗台",
);
/** Characters that never occur in a body's name but do in prose. */
const PROSE_CHARS = new Set('的将把被。《》“”"：:？?！!');

/**
 * Whether a short string reads as the name of a body (市发展改革委, 县委党校（县行政学校）,
 * 各乡镇（街道）) rather than prose (所需经费由县财政, 2022年起). Used for the unlabelled
 * （X牵头，Y配合） forms, where nothing else says that X is a unit.
 */
export function looksLikeUnitName(name: string): boolean {
  if (name.length < 2 || name.length > 40) return false;
  for (let k = 0; k < name.length; k++) {
    const ch = name[k] as string;
    if (PROSE_CHARS.has(ch)) return false;
    if (isDigitCode(ch.charCodeAt(0))) return false;
    // 由 is prose (经费由县财政负责) except in 自由贸易试验区.
    if (ch === "由" && name[k - 1] !== "自") return false;
  }
  if (name.startsWith("各")) return name.length <= 20;
  const core = stripTrailingBracketGroups(name);
  const final = core.at(-1);
  return final !== undefined && UNIT_FINALS.has(final);
}

/** 各乡镇（街道） → 各乡镇; 区妇儿工委办（区妇联） → 区妇儿工委办. */
function stripTrailingBracketGroups(name: string): string {
  let end = name.length;
  while (end > 0 && bracketFamily(name.charCodeAt(end - 1)) < 0) {
    let depth = 0;
    let k = end - 1;
    for (; k >= 0; k--) {
      const family = bracketFamily(name.charCodeAt(k));
      if (family < 0) depth++;
      else if (family > 0 && --depth === 0) break;
    }
    if (k <= 0) break;
    end = k;
  }
  return name.slice(0, end);
}
