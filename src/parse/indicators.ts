/**
 * Indicators (measurable goals) from goal sentences (`到2020年，森林覆盖率达到52%`) and from
 * indicator tables (序号 | 指标名称（单位） | 2020年 | 2025年 | 属性). Pure and synchronous, linear in
 * the input; ids are left empty for the caller to assign.
 */
import type {
  Comparator,
  Diagnostic,
  Indicator,
  IndicatorAttribute,
  IndicatorValue,
  Span,
  TableCell,
  TableNode,
  ValueMark,
} from "./types.js";
import {
  foldWidth,
  parseChineseNumber,
  readMarkLegend,
  readNumberAt,
  readPrefixComparator,
  readSuffixComparator,
  readUnitAt,
  readValue,
  toIndicatorValue,
  wordIndex,
  type MarkLegend,
} from "./values.js";

// =============================================================================================
// Sentences
// =============================================================================================

/** What the caller knows about the text around a sentence. */
export interface SentenceContext {
  /** Target year when the sentence names none (e.g. the plan's end year). */
  defaultYear?: number;
  /** Category for every indicator found (the heading the paragraph sits under). */
  category?: string;
}

interface Verb {
  word: string;
  /** `change` verbs (增长, 降低 …) belong to the indicator's name: 地区生产总值年均增长 9%. */
  kind: "level" | "change";
  comparator?: Comparator;
}

const LEVEL_VERBS: ReadonlyArray<readonly [string, Comparator?]> = [
  ["提高到"],
  ["提高至"],
  ["提升到"],
  ["提升至"],
  ["增加到"],
  ["增加至"],
  ["增长到"],
  ["增长至"],
  ["增至"],
  ["上升到"],
  ["上升至"],
  ["扩大到"],
  ["扩大至"],
  ["降低到"],
  ["降低至"],
  ["降到"],
  ["降至"],
  ["下降到"],
  ["下降至"],
  ["减少到"],
  ["减少至"],
  ["减至"],
  ["缩小到"],
  ["缩小至"],
  ["控制在", "<="],
  ["控制到", "<="],
  ["保持在"],
  ["稳定在"],
  ["维持在"],
  ["达到"],
  ["达"],
  ["分别为"],
  ["超过", ">"],
  ["突破", ">"],
  ["迈上", ">="],
  ["不低于", ">="],
  ["不少于", ">="],
  ["不小于", ">="],
  ["不高于", "<="],
  ["不超过", "<="],
  ["不大于", "<="],
  ["高于", ">"],
  ["低于", "<"],
];
const CHANGE_VERBS = ["增长", "增加", "提高", "提升", "上升", "下降", "降低", "减少", "缩小"] as const;

/** Verbs by first character, longest first, so that 达到 wins over 达 and 增长到 over 增长. */
const findVerb = wordIndex<Verb>([
  ...LEVEL_VERBS.map(([word, comparator]): [string, Verb] => [
    word,
    comparator ? { word, kind: "level", comparator } : { word, kind: "level" },
  ]),
  ...CHANGE_VERBS.map((word): [string, Verb] => [word, { word, kind: "change" }]),
]);

function matchVerb(s: string, at: number, end: number): Verb | undefined {
  const found = findVerb(s, at);
  return found && at + found[0].length <= end ? found[1] : undefined;
}

/** Words that open a clause without being part of an indicator's name. */
const LEADING_WORDS = [
  "主要目标是",
  "目标是",
  "目标为",
  "其中",
  "同时",
  "并且",
  "而且",
  "以及",
  "推动",
  "推进",
  "促进",
  "确保",
  "力争",
  "争取",
  "努力",
  "实现",
  "预计",
  "全区",
  "全县",
  "全市",
  "全省",
  "全州",
  "全国",
  "全镇",
  "全乡",
  "全域",
  "我区",
  "我县",
  "我市",
  "我省",
  "我州",
  "本区",
  "本县",
  "本市",
  "使得",
] as const;

/** Adverbs between a name and its verb: 森林覆盖率[力争]达到, 分别[均]达到. */
const TRAILING_WORDS = [
  "进一步",
  "分别",
  "力争",
  "确保",
  "争取",
  "努力",
  "预计",
  "逐步",
  "稳步",
  "持续",
  "继续",
  "稳定",
  "基本",
  "全部",
  "总体",
  "有望",
  "必须",
  "需要",
  "将",
  "须",
  "均",
  "都",
  "至少",
  "最多",
  "至多",
] as const;

const TRAILING_COMPARATORS: Readonly<Record<string, Comparator>> = { 至少: ">=", 最多: "<=", 至多: "<=" };

/** Modifiers kept with a change verb: 地区生产总值[年均]增长. */
const CHANGE_MODIFIERS = ["年均", "平均", "每年", "年"] as const;

const YEAR_CONTEXT =
  /(?:力争|争取|确保|预计)?(到|至|截至|截止到|截止|于)?((?:19|20)\d{2}|[〇○零Ｏ一二][〇○零Ｏ一二三四五六七八九]{3})年(?:底|末|前|时)?/y;
