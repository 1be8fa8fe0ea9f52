/**
 * Reading the values of indicators: table cells such as `7△`, `【250】`, `≥65`, `350左右△`, `达标`,
 * `10.7:29.6:59.7` or `－`, and the number-with-unit tokens of goal sentences (`1100亿元`, `95%`,
 * `18平方公里`). Pure and synchronous; every reader is linear in its input.
 */
import type { Comparator, IndicatorValue, Span, ValueMark } from "./types.js";

/**
 * What each footnote symbol of a table means, as its 备注 defines it: `【】` and `△` are the usual
 * keys. `null` means the 备注 gives the symbol a meaning that is not a value mark (带“△”的为重点专项规划).
 */
export type MarkLegend = Readonly<Record<string, ValueMark | null>>;

/** The meanings used when no 备注 says otherwise: 【】 cumulative over the plan period, △ a five-year average. */
export const DEFAULT_MARK_LEGEND: MarkLegend = { "【】": "cumulative", "△": "average" };

/** Footnote symbols that may follow or precede a value; `【】` (brackets round the value) is handled apart. */
const MARK_SYMBOLS = ["△", "▲", "☆", "★", "※", "*", "▽", "◆", "◇", "#"] as const;

/** What a value says, before it is tied to a place in the text. */
export interface ValueReading {
  value?: number;
  comparator?: Comparator;
  qualitative?: string;
  marks: ValueMark[];
  /** Unit written with the number (`亿元` of `1100亿元`, `%` of `9%左右`), half-width. */
  unit?: string;
  /** The parts of a ratio such as `10.7:29.6:59.7` (three-sector structure) or `2.4:1`. */
  ratio?: number[];
  /** Both ends of a range such as `25～30`. */
  range?: [number, number];
  /** The cell says there is no value: `－`, `-`, `—`, `/`, `无`. */
  none?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Width folding
// ---------------------------------------------------------------------------------------------

function foldCode(code: number): number {
  if (code >= 0xff01 && code <= 0xff5e) return code - 0xfee0;
  if (code === 0x3000) return 0x20;
  if (code === 0xfe6a) return 0x25; // ﹪
  if (code === 0x2267) return 0x2265; // ≧ → ≥
  if (code === 0x2266) return 0x2264; // ≦ → ≤
  if (code === 0x2215) return 0x2f; // ∕
  return code;
}

/**
 * Maps full-width ASCII (０-９, ％, ＜, ．, （ …), the ideographic space, ﹪, ≧, ≦ and ∕ to their
 * half-width forms, one UTF-16 unit for one, so offsets into the result are offsets into the input.
 */
export function foldWidth(text: string): string {
  let first = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== foldCode(code)) {
      first = i;
      break;
    }
  }
  if (first === -1) return text;
  const codes = new Uint16Array(text.length - first);
  for (let i = first; i < text.length; i++) codes[i - first] = foldCode(text.charCodeAt(i));
  // One UTF-16 unit in, one out (a lone surrogate becomes U+FFFD, still one unit).
  return text.slice(0, first) + UTF16.decode(codes);
}

const UTF16 = new TextDecoder("utf-16le");

// ---------------------------------------------------------------------------------------------
// Chinese numerals
// ---------------------------------------------------------------------------------------------

const CN_DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  "○": 0,
  Ｏ: 0,
  O: 0,
  一: 1,
  壹: 1,
  二: 2,
  贰: 2,
  两: 2,
  三: 3,
  叁: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
};
const CN_SMALL_UNITS: Readonly<Record<string, number>> = {
  十: 10,
  拾: 10,
  百: 100,
  佰: 100,
  千: 1000,
  仟: 1000,
};

/** Characters of a Chinese numeral (digits, zero forms, 十百千万亿, 点). */
export const CHINESE_NUMBER_CHARS = "零〇○Ｏ一壹二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万亿点";

/**
 * Reads a Chinese numeral: 一 → 1, 十二 → 12, 一百零五 → 105, 三万五千 → 35000, 三点五 → 3.5, and
 * digit-by-digit forms without 十百千 such as the years 二〇三五 / 二○三五 → 2035. ASCII and
 * full-width digits pass through (`１２` → 12). Returns undefined for anything else.
 */
