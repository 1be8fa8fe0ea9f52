/**
 * Word automatic numbering (word/numbering.xml): rebuilds the label text Word shows but does not
 * store in the document (一、 （一） 1. （1）…), keeping counters per list and level.
 */
import type { Deadline } from "./deadline.js";
import { readXml } from "./xml.js";

/** One level of a list definition (`w:lvl`). */
export interface NumLevel {
  start: number;
  numFmt: string;
  lvlText: string;
  /** `tab` (default), `space` or `nothing`: what follows the label. */
  suff: string;
  /** 1-based level whose use restarts this level; 0 means never; undefined: any higher level. */
  restart?: number;
  /** Legal numbering: all levels shown as decimal. */
  isLgl: boolean;
}

interface NumInstance {
  abstractId: string;
  /** Levels redefined or restarted by `w:lvlOverride`. */
  overrides: Map<number, Partial<NumLevel>>;
}

/** The parsed numbering part. */
export interface NumberingDefs {
  abstracts: Map<string, Map<number, NumLevel>>;
  nums: Map<string, NumInstance>;
}

/** Parses word/numbering.xml. */
export function parseNumbering(bytes: Uint8Array, deadline: Deadline): NumberingDefs {
  const defs: NumberingDefs = { abstracts: new Map(), nums: new Map() };
  let abstract: Map<number, NumLevel> | undefined;
  let num: NumInstance | undefined;
  let level: Partial<NumLevel> | undefined;
  let levelIndex = 0;
  let overrideIndex = -1;
  const local = (name: string): string => name.slice(name.indexOf(":") + 1);
  const val = (attrs: Record<string, string>): string | undefined => attrs["w:val"] ?? attrs["val"];
  readXml(
    bytes,
    "word/numbering.xml",
    {
      open(name, attrs) {
        switch (local(name)) {
          case "abstractNum":
            abstract = new Map();
            defs.abstracts.set(attrs["w:abstractNumId"] ?? "", abstract);
            break;
          case "num":
            num = { abstractId: "", overrides: new Map() };
            defs.nums.set(attrs["w:numId"] ?? "", num);
            break;
          case "abstractNumId":
            if (num) num.abstractId = val(attrs) ?? "";
            break;
          case "lvlOverride":
            overrideIndex = Number(attrs["w:ilvl"] ?? 0);
            num?.overrides.set(overrideIndex, {});
            break;
          case "startOverride":
            if (num && overrideIndex >= 0) num.overrides.get(overrideIndex)!.start = Number(val(attrs) ?? 0);
            break;
          case "lvl":
            levelIndex = Number(attrs["w:ilvl"] ?? 0);
            level = {};
            break;
          case "start":
            if (level) level.start = Number(val(attrs) ?? 0);
            break;
          case "numFmt":
            if (level) level.numFmt = val(attrs) ?? "decimal";
            break;
          case "lvlText":
            if (level) level.lvlText = val(attrs) ?? "";
            break;
          case "suff":
            if (level) level.suff = val(attrs) ?? "tab";
            break;
          case "lvlRestart":
            if (level) level.restart = Number(val(attrs) ?? 0);
            break;
          case "isLgl":
            if (level) level.isLgl = val(attrs) !== "0" && val(attrs) !== "false";
            break;
        }
      },
      close(name) {
        switch (local(name)) {
          case "lvl":
            if (level && num && overrideIndex >= 0) {
              Object.assign(num.overrides.get(overrideIndex)!, level);
            } else if (level && abstract) {
              abstract.set(levelIndex, {
                start: level.start ?? 0,
                numFmt: level.numFmt ?? "decimal",
                lvlText: level.lvlText ?? "",
                suff: level.suff ?? "tab",
                isLgl: level.isLgl ?? false,
                ...(level.restart !== undefined ? { restart: level.restart } : {}),
              });
            }
            level = undefined;
            break;
          case "lvlOverride":
            overrideIndex = -1;
            break;
          case "abstractNum":
            abstract = undefined;
            break;
          case "num":
            num = undefined;
            break;
        }
      },
      text() {},
    },
    deadline,
  );
  return defs;
}

const CN_DIGITS = "〇一二三四五六七八九";
const CN_LEGAL = "零壹贰叁肆伍陆柒捌玖";

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (chineseCounting). */
export function chineseCounting(n: number, digits = CN_DIGITS, units = ["", "十", "百", "千"]): string {
  if (n <= 0) return digits[0]!;
  if (n >= 10000) return String(n);
  const ds = String(n).split("").map(Number);
  let out = "";
  let zero = false;
  ds.forEach((d, i) => {
    const unit = units[ds.length - 1 - i]!;
    if (d === 0) {
      zero = true;
      return;
    }
    if (zero && out) out += digits === CN_DIGITS ? "零" : digits[0];
    zero = false;
    out += (d === 1 && unit === "十" && i === 0 ? "" : digits[d]) + unit;
  });
  return out;
}