const PLAN_CONTEXT =
  /(?:力争|争取|确保)?(?:到|至)?["“]?十([一二三四五六七八九])五["”]?(?:规划)?(?:期末|末期|末|时期|期间|期)?/y;
const CLAUSE_NOISE =
  /[\s"“”]*(?:[(][一二三四五六七八九十\d]{1,3}[)]|[一二三四五六七八九十]{1,3}[、.](?!\d)|\d{1,2}[、.](?!\d)|[\u2460-\u2473]|[―—\-·•]+)?[\s]*/y;
const BASELINE_YEAR = /(?:比|较|相比|与)((?:19|20)\d{2})年(?:底|末)?(?:相比)?/g;
const RELATIVE_BASE = /(?:比|较)上年(?:同期)?|同比|环比/g;
/** A name ends with a metric word (率, 量, 总值, 人口 …); a name that does not (恒合, 城镇) takes the head of the last one. */
const METRIC_END =
  /(?:[率量额值数比度积重入资模口命限程耗费价速位产级]|排放|水质|覆盖|普及|水平|人次|面积|里程)$/;
/** True before a verbless value: 达标率100%, …比重30%. */
function endsWithRate(s: string, at: number): boolean {
  return s[at - 1] === "率" || s.startsWith("比重", at - 2) || s.startsWith("比例", at - 2);
}

interface ValueItem {
  start: number;
  end: number;
  value: number;
  unit?: string;
  comparator?: Comparator;
}

interface ValueList {
  items: ValueItem[];
  end: number;
}

/** 。 ; ! ? and line breaks end a sentence (after width folding). */
function isSentenceEnd(code: number): boolean {
  return code === 0x3002 || code === 0x3b || code === 0x0a || code === 0x21 || code === 0x3f;
}

function isSpaceChar(ch: string | undefined): boolean {
  return ch === " " || ch === "\t" || ch === "\u00a0";
}

/** Reads `95%、85%和95%` (one or more number-with-unit values) at `at`; undefined unless every value has a unit. */
function readValueList(
  s: string,
  at: number,
  end: number,
  verbComparator?: Comparator,
): ValueList | undefined {
  const items: ValueItem[] = [];
  let i = at;
  while (isSpaceChar(s[i])) i++;
  for (;;) {
    const start = i;
    let comparator = verbComparator;
    const prefix = readPrefixComparator(s, i);
    if (prefix && !s.startsWith("控制在", i)) {
      comparator = prefix.comparator;
      i = prefix.end;
    }
    const number = readNumberAt(s, i);
    if (!number || number.end > end) break;
    let j = number.end;
    let unit: string | undefined = s.startsWith("百分之", i) ? "%" : undefined;
    const unitToken = readUnitAt(s, j);
    if (unitToken && unitToken.end <= end) {
      // 到2020年 and 2017年 are years, not values.
      if (
        unitToken.unit === "年" &&
        Number.isInteger(number.value) &&
        number.value >= 1900 &&
        number.value <= 2100
      ) {
        return undefined;
      }
      unit = unitToken.unit;
      j = unitToken.end;
    }
    // A number glued to more digits or letters (2.4:1, 3月) is not one of ours.
    if (!unit && j < end && /[0-9A-Za-z:.月日号]/.test(s[j] as string)) return undefined;
    const suffix = readSuffixComparator(s, j);
    if (suffix && suffix.end <= end) {
      comparator = suffix.comparator;
      j = suffix.end;
    }
    const item: ValueItem = { start, end: j, value: number.value };
    if (unit) item.unit = unit;
    if (comparator) item.comparator = comparator;
    items.push(item);
    i = j;
    // Another value after 、 和 及 与 以及?
    let k = i;
    if (s.startsWith("以及", k)) k += 2;
    else if (/[、和及与]/.test(s[k] ?? "")) k += 1;
    else break;
    while (isSpaceChar(s[k])) k++;
    const next = readPrefixComparator(s, k)?.end ?? k;
    if (!readNumberAt(s, next)) break;
    i = k;
  }
  if (items.length === 0) return undefined;
  // What follows a value ends it: 亿元以上企业 is a class of firms and 30个基层医疗卫生机构 counts
  // the object of an action, neither is a value of the name before the verb.
  const listEnd = (items[items.length - 1] as ValueItem).end;
  if (listEnd < end && !isValueBoundary(s, listEnd)) return undefined;
  // A unit written once at the end serves every value: 95、85和95%.
  const lastUnit = items[items.length - 1]?.unit;
  for (const item of items) {
    if (!item.unit && lastUnit) item.unit = lastUnit;
    if (!item.unit) return undefined;
  }
  return { items, end: (items[items.length - 1] as ValueItem).end };
}

function isValueBoundary(s: string, at: number): boolean {
  const ch = s[at] as string;
  return (
    /[\s,.;:!?。、()"“”’和及与或的等并，]/.test(ch) || /^(?:新台阶|水平|目标|大关)/.test(s.slice(at, at + 3))
  );
}

interface YearContext {
  year: number;
  end: number;
  /** 到2020年 governs the rest of the text; a bare 2017年 only its own sentence. */
  persistent: boolean;
}

function readYearContext(s: string, at: number): YearContext | undefined {
  YEAR_CONTEXT.lastIndex = at;
  const m = YEAR_CONTEXT.exec(s);
  if (m) {
    const year = parseChineseNumber(m[2] as string);
    if (year !== undefined && year >= 1949 && year <= 2100) {
      return { year, end: YEAR_CONTEXT.lastIndex, persistent: m[1] !== undefined };
    }
  }
  PLAN_CONTEXT.lastIndex = at;
  const plan = PLAN_CONTEXT.exec(s);
  if (plan) {
    const n = 10 + (parseChineseNumber(plan[1] as string) ?? 0);
    return { year: 2005 + (n - 10) * 5, end: PLAN_CONTEXT.lastIndex, persistent: true };
  }
  return undefined;
}

function skipNoise(s: string, at: number, end: number): number {
  CLAUSE_NOISE.lastIndex = at;
  CLAUSE_NOISE.exec(s);
  return Math.min(CLAUSE_NOISE.lastIndex, end);
}

const findLeadingWord = wordIndex(LEADING_WORDS.map((w) => [w, w] as const));
/** Spaces, list joiners and quotes before a name. */
const LEADING_JOINERS = new Set([...' \t\u00a0、和及与"“”'].map((ch) => ch.charCodeAt(0)));

function stripLeading(s: string, start: number, end: number): number {
  let i = start;
  for (;;) {
    while (i < end && LEADING_JOINERS.has(s.charCodeAt(i))) i++;
    const word = findLeadingWord(s, i)?.[0];
    if (!word || i + word.length >= end) return i;
    i += word.length;
  }
}

/**
 * Finds indicators in goal sentences: a name, a verb (达到, 增长, 降低, 提高到, 控制在, 超过,
 * 不低于, 迈上, 保持在 …) and a number with a unit or `%`. `text` may hold several sentences (a
 * paragraph); `span` is where it sits in the document. `到2020年，` (also 到二〇三五年 and
 * 到“十四五”末) sets the target year for the rest of the text; a bare `2017年` only for its sentence.
 *
 * - 森林覆盖率达到52% → 森林覆盖率, 52 %
 * - 地区生产总值年均增长9%左右 → 地区生产总值年均增长, 9 % ≈ (change verbs stay in the name)
 * - A、B和C分别达到95%、85%和95% → three indicators; 恒合、地宝土家族乡地区生产总值分别达到… →
 *   恒合土家族乡地区生产总值 and 地宝土家族乡地区生产总值 (a short first item takes the head of the last)
 * - 达标率100% (rate followed by a percentage) needs no verb.
 * Not indicators: numbers without a unit, years (到2025年), class names (亿元以上企业), actions
 * (每年至少开展1期: no metric verb).
 */
export function indicatorsFromSentence(text: string, span: Span, context: SentenceContext = {}): Indicator[] {
  const s = foldWidth(text);
  const out: Indicator[] = [];
  let paragraphYear = context.defaultYear;
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    if (i < s.length && !isSentenceEnd(s.charCodeAt(i))) continue;
    if (i > start) {
      const found = fromSentence(text, s, start, i, span.start, paragraphYear, context.category);
      paragraphYear = found.paragraphYear;
      out.push(...found.indicators);
    }
    start = i + 1;
  }
  return out;
}

/** What the readers of one sentence share. */
interface Sentence {
  /** The text as given and its width-folded copy (same offsets). */
  text: string;
  s: string;
  /** Where `text` starts in the document. */
  offset: number;
  span: Span;
  year: number | undefined;
  category: string | undefined;
  /** Names (without verb) of the last indicators read, for `…达到245.2亿元、年均增长8.4%`. */
  subjects: string[];
}

function fromSentence(
  text: string,
  s: string,
  start: number,
  end: number,
  offset: number,
  paragraphYear: number | undefined,
  category: string | undefined,
): { indicators: Indicator[]; paragraphYear: number | undefined } {
  const indicators: Indicator[] = [];
  let a = start;
  let b = end;
  while (a < b && /\s/.test(s[a] as string)) a++;
  while (b > a && /\s/.test(s[b - 1] as string)) b--;
  const sentence: Sentence = {
    text,
    s,
    offset,
    span: { start: offset + a, end: offset + b },
    year: paragraphYear,
    category,
    subjects: [],
  };
  let clauseStart = a;
  for (let i = a; i <= b; i++) {
    const code = s.charCodeAt(i);
    const atDash = (code === 0x2015 || code === 0x2014) && i + 1 < b && s.charCodeAt(i + 1) === code;
    if (i < b && code !== 0x2c && code !== 0x3a && !atDash) continue;
    let p = clauseStart;
    // Clause openers: numbering, bullets, 到2020年, “十四五”期间, 力争, 全区 …
    for (;;) {
      const before = p;
      p = skipNoise(s, p, i);
      const context = readYearContext(s, p);
      if (context && context.end <= i) {
        sentence.year = context.year;
        if (context.persistent) paragraphYear = context.year;
        p = context.end;
      }
      p = stripLeading(s, p, i);
      if (p === before) break;
    }
    if (p < i) indicators.push(...fromClause(sentence, p, i));
    clauseStart = atDash ? i + 2 : i + 1;
    if (atDash) i++;
  }
  return { indicators, paragraphYear };
}

function fromClause(sentence: Sentence, start: number, end: number): Indicator[] {
  const { s } = sentence;
  // Every value starts with a digit or 百分之 (readNumberAt): a clause without one holds none.
  if (!hasNumber(s, start, end)) return [];
  const out: Indicator[] = [];
  let nameStart = start;
  let i = start;
  while (i < end) {
    const verb = matchVerb(s, i, end);
    if (verb) {
      const list = readValueList(s, i + verb.word.length, end, verb.comparator);
      if (list) {
        out.push(...emit(sentence, nameStart, i, verb, list));
        i = list.end;
        nameStart = stripLeading(s, i, end);
        continue;
      }
      i += verb.word.length;
      continue;
    }
    const code = s.charCodeAt(i);
    if (
      ((code >= 48 && code <= 57) || s.startsWith("百分之", i)) &&
      i - 2 >= nameStart &&
      endsWithRate(s, i)
    ) {
      const list = readValueList(s, i, end);
      if (list && list.items.every((item) => item.unit === "%" || item.unit === "‰")) {
        out.push(...emit(sentence, nameStart, i, undefined, list));
        i = list.end;
        nameStart = stripLeading(s, i, end);
        continue;
      }
    }
    i++;
  }
  return out;
}

function hasNumber(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const code = s.charCodeAt(i);
    if ((code >= 48 && code <= 57) || (code === 0x767e && s.startsWith("百分之", i))) return true;
  }
  return false;
}