export function parseChineseNumber(text: string): number | undefined {
  const s = foldWidth(text).trim();
  if (s.length === 0) return undefined;
  if (/^\d+(?:\.\d+)?$/.test(s)) return Number(s);
  const point = s.indexOf("点");
  if (point !== -1) {
    const whole = point === 0 ? 0 : parseChineseNumber(s.slice(0, point));
    const fraction = s.slice(point + 1);
    if (whole === undefined || fraction.length === 0) return undefined;
    let digits = "";
    for (const ch of fraction) {
      const d = CN_DIGITS[ch];
      if (d === undefined) return undefined;
      digits += String(d);
    }
    return Number(`${whole}.${digits}`);
  }
  let hasUnit = false;
  for (const ch of s) {
    if (ch in CN_SMALL_UNITS || ch === "万" || ch === "亿") {
      hasUnit = true;
      break;
    }
  }
  if (!hasUnit) {
    // Digit by digit: 二〇三五 → 2035. Mixed ASCII digits are allowed (2〇35 is a typo, still read).
    let value = 0;
    for (const ch of s) {
      const d = CN_DIGITS[ch] ?? (ch >= "0" && ch <= "9" ? ch.charCodeAt(0) - 48 : undefined);
      if (d === undefined) return undefined;
      value = value * 10 + d;
    }
    return value;
  }
  let total = 0; // completed 亿 and 万 groups
  let section = 0; // the current group below 万
  let digit: number | undefined;
  let i = 0;
  while (i < s.length) {
    const ch = s[i] as string;
    // An ASCII number inside a Chinese numeral: 3万, 1.5亿.
    if (ch >= "0" && ch <= "9") {
      let j = i;
      while (j < s.length && /[\d.]/.test(s[j] as string)) j++;
      digit = Number(s.slice(i, j));
      if (Number.isNaN(digit)) return undefined;
      i = j;
      continue;
    }
    const d = CN_DIGITS[ch];
    if (d !== undefined) {
      digit = d;
    } else if (ch in CN_SMALL_UNITS) {
      section += (digit ?? 1) * (CN_SMALL_UNITS[ch] as number);
      digit = undefined;
    } else if (ch === "万") {
      total += (section + (digit ?? 0) || 1) * 1e4;
      section = 0;
      digit = undefined;
    } else if (ch === "亿") {
      total = (total + section + (digit ?? 0) || 1) * 1e8;
      section = 0;
      digit = undefined;
    } else {
      return undefined;
    }
    i++;
  }
  return round(total + section + (digit ?? 0));
}

/**
 * Indexes words by their first character, longest first, so that finding the word written at a
 * position costs one map lookup in the common case where none is.
 */
export function wordIndex<T>(
  entries: ReadonlyArray<readonly [string, T]>,
): (s: string, at: number) => [string, T] | undefined {
  const byFirst = new Map<number, [string, T][]>();
  for (const [word, value] of entries) {
    const first = word.charCodeAt(0);
    const list = byFirst.get(first) ?? [];
    list.push([word, value]);
    byFirst.set(first, list);
  }
  for (const list of byFirst.values()) list.sort((x, y) => y[0].length - x[0].length);
  return (s, at) => {
    const list = byFirst.get(s.charCodeAt(at));
    if (!list) return undefined;
    for (const entry of list) if (s.startsWith(entry[0], at)) return entry;
    return undefined;
  };
}

/** Rounds away binary noise: 1.1 * 1e8 → 110000000, not 110000000.00000001. */
function round(value: number): number {
  return Number(value.toPrecision(15));
}

// ---------------------------------------------------------------------------------------------
// Numbers and units inside (folded) text
// ---------------------------------------------------------------------------------------------

const MAGNITUDES: ReadonlyArray<readonly [string, number]> = [
  ["万亿", 1e12],
  ["千万", 1e7],
  ["百万", 1e6],
  ["十万", 1e5],
  ["亿", 1e8],
  ["万", 1e4],
  ["千", 1e3],
  ["百", 1e2],
];

