import type { UnitLevel } from "./types.js";

/**
 * Cleans a unit name as written: full-width brackets, no whitespace or quotes, no trailing 等 or
 * punctuation. The result is what unresolved names and collectives are listed under.
 */
export function cleanUnitName(name: string): string {
  let s = name.normalize("NFKC").replace(/[\s\u3000"'“”‘’「」]/g, "");
  s = s.replace(/\(/g, "（").replace(/\)/g, "）").replace(/,/g, "，").replace(/;/g, "；").replace(/:/g, "：");
  s = s.replace(/[，。；：、]+$/u, "");
  // "等" after a list means "and others"; 平等 etc. never end a unit name.
  s = s.replace(/等+$/u, "");
  return s;
}

/**
 * The lookup key of a name: cleaned, brackets half-width, 委员会 shortened to 委 and the
 * conjunction 和 dropped, so 发展和改革委员会, 发展和改革委 and 发展改革委 share one key.
 */
export function lookupKey(name: string): string {
  return cleanUnitName(name)
    .replace(/（/g, "(")
    .replace(/）/g, ")")
    .replace(/委员会$/u, "委")
    .replace(/委员会(?=办公室$)/u, "委")
    .replace(/和/g, "");
}

/** Level characters as written before a unit name, longest first so 乡镇 wins over 乡. */
const LEVEL_PREFIXES: readonly (readonly [string, UnitLevel])[] = [
  ["国家", "国"],
  ["省", "省"],
  ["自治区", "省"],
  ["市", "市"],
  ["自治州", "州"],
  ["州", "州"],
  ["自治县", "县"],
  ["县", "县"],
  ["区", "区"],
  ["乡镇", "乡镇"],
  ["街道", "乡镇"],
  ["乡", "乡镇"],
  ["镇", "乡镇"],
];

/** A level prefix found at the start of a name. */
export interface LevelPrefix {
  /** The prefix as written (市, 国家, 自治县 …). */
  written: string;
  level: UnitLevel;
  rest: string;
}

/** Every way the start of `name` can be read as a level prefix (the caller tries each remainder). */
export function levelPrefixes(name: string): LevelPrefix[] {
  const found: LevelPrefix[] = [];
  for (const [written, level] of LEVEL_PREFIXES) {
    if (name.startsWith(written) && name.length > written.length) {
      found.push({ written, level, rest: name.slice(written.length) });
    }
  }
  return found;
}

/** The level character written into canonical names (乡镇 units keep 乡 or 镇 as written). */
export function levelChar(level: UnitLevel, written?: string): string {
  if (level === "国") return "国家";
  if (level === "乡镇") return written === "乡" || written === "镇" || written === "街道" ? written : "乡镇";
  return level;
}

/** Suffixes of place names (重庆市, 石柱土家族自治县, 万州区, 红河州) that end a place prefix. */
const PLACE_SUFFIXES: readonly (readonly [string, UnitLevel])[] = [
  ["自治区", "省"],
  ["省", "省"],
  ["自治州", "州"],
  ["自治县", "县"],
  ["地区", "州"],
  ["市", "市"],
  ["州", "州"],
  ["盟", "州"],
  ["县", "县"],
  ["旗", "县"],
  ["区", "区"],
  ["街道", "乡镇"],
  ["乡", "乡镇"],
  ["镇", "乡镇"],
];

/** A place name written before a unit (重庆市 in 重庆市教委), with the level its suffix stands for. */
export interface PlacePrefix {
  place: string;
  level: UnitLevel;
  rest: string;
}

/**
 * Every split of `name` into a place of 2–12 characters ending in a place suffix and a remainder,
 * longest place first (万州区 before 万州). Which split is right is decided by the caller: the
 * remainder must be a known unit.
 */
export function placePrefixes(name: string): PlacePrefix[] {
  const found: PlacePrefix[] = [];
  const max = Math.min(12, name.length - 2);
  for (let end = max; end >= 2; end--) {
    for (const [suffix, level] of PLACE_SUFFIXES) {
      const start = end - suffix.length;
      if (start < 1 || name.slice(start, end) !== suffix) continue;
      found.push({ place: name.slice(0, end), level, rest: name.slice(end) });
      break;
    }
  }
  return found;
}

/** Collective assignees: 各乡镇（街道）, 市级各有关部门, XX领导小组成员单位, 相关扶贫帮扶集团 … */
export function isCollectiveName(cleaned: string): boolean {
  if (/^(?:.{0,4}级)?各/u.test(cleaned)) return true;
  if (/^(?:相关|有关|其他|其它)/u.test(cleaned)) return true;
  if (/(?:成员单位|有关部门|相关部门|有关单位|相关单位|各部门|各单位|等部门|等单位)$/u.test(cleaned))
    return true;
  return false;
}