function emit(
  sentence: Sentence,
  nameStart: number,
  nameEnd: number,
  verb: Verb | undefined,
  list: ValueList,
): Indicator[] {
  const { text, s, offset } = sentence;
  const a = stripLeading(s, nameStart, nameEnd);
  let b = nameEnd;
  let respectively = false;
  let trailingComparator: Comparator | undefined;
  const marks: ValueMark[] = [];
  // Adverbs before the verb.
  for (;;) {
    while (b > a && isSpaceChar(s[b - 1])) b--;
    const word = TRAILING_WORDS.find((w) => b - w.length >= a && s.startsWith(w, b - w.length));
    if (word === "均" && /[人年平]/.test(s[b - 2] ?? "")) break; // 人均, 年均, 平均 are names
    if (word) {
      if (word === "分别" || word === "均" || word === "都") respectively = true;
      trailingComparator = TRAILING_COMPARATORS[word] ?? trailingComparator;
      b -= word.length;
      continue;
    }
    if (b - 2 >= a && s.startsWith("累计", b - 2)) {
      marks.push("cumulative");
      b -= 2;
      continue;
    }
    break;
  }
  if (verb?.word === "分别为") respectively = true;
  // 比2020年 (baseline year) and 比上年 / 同比 (relative to last year) are not part of the name.
  let nameText = text.slice(a, b);
  let folded = s.slice(a, b);
  let baseline: IndicatorValue | undefined;
  for (const m of folded.matchAll(BASELINE_YEAR)) {
    const yearAt = a + m.index + m[0].indexOf(m[1] as string);
    const raw = text.slice(yearAt, yearAt + (m[1] as string).length + 1);
    baseline = {
      raw,
      marks: [],
      year: Number(m[1]),
      span: { start: offset + yearAt, end: offset + yearAt + raw.length },
    };
  }
  const cut = (re: RegExp) => {
    const parts: [number, number][] = [];
    let last = 0;
    for (const m of folded.matchAll(re)) {
      parts.push([last, m.index]);
      last = m.index + m[0].length;
    }
    parts.push([last, folded.length]);
    nameText = parts.map(([x, y]) => nameText.slice(x, y)).join("");
    folded = parts.map(([x, y]) => folded.slice(x, y)).join("");
  };
  cut(BASELINE_YEAR);
  cut(RELATIVE_BASE);
  // A change verb keeps its modifier (年均) and joins the name: 地区生产总值年均增长.
  let suffix = "";
  if (verb?.kind === "change") {
    const modifier = CHANGE_MODIFIERS.find(
      (m) =>
        folded.endsWith(m) &&
        // 年 alone is a modifier only after a metric word (产值年增长), not inside a name (青年).
        (folded.length === m.length ||
          (m === "年" ? METRIC_END.test(folded.slice(0, -1)) : folded.length > m.length + 1)),
    );
    if (modifier) {
      suffix = nameText.slice(nameText.length - modifier.length);
      nameText = nameText.slice(0, nameText.length - modifier.length);
      folded = folded.slice(0, folded.length - modifier.length);
    }
    suffix += text.slice(nameEnd, nameEnd + verb.word.length);
  }
  let items: string[] | undefined;
  if (nameText.trim().length === 0) {
    // No name of its own: a change verb goes on with the subject of the clause before
    // (地区生产总值达到245.2亿元、年均增长8.4%); anything else is no indicator.
    const subjects = sentence.subjects;
    if (verb?.kind !== "change" || subjects.length === 0) return [];
    if (subjects.length !== list.items.length && list.items.length !== 1) return [];
    items = subjects;
  } else {
    items = splitNames(nameText, folded, list.items.length, respectively);
  }
  if (!items) return [];
  const pairs: [string, ValueItem][] =
    items.length === list.items.length
      ? items.map((name, k) => [name, list.items[k] as ValueItem])
      : list.items.length === 1
        ? items.map((name) => [name, list.items[0] as ValueItem])
        : [];
  const out: Indicator[] = [];
  const subjects: string[] = [];
  for (const [item, valueItem] of pairs) {
    const name = (item + suffix).trim();
    if (!isPlausibleName(name)) continue;
    subjects.push(item);
    const raw = text.slice(valueItem.start, valueItem.end);
    const target: IndicatorValue = {
      raw,
      value: valueItem.value,
      marks: [...marks],
      span: { start: offset + valueItem.start, end: offset + valueItem.end },
    };
    const comparator = valueItem.comparator ?? trailingComparator;
    if (comparator) target.comparator = comparator;
    if (sentence.year !== undefined) target.year = sentence.year;
    const indicator: Indicator = { id: "", name, target, source: "sentence", span: { ...sentence.span } };
    if (valueItem.unit) indicator.unit = valueItem.unit;
    if (sentence.category) indicator.category = sentence.category;
    if (baseline) indicator.baseline = { ...baseline, span: { ...baseline.span } };
    if (sentence.year !== undefined) indicator.targetYear = sentence.year;
    out.push(reorder(indicator));
  }
  if (subjects.length > 0) sentence.subjects = subjects;
  return out;
}