/** Measurement units written after a number; longest first where one is a prefix of another. */
const BASE_UNITS = [
  "吨标准煤",
  "平方公里",
  "平方千米",
  "立方米",
  "平方米",
  "千瓦时",
  "微克",
  "毫克",
  "千克",
  "公斤",
  "公里",
  "千米",
  "公顷",
  "千瓦",
  "兆瓦",
  "人民币",
  "美元",
  "人次",
  "标箱",
  "个",
  "元",
  "人",
  "户",
  "吨",
  "米",
  "亩",
  "家",
  "所",
  "座",
  "条",
  "项",
  "件",
  "张",
  "辆",
  "套",
  "天",
  "年",
  "岁",
  "倍",
  "次",
  "名",
  "位",
  "处",
  "台",
  "床",
  "部",
  "艘",
  "架",
  "册",
  "场",
  "支",
  "度",
  "斤",
  "株",
  "棵",
  "头",
  "只",
  "篇",
  "期",
  "片",
  "栋",
  "间",
  "宗",
  "类",
] as const;

const PERCENT_UNITS = ["个百分点", "百分点", "%", "‰"] as const;

const findPercent = wordIndex(PERCENT_UNITS.map((p) => [p, p] as const));
const findMagnitude = wordIndex(MAGNITUDES);
const findBaseUnit = wordIndex(BASE_UNITS.map((u) => [u, u] as const));

/** A number read at a position of folded text. */
export interface NumberToken {
  value: number;
  end: number;
}

/**
 * Reads an Arabic number (`95`, `10.7`, `-0.5`; with `thousands`, `1,100`) or 百分之N (value N,
 * followed by an implied `%`: see {@link readUnitAt}) starting exactly at `at` of folded text.
 */