function roman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  const table: [number, string][] = [
    [1000, "M"],
    [900, "CM"],
    [500, "D"],
    [400, "CD"],
    [100, "C"],
    [90, "XC"],
    [50, "L"],
    [40, "XL"],
    [10, "X"],
    [9, "IX"],
    [5, "V"],
    [4, "IV"],
    [1, "I"],
  ];
  let out = "";
  for (const [v, s] of table) {
    while (n >= v) {
      out += s;
      n -= v;
    }
  }
  return out;
}

function letters(n: number): string {
  if (n <= 0) return String(n);
  const ch = String.fromCharCode(0x41 + ((n - 1) % 26));
  return ch.repeat(Math.floor((n - 1) / 26) + 1);
}

/** Formats one counter value in a Word `numFmt`. */
export function formatNumber(n: number, numFmt: string): string {
  switch (numFmt) {
    case "decimal":
      return String(n);
    case "decimalZero":
      return n < 10 ? `0${n}` : String(n);
    case "upperRoman":
      return roman(n);
    case "lowerRoman":
      return roman(n).toLowerCase();
    case "upperLetter":
      return letters(n);
    case "lowerLetter":
      return letters(n).toLowerCase();
    case "chineseCounting":
    case "chineseCountingThousand":
    case "taiwaneseCounting":
    case "taiwaneseCountingThousand":
    case "japaneseCounting":
    case "ideographDigital":
      return numFmt === "ideographDigital"
        ? String(n)
            .split("")
            .map((d) => CN_DIGITS[Number(d)])
            .join("")
        : chineseCounting(n);
    case "chineseLegalSimplified":
    case "japaneseLegal":
      return chineseCounting(n, CN_LEGAL, ["", "拾", "佰", "仟"]);
    case "ideographTraditional":
      return "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10] ?? String(n);
    case "ideographZodiac":
      return "子丑寅卯辰巳午未申酉戌亥"[(n - 1) % 12] ?? String(n);
    case "decimalEnclosedCircle":
    case "decimalEnclosedCircleChinese":
      return n >= 1 && n <= 20 ? String.fromCharCode(0x2460 + n - 1) : String(n);
    case "decimalEnclosedParen":
      return n >= 1 && n <= 20 ? String.fromCharCode(0x2474 + n - 1) : `(${n})`;
    case "decimalEnclosedFullstop":
      return n >= 1 && n <= 20 ? String.fromCharCode(0x2488 + n - 1) : `${n}.`;
    case "decimalFullWidth":
    case "decimalFullWidth2":
      return String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    case "none":
      return "";
    default:
      return String(n);
  }
}

/** Keeps list counters while paragraphs are read in order and produces their labels. */
export class NumberingState {
  private readonly counters = new Map<string, (number | undefined)[]>();

  constructor(private readonly defs: NumberingDefs | undefined) {}

  private level(numId: string, ilvl: number): NumLevel | undefined {
    const num = this.defs?.nums.get(numId);
    if (!num) return undefined;
    const base = this.defs!.abstracts.get(num.abstractId)?.get(ilvl);
    const over = num.overrides.get(ilvl);
    if (!base && !over) return undefined;
    return { start: 0, numFmt: "decimal", lvlText: "", suff: "tab", isLgl: false, ...base, ...over };
  }

  /**
   * Word continues a list across `w:num` instances that share an abstract definition unless an
   * instance restarts it with `w:startOverride`; counters are kept per such list.
   */
  private listKey(numId: string): string {
    const num = this.defs?.nums.get(numId);
    if (!num) return `num:${numId}`;
    const restarts = [...num.overrides.values()].some((o) => o.start !== undefined);
    return restarts ? `num:${numId}` : `abs:${num.abstractId}`;
  }

  /** Advances the counter of (numId, ilvl) and returns the label, e.g. `（二）`; "" when none. */
  next(numId: string, ilvl: number): string {
    if (numId === "0" || !this.defs) return "";
    const lvl = this.level(numId, ilvl);
    if (!lvl) return "";
    const key = this.listKey(numId);
    let counts = this.counters.get(key);
    if (!counts) this.counters.set(key, (counts = []));
    const current = counts[ilvl];
    counts[ilvl] = current === undefined ? lvl.start : current + 1;
    for (let deeper = ilvl + 1; deeper < 9; deeper++) {
      const d = this.level(numId, deeper);
      const restart = d?.restart;
      if (restart === undefined || (restart !== 0 && ilvl + 1 <= restart)) counts[deeper] = undefined;
    }
    if (lvl.numFmt === "bullet") return lvl.lvlText ? bullet(lvl.lvlText) : "";
    const label = lvl.lvlText.replace(/%([1-9])/g, (_, k: string) => {
      const i = Number(k) - 1;
      const l = this.level(numId, i);
      const value = counts[i] ?? l?.start ?? 1;
      const fmt = lvl.isLgl && i < ilvl ? "decimal" : (l?.numFmt ?? "decimal");
      return formatNumber(value, fmt);
    });
    if (!label) return "";
    return lvl.suff !== "nothing" && /[\x21-\x7e]$/.test(label) ? `${label} ` : label;
  }
}

/** Bullets from symbol fonts live in the private-use area: show them as •. */
function bullet(text: string): string {
  return /^[\ue000-\uf8ff]/.test(text) ? "• " : `${text} `;
}