/** Splits `A、B和C` into names, completing short items from the last one (恒合、地宝土家族乡地区生产总值). */
function splitNames(
  nameText: string,
  folded: string,
  values: number,
  respectively: boolean,
): string[] | undefined {
  const split = (re: RegExp): string[] => {
    const names: string[] = [];
    let last = 0;
    for (const m of folded.matchAll(re)) {
      names.push(nameText.slice(last, m.index));
      last = m.index + m[0].length;
    }
    names.push(nameText.slice(last));
    return names.map((n) => n.trim());
  };
  let names = split(/、/g);
  if (names.length !== values && (respectively || values > 1)) {
    const wider = split(/、|以及|和|及|与/g);
    if (wider.length === values) names = wider;
  }
  if (names.length !== values && values !== 1) return undefined;
  if (names.some((n) => n.length === 0)) return undefined;
  if (names.length > 1) {
    const last = names[names.length - 1] as string;
    const heads = names.slice(0, -1);
    const incomplete = heads.every((n) => !METRIC_END.test(foldWidth(n)) && n.length < last.length);
    if (incomplete && METRIC_END.test(foldWidth(last))) {
      const head = last.slice((heads[0] as string).length);
      if (head.length >= 2) names = [...heads.map((n) => n + head), last];
    }
  }
  return names;
}