export function readNumberAt(s: string, at: number, thousands = false): NumberToken | undefined {
  let i = at;
  if (s.startsWith("百分之", at)) {
    let j = at + 3;
    while (j < s.length && CHINESE_NUMBER_CHARS.includes(s[j] as string) && s[j] !== "万" && s[j] !== "亿")
      j++;
    if (j === at + 3) {
      // 百分之 followed by Arabic digits: 百分之95.
      const inner = readNumberAt(s, j);
      return inner ? { value: inner.value, end: inner.end } : undefined;
    }
    const value = parseChineseNumber(s.slice(at + 3, j));
    return value === undefined ? undefined : { value, end: j };
  }
  if (s[i] === "-" || s[i] === "+") i++;
  const digitsStart = i;
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  if (i === digitsStart) return undefined;
  if (thousands) {
    while (
      s[i] === "," &&
      isDigit(s.charCodeAt(i + 1)) &&
      isDigit(s.charCodeAt(i + 2)) &&
      isDigit(s.charCodeAt(i + 3)) &&
      !isDigit(s.charCodeAt(i + 4))
    ) {
      i += 4;
    }
  }
  if (s[i] === "." && isDigit(s.charCodeAt(i + 1))) {
    i++;
    while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  }
  const value = Number(s.slice(at, i).replace(/,/g, ""));
  return Number.isFinite(value) ? { value, end: i } : undefined;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** A unit read after a number. */
export interface UnitToken {
  unit: string;
  /** 1e4 for 万元, 1e8 for 亿元, 1 otherwise. */
  multiplier: number;
  /** The unit without its magnitude: 元 of 亿元. Empty for a bare 万 / 亿. */
  baseUnit: string;
  end: number;
}

/**
 * Reads a measurement unit at `at` of folded text: `%`, `‰`, `个百分点`, or an optional magnitude
 * (万, 亿, 千万 …) and a known unit (元, 人, 平方公里 …), with an optional `/per` part (万元/人,
 * 人/亿元). A bare magnitude (`20万`) is a unit too.
 */
export function readUnitAt(s: string, at: number): UnitToken | undefined {
  const percent = findPercent(s, at);
  if (percent) return { unit: percent[0], multiplier: 1, baseUnit: percent[0], end: at + percent[0].length };
  let i = at;
  let multiplier = 1;
  const magnitude = findMagnitude(s, i);
  if (magnitude) {
    multiplier = magnitude[1];
    i += magnitude[0].length;
  }
  const baseStart = i;
  const base = findBaseUnit(s, i)?.[0];
  if (base) i += base.length;
  if (i === at) return undefined;
  if (base && s[i] === "/") {
    let j = i + 1;
    j += findMagnitude(s, j)?.[0].length ?? 0;
    const per = findBaseUnit(s, j)?.[0];
    if (per) i = j + per.length;
  }
  return { unit: s.slice(at, i), multiplier, baseUnit: s.slice(baseStart, i), end: i };
}

/** An amount such as `1100亿元`: the number as written, its unit, and the value in the base unit. */
export interface Amount {
  /** The number as written: 1100 of 1100亿元. */
  value: number;
  /** The unit as written: 亿元. */
  unit: string;
  /** 1e8 for 亿, 1e4 for 万, 1 without a magnitude. */
  multiplier: number;
  /** value × multiplier: 110000000000 for 1100亿元. */
  normalized: number;
  /** The unit of `normalized`: 元 for 亿元, empty for a bare 万. */
  baseUnit: string;
}

/**
 * Reads a whole string as an amount: `1100亿元`, `35290万元`, `20万`, `１２万人`, `3.5亿美元`.
 * Returns undefined when anything but a number and a unit is written (`亿元以上企业`, `万元工业增加值`).
 */
export function parseAmount(text: string): Amount | undefined {
  const s = foldWidth(text).trim();
  const number = readNumberAt(s, 0, true);
  if (!number || s.startsWith("百分之")) return undefined;
  const unit = readUnitAt(s, number.end);
  if (!unit || unit.end !== s.length) return undefined;
  return {
    value: number.value,
    unit: unit.unit,
    multiplier: unit.multiplier,
    normalized: round(number.value * unit.multiplier),
    baseUnit: unit.baseUnit,
  };
}

// ---------------------------------------------------------------------------------------------
// Comparators
// ---------------------------------------------------------------------------------------------

/** Words and signs written before a number, longest first. */
const PREFIX_COMPARATORS: ReadonlyArray<readonly [string, Comparator]> = [
  ["不低于", ">="],
  ["不少于", ">="],
  ["不小于", ">="],
  ["不高于", "<="],
  ["不超过", "<="],
  ["不大于", "<="],
  ["不多于", "<="],
  ["大于等于", ">="],
  ["小于等于", "<="],
  ["至少", ">="],
  ["最少", ">="],
  ["至多", "<="],
  ["最多", "<="],
  ["超过", ">"],
  ["高于", ">"],
  ["大于", ">"],
  ["多于", ">"],
  ["低于", "<"],
  ["小于", "<"],
  ["少于", "<"],
  ["控制在", "<="],
  [">=", ">="],
  ["=>", ">="],
  ["<=", "<="],
  ["=<", "<="],
  ["≥", ">="],
  ["≤", "<="],
  ["⩾", ">="],
  ["⩽", "<="],
  [">", ">"],
  ["<", "<"],
  ["≈", "≈"],
  ["~", "≈"],
  ["约", "≈"],
  ["近", "≈"],
  ["超", ">"],
];

/** Words written after a number (and its unit), longest first. */
const SUFFIX_COMPARATORS: ReadonlyArray<readonly [string, Comparator]> = [
  ["及以上", ">="],
  ["及以下", "<="],
  ["以上", ">="],
  ["以下", "<="],
  ["以内", "<="],
  ["之内", "<="],
  ["左右", "≈"],
  ["上下", "≈"],
];

const findPrefixComparator = wordIndex(PREFIX_COMPARATORS);
const findSuffixComparator = wordIndex(SUFFIX_COMPARATORS);

/** Reads a comparator word or sign written before a number at `at`. */
export function readPrefixComparator(
  s: string,
  at: number,
): { comparator: Comparator; end: number } | undefined {
  const found = findPrefixComparator(s, at);
  return found ? { comparator: found[1], end: at + found[0].length } : undefined;
}

/** Reads 以上 / 以下 / 以内 / 左右 … written after a number at `at`. */
export function readSuffixComparator(
  s: string,
  at: number,
): { comparator: Comparator; end: number } | undefined {
  const found = findSuffixComparator(s, at);
  return found ? { comparator: found[1], end: at + found[0].length } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Mark legends (备注)
// ---------------------------------------------------------------------------------------------

const LEGEND_SYMBOL = /【\s*】|[△▲☆★※*▽◆◇]/g;

/**
 * Reads what a 备注 / 注 line says the table's symbols mean: `备注：1.【  】为规划期累计数，带△为五年平均数`
 * → `{"【】": "cumulative", "△": "average"}`; `带“△”的为重点专项规划` → `{"△": null}`. Symbols the
 * note does not mention keep their default meaning ({@link DEFAULT_MARK_LEGEND}).
 */
export function readMarkLegend(notes: string | undefined): MarkLegend {
  const legend: Record<string, ValueMark | null> = { ...DEFAULT_MARK_LEGEND };
  if (!notes) return legend;
  const s = foldWidth(notes);
  const found: { key: string; start: number; end: number }[] = [];
  for (const m of s.matchAll(LEGEND_SYMBOL)) {
    const key = m[0].startsWith("【") ? "【】" : m[0];
    found.push({ key, start: m.index, end: m.index + m[0].length });
  }
  const defined = new Set<string>();
  for (let k = 0; k < found.length; k++) {
    const { key, end } = found[k] as { key: string; end: number };
    if (defined.has(key)) continue; // the first definition of a symbol wins
    // The definition runs from the symbol to the next symbol or the end of the clause.
    let stop = k + 1 < found.length ? (found[k + 1] as { start: number }).start : s.length;
    const clauseEnd = s.slice(end, stop).search(/[;。\n]|\d+[.、]/);
    if (clauseEnd !== -1) stop = end + clauseEnd;
    const definition = s.slice(end, stop);
    if (!/^\s*[”"’']?\s*(?:的|者|内|中)?\s*(?:数据|数值|指标)?\s*(?:为|是|表示|系|代表|指)/.test(definition))
      continue;
    legend[key] = /累计/.test(definition) ? "cumulative" : /平均/.test(definition) ? "average" : null;
    defined.add(key);
  }
  return legend;
}

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

const NONE = /^(?:[-—–―_/\\…·.]+|无|空|暂无|不适用)$/;
const RATIO = /^(\d+(?:\.\d+)?)(?::\d+(?:\.\d+)?)+$/;
const RANGE = /^(\d+(?:\.\d+)?)(?:%|‰)?(?:~|-|—|–|至|到)(\d+(?:\.\d+)?)$/;
const CIRCLED_DIGITS = /[\u2460-\u2473]/g;
/** Words around a value that add nothing to it: `达到95`, `力争350`. */
const LEADING_VERBS = /^(?:力争|确保|争取|努力|实现)?(?:稳定在|保持在|维持在|达到|达)?/;

function markFor(symbol: string, legend: MarkLegend): ValueMark | null {
  if (symbol in legend) return legend[symbol] ?? null;
  return DEFAULT_MARK_LEGEND[symbol] ?? null;
}

function addMark(marks: ValueMark[], mark: ValueMark | null): void {
  if (mark && !marks.includes(mark)) marks.push(mark);
}

/**
 * Reads a value as written in a table cell, without a place in the text: see {@link parseValue}.
 * `legend` says what 【】 and △ mean (default: cumulative and average).
 */
export function readValue(raw: string, legend: MarkLegend = DEFAULT_MARK_LEGEND): ValueReading {
  let s = foldWidth(raw).replace(/\s+/g, "");
  const marks: ValueMark[] = [];

  // 【250】, 【  】: the brackets are a footnote mark round the value.
  const open = s.indexOf("【");
  const close = s.lastIndexOf("】");
  if (open !== -1 && close > open) {
    addMark(marks, markFor("【】", legend));
    s = s.slice(0, open) + s.slice(open + 1, close) + s.slice(close + 1);
  }
  // 7△, △7, 350左右△; a leading # is a sub-row marker of names, never of values, but is harmless here.
  for (const symbol of MARK_SYMBOLS) {
    if (!s.includes(symbol)) continue;
    if (symbol === "#" && !/^#|#$/.test(s)) continue;
    addMark(marks, markFor(symbol, legend));
    s = s.split(symbol).join("");
  }
  s = s.replace(CIRCLED_DIGITS, ""); // ① … ⑳ point at footnotes
  const cumulativeWord = /^(?:规划期|五年|期间)?累计/.exec(s);
  if (cumulativeWord) {
    addMark(marks, "cumulative");
    s = s.slice(cumulativeWord[0].length);
  } else if (/^(?:五年)?年均/.test(s) && /\d/.test(s)) {
    addMark(marks, "average");
    s = s.replace(/^(?:五年)?年均/, "");
  }

  const reading: ValueReading = { marks };
  if (s.length === 0) return reading;
  if (NONE.test(s)) {
    reading.none = true;
    return reading;
  }
  const ratio = RATIO.exec(s);
  if (ratio) {
    reading.ratio = s.split(":").map(Number);
    return reading;
  }
  const range = RANGE.exec(s);
  if (range) {
    reading.range = [Number(range[1]), Number(range[2])];
    const percent = /[%‰]/.exec(s);
    if (percent) reading.unit = percent[0];
    return reading;
  }

  let i = 0;
  const verb = /\d/.test(s) ? LEADING_VERBS.exec(s) : null;
  if (verb) i = verb[0].length;
  let comparator: Comparator | undefined;
  const prefix = readPrefixComparator(s, i);
  if (prefix) {
    comparator = prefix.comparator;
    i = prefix.end;
    if (s[i] === "=" && (comparator === ">" || comparator === "<")) {
      comparator = comparator === ">" ? ">=" : "<=";
      i++;
    }
  }
  const number = readNumberAt(s, i, true);
  if (number) {
    let j = number.end;
    let unit: string | undefined;
    if (s.startsWith("百分之", i)) unit = "%";
    const unitToken = readUnitAt(s, j);
    if (unitToken) {
      unit = unitToken.unit;
      j = unitToken.end;
    }
    const suffix = readSuffixComparator(s, j);
    if (suffix) {
      comparator = suffix.comparator;
      j = suffix.end;
    }
    if (j === s.length) {
      reading.value = number.value;
      if (comparator) reading.comparator = comparator;
      if (unit) reading.unit = unit;
      return reading;
    }
  }
  // Chinese numerals alone (十二, 一百) are values; any other text is a qualitative target.
  const chinese = /^[零〇○一二两三四五六七八九十百千万亿点]+$/.test(s) ? parseChineseNumber(s) : undefined;
  if (chinese !== undefined) {
    reading.value = chinese;
    if (comparator) reading.comparator = comparator;
    return reading;
  }
  reading.qualitative = s;
  return reading;
}

/**
 * Reads a value as written in a table cell or a sentence: `7△` → 7 with the average mark, `【250】`
 * → 250 cumulative, `【  】` → cumulative without a number, `≥65` → 65 `>=`, `3以上` → 3 `>=`,
 * `350左右△` → 350 `≈` average, `不低于90%` → 90 `>=`, `百分之百` → 100, `达标` → qualitative,
 * `10.7:29.6:59.7` → no number, `－` → nothing. `raw` is kept exactly as written; `notes` is the legend
 * read by {@link readMarkLegend} from the table's 备注.
 */
export function parseValue(raw: string, span: Span, notes?: MarkLegend): IndicatorValue {
  const reading = readValue(raw, notes ?? DEFAULT_MARK_LEGEND);
  return toIndicatorValue(raw, span, reading);
}

/** Turns a reading into the model's IndicatorValue, leaving out what is unknown. */
export function toIndicatorValue(
  raw: string,
  span: Span,
  reading: ValueReading,
  year?: number,
): IndicatorValue {
  const value: IndicatorValue = { raw, marks: reading.marks, span };
  if (reading.value !== undefined) value.value = reading.value;
  if (reading.comparator !== undefined) value.comparator = reading.comparator;
  if (reading.qualitative !== undefined) value.qualitative = reading.qualitative;
  if (year !== undefined) value.year = year;
  return value;
}