function isPlausibleName(name: string): boolean {
  if (name.length < 2 || name.length > 40) return false;
  if (/[,，。;；:：!！?？]/.test(name)) return false;
  if ((name.match(/[\u4e00-\u9fffA-Za-z]/g)?.length ?? 0) < 2) return false;
  if (/[%％‰]/.test(name)) return false;
  if (/^(?:\d{4}|[一二三四五六七八九十〇○零]+)年$/.test(name)) return false;
  if (name.startsWith("的") || name.endsWith("的")) return false;
  return true;
}

/** Puts the keys of an indicator in the documented order, so JSON output reads naturally. */
function reorder(indicator: Indicator): Indicator {
  const out: Indicator = { id: indicator.id, name: indicator.name } as Indicator;
  if (indicator.unit !== undefined) out.unit = indicator.unit;
  if (indicator.category !== undefined) out.category = indicator.category;
  if (indicator.baseline !== undefined) out.baseline = indicator.baseline;
  if (indicator.target !== undefined) out.target = indicator.target;
  if (indicator.actual !== undefined) out.actual = indicator.actual;
  if (indicator.targetYear !== undefined) out.targetYear = indicator.targetYear;
  if (indicator.attribute !== undefined) out.attribute = indicator.attribute;
  out.source = indicator.source;
  out.span = indicator.span;
  return out;
}

// =============================================================================================
// Tables
// =============================================================================================

type ColumnRole = "index" | "name" | "unit" | "attribute" | "category" | "value" | "other";
type ValueKind = "baseline" | "target" | "actual";

interface Column {
  role: ColumnRole;
  year?: number;
  kind?: ValueKind;
  cumulative?: boolean;
}

interface Header {
  row: number;
  columns: Column[];
  name: number;
  index: number;
  unit: number;
  attribute: number;
  category: number;
  baseline: number;
  target: number;
  /** The 完成值 / 实际值 column of a 完成情况 table, or -1. */
  actual: number;
}

const HEADER_YEAR = /((?:19|20)\d{2})\s*年?/;
const VALUE_HEADER = /基期|基准|现状|现值|基数|目标|完成|实际|预期值|规划值|期末|累计|预计|达到值|指标值/;

function classifyHeader(text: string): Column {
  const t = foldWidth(text).replace(/\s+/g, "");
  if (/^(?:序号|编号|序|No\.?)$/i.test(t)) return { role: "index" };
  if (/^(?:指标)?(?:属性|性质)$|^指标类型$/.test(t)) return { role: "attribute" };
  if (/^(?:计量)?单位$/.test(t)) return { role: "unit" };
  if (/^(?:类别|分类|领域|维度|方面|指标类别|类型)$/.test(t)) return { role: "category" };
  if (/备注|说明|责任|牵头|部门|来源/.test(t)) return { role: "other" };
  const year = HEADER_YEAR.exec(t);
  const plan = /十([一二三四五六七八九])五/.exec(t);
  if (year || VALUE_HEADER.test(t)) {
    const column: Column = { role: "value" };
    if (year) column.year = Number(year[1]);
    else if (plan) column.year = 2005 + (parseChineseNumber(plan[1] as string) ?? 0) * 5;
    if (/完成|实际/.test(t)) column.kind = "actual";
    else if (/基期|基准|现状|现值|基数/.test(t)) column.kind = "baseline";
    else if (/目标|规划值|预期值|期末|预计|达到值/.test(t)) column.kind = "target";
    if (/累计/.test(t)) {
      column.cumulative = true;
      column.kind ??= "target";
    }
    return column;
  }
  if (/指标|名称|项目|内容/.test(t)) return { role: "name" };
  return { role: "other" };
}

function readHeader(table: TableNode): Header | undefined {
  const limit = Math.min(3, table.rows.length);
  for (let r = 0; r < limit; r++) {
    const row = table.rows[r] as TableCell[];
    const columns = row.map((cell) => classifyHeader(cell.text));
    const name = columns.findIndex((c) => c.role === "name");
    const values = columns.map((c, k) => (c.role === "value" ? k : -1)).filter((k) => k !== -1);
    const mentionsIndicator = row.some((cell) => /指标/.test(cell.text));
    if (name === -1 || values.length === 0 || !mentionsIndicator) continue;
    // Extra name-like columns are not names.
    columns.forEach((c, k) => {
      if (c.role === "name" && k !== name) c.role = "other";
    });
    const byYear = (x: number, y: number) => (columns[x]?.year ?? 0) - (columns[y]?.year ?? 0) || x - y;
    const of = (kind: ValueKind) => values.filter((k) => columns[k]?.kind === kind);
    const unkinded = values.filter((k) => columns[k]?.kind === undefined).sort(byYear);
    let target = of("target").pop();
    if (target === undefined) target = unkinded.pop();
    let baseline = of("baseline")[0];
    if (baseline === undefined && unkinded.length > 0) baseline = unkinded.shift();
    const actual = of("actual")[0];
    return {
      row: r,
      columns,
      name,
      index: columns.findIndex((c) => c.role === "index"),
      unit: columns.findIndex((c) => c.role === "unit"),
      attribute: columns.findIndex((c) => c.role === "attribute"),
      category: columns.findIndex((c) => c.role === "category"),
      baseline: baseline ?? -1,
      target: target ?? -1,
      actual: actual ?? -1,
    };
  }
  return undefined;
}

const CN_ORDINAL = /^(?:[一二三四五六七八九十]{1,3}|[(（][一二三四五六七八九十]{1,3}[)）])[、.．]?$/;
const CN_ORDINAL_PREFIX =
  /^(?:[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十]{1,3}[)）]|第[一二三四五六七八九十]{1,3}[类部分项]*[、.．:：\s]*)\s*/;
const INDEX_CELL = /^(?:[(（]?\d{1,3}[)）.、．]?|[一二三四五六七八九十]{1,3})$/;
const SUB_ROW = /^(?:[#＃]+|其中[:：]?)\s*/;

const NOTES_ROW = /^(?:备注|注)\s*\d*\s*[:：]/;

/** Removes the number of a category: 一、推动高质量发展 → 推动高质量发展. */
function withoutOrdinal(text: string): string {
  const prefixed = CN_ORDINAL_PREFIX.exec(text);
  return prefixed && prefixed[0].length < text.length ? text.slice(prefixed[0].length).trim() : text;
}

/** The category named by a category row (`一` + `创新发展`, or `一、推动高质量发展`), without its number. */
function categoryOf(cells: TableCell[]): string | undefined {
  const filled = cells.filter((c) => c.text.trim().length > 0);
  if (filled.length === 0 || filled.length > 2) return undefined;
  const texts = filled.map((c) => c.text.trim());
  if (filled.length === 2) {
    if (!CN_ORDINAL.test(texts[0] as string)) return undefined;
    const name = texts[1] as string;
    return /\d/.test(name) ? undefined : name;
  }
  const only = texts[0] as string;
  if (SUB_ROW.test(only) || /^(?:预期性|约束性)$/.test(only)) return undefined;
  const name = withoutOrdinal(only);
  if (name !== only) return name;
  // A lone text without digits (绿色发展) is a category too; a lone number or value is not.
  if (/\d/.test(only) || only.length > 30 || !looksLikeName(only)) return undefined;
  return only;
}

/** A name has letters and is not itself a value (【2】, 达标 …) or an attribute. */
function looksLikeName(text: string): boolean {
  if (!/[\u4e00-\u9fffA-Za-z]/.test(text) || /^(?:预期性|约束性)$/.test(text)) return false;
  const reading = readValue(text);
  return (
    reading.value === undefined &&
    !reading.none &&
    !reading.ratio &&
    !reading.range &&
    !/^达标$|要求$/.test(text)
  );
}

/** Maps a row's cells to the header's columns, also when leading or trailing empty cells were lost. */
function alignRow(cells: TableCell[], header: Header): (TableCell | undefined)[] {
  const n = header.columns.length;
  if (cells.length >= n) return cells.slice(0, n);
  const first = (cells[0]?.text ?? "").trim();
  const startsAtIndex = header.index !== -1 && header.index < header.name && INDEX_CELL.test(first);
  const start = startsAtIndex ? header.index : header.name;
  const mapped: (TableCell | undefined)[] = new Array<TableCell | undefined>(n).fill(undefined);
  cells.forEach((cell, k) => {
    if (start + k < n) mapped[start + k] = cell;
  });
  return mapped;
}

/** Splits `地区生产总值年均增速（%）` into name and unit; `（万元，2020年价）` → unit 万元, name keeps （2020年价）. */
export function splitNameAndUnit(written: string): { name: string; unit?: string } {
  const text = written.trim();
  const folded = foldWidth(text);
  if (!folded.endsWith(")")) return { name: text };
  let depth = 0;
  let open = -1;
  for (let i = folded.length - 1; i >= 0; i--) {
    if (folded[i] === ")") depth++;
    else if (folded[i] === "(") {
      depth--;
      if (depth === 0) {
        open = i;
        break;
      }
    }
  }
  if (open <= 0) return { name: text };
  const inner = folded.slice(open + 1, -1).trim();
  const parts = inner.split(/[,;、]/).map((p) => p.trim());
  const unit = parts[0] as string;
  if (!isUnit(unit)) return { name: text };
  const base = text.slice(0, open).trim();
  const rest = text
    .slice(open + 1, -1)
    .split(/[,，;；、]/)
    .slice(1)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  return { name: rest.length > 0 ? `${base}（${rest.join("，")}）` : base, unit };
}

function isUnit(text: string): boolean {
  if (text.length === 0 || text.length > 12) return false;
  const token = readUnitAt(text, 0);
  if (token && token.end === text.length) return true;
  // Units the reader does not know, such as 微克/立方米 or 标准立方米: short, no digits, a per sign or a measure word.
  return /^[^\d\s]{1,8}$/.test(text) && /[/元人米吨亩时瓦次个件户天年岁]$/.test(text) && !/年价$/.test(text);
}

function attributeOf(text: string | undefined): IndicatorAttribute | undefined {
  if (!text) return undefined;
  if (/约束/.test(text)) return "binding";
  if (/预期/.test(text)) return "expected";
  return undefined;
}

function rowSpan(cells: TableCell[]): Span {
  let start = Infinity;
  let end = -Infinity;
  for (const cell of cells) {
    if (cell.text.trim().length === 0) continue;
    start = Math.min(start, cell.span.start);
    end = Math.max(end, cell.span.end);
  }
  if (start === Infinity) {
    const first = cells[0]?.span ?? { start: 0, end: 0 };
    return { start: first.start, end: cells[cells.length - 1]?.span.end ?? first.end };
  }
  return { start, end };
}

function captionYear(caption: string | undefined): number | undefined {
  if (!caption) return undefined;
  const s = foldWidth(caption);
  const plan = /十([一二三四五六七八九])五/.exec(s);
  if (plan) return 2005 + (parseChineseNumber(plan[1] as string) ?? 0) * 5;
  const years = [...s.matchAll(/((?:19|20)\d{2})年/g)].map((m) => Number(m[1]));
  return years.length > 0 ? Math.max(...years) : undefined;
}

function valueFrom(
  cell: TableCell | undefined,
  column: Column | undefined,
  legend: MarkLegend,
  year: number | undefined,
): IndicatorValue | undefined {
  if (!cell || cell.text.trim().length === 0) return undefined;
  const reading = readValue(cell.text, legend);
  if (column?.cumulative && !reading.marks.includes("cumulative")) reading.marks.push("cumulative");
  return toIndicatorValue(cell.text, { ...cell.span }, reading, year);
}

/**
 * Reads an indicator table: a header row with a name column (指标 / 指标名称 / 指标名称（单位）), value
 * columns (2020年 / 2025年 / 基期值 / 目标值 / 2020年完成值 …) and optionally 序号, 单位 and 属性 / 指标属性.
 * Returns null when the table is not an indicator table.
 *
 * - The target is the 目标 column, else the latest year column; the baseline the 基期 / 现状 column,
 *   else the earliest year column. Columns in between (milestones) are not read.
 * - A 完成值 / 实际值 column (a 完成情况 table) becomes `actual`, the value reached.
 * - Category rows (`一` + `创新发展`, `一、推动高质量发展`) set `category` (without the number) for the rows
 *   below. Sub-rows (`#化学需氧量`, `其中：…`) are indicators named without the marker, whose category is the
 *   parent indicator's name and which inherit the parent's unit and attribute when they have none.
 * - `地区生产总值年均增速（%）` → name 地区生产总值年均增速, unit %; `人均地区生产总值（万元，2020年价）` →
 *   name 人均地区生产总值（2020年价）, unit 万元.
 * - Marks: the 备注 in `options.notes` (else `table.notes`) says what 【】 and △ mean.
 */
export function indicatorsFromTable(
  table: TableNode,
  options: { notes?: string } = {},
): { indicators: Indicator[]; diagnostics: Diagnostic[] } | null {
  const header = readHeader(table);
  if (!header) return null;
  // The 备注 defines the marks; when the outline left it among the rows, read it from there.
  const notesRow = table.rows.find((row) => {
    const filled = row.filter((c) => c.text.trim().length > 0);
    return filled.length === 1 && NOTES_ROW.test((filled[0] as TableCell).text.trim());
  });
  const legend = readMarkLegend(
    options.notes ?? table.notes ?? notesRow?.find((c) => c.text.trim().length > 0)?.text,
  );
  const indicators: Indicator[] = [];
  const diagnostics: Diagnostic[] = [];
  const targetColumn = header.columns[header.target];
  const baselineColumn = header.columns[header.baseline];
  const targetYear = targetColumn?.year ?? captionYear(table.caption);
  const actualColumn = header.actual !== -1 ? header.columns[header.actual] : undefined;
  let category: string | undefined;
  let parent: Indicator | undefined;

  for (let r = header.row + 1; r < table.rows.length; r++) {
    const cells = table.rows[r] as TableCell[];
    if (cells.every((c) => c.text.trim().length === 0) || cells === notesRow) continue;
    // A header repeated on a new page.
    if (cells.some((c) => /^(?:序号|指标名称)/.test(c.text.trim())) && readHeaderRow(cells)) continue;
    const categoryName = categoryOf(cells);
    if (categoryName !== undefined) {
      category = categoryName;
      parent = undefined;
      continue;
    }
    const span = rowSpan(cells);
    if (
      cells.length > header.columns.length &&
      cells.slice(header.columns.length).some((c) => c.text.trim())
    ) {
      diagnostics.push({
        code: "indicator-row-extra-cells",
        severity: "info",
        message: `指标表此行有${cells.length}格，多于表头的${header.columns.length}列，多出的格已忽略`,
        span,
      });
    }
    const mapped = alignRow(cells, header);
    const nameCell = mapped[header.name];
    const written = nameCell?.text.trim() ?? "";
    if (written.length === 0 || !looksLikeName(written.replace(SUB_ROW, ""))) {
      diagnostics.push({
        code: "indicator-row-without-name",
        severity: "warning",
        message: "指标表此行没有可读的指标名称（可能是被拆开的一行），已跳过",
        span,
      });
      continue;
    }
    const sub = SUB_ROW.exec(written);
    const isSub = sub !== null && parent !== undefined;
    const { name, unit: unitInName } = splitNameAndUnit(sub ? written.slice(sub[0].length) : written);
    const unitCell = header.unit !== -1 ? mapped[header.unit]?.text.trim() : undefined;
    const unit = unitCell ? foldWidth(unitCell) : (unitInName ?? (isSub ? parent?.unit : undefined));

    const indicator: Indicator = { id: "", name, source: "table", span };
    if (unit) indicator.unit = unit;
    // A 类别 column names the category on the first row of each group (merged cells).
    const categoryCell = header.category !== -1 ? mapped[header.category]?.text.trim() : undefined;
    if (categoryCell && !isSub) category = withoutOrdinal(categoryCell);
    const rowCategory = isSub ? parent?.name : category;
    if (rowCategory) indicator.category = rowCategory;
    const baseline = valueFrom(mapped[header.baseline], baselineColumn, legend, baselineColumn?.year);
    if (baseline) indicator.baseline = baseline;
    const target = valueFrom(mapped[header.target], targetColumn, legend, targetYear);
    if (target) indicator.target = target;
    if (actualColumn) {
      const actual = valueFrom(mapped[header.actual], actualColumn, legend, actualColumn.year);
      if (actual) indicator.actual = actual;
    }
    if (targetYear !== undefined) indicator.targetYear = targetYear;
    const attribute =
      attributeOf(header.attribute !== -1 ? mapped[header.attribute]?.text : undefined) ??
      (isSub ? parent?.attribute : undefined);
    if (attribute) indicator.attribute = attribute;
    indicators.push(reorder(indicator));
    if (!isSub) parent = indicator;
  }
  return { indicators, diagnostics };
}

/** True when a row reads as a header row again (序号 | 指标名称 | 2020年 …). */
function readHeaderRow(cells: TableCell[]): boolean {
  const roles = cells.map((c) => classifyHeader(c.text).role);
  return roles.includes("name") && roles.includes("value");
}
