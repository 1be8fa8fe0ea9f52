import defaultData from "./registry/default.json" with { type: "json" };
import {
  cleanUnitName,
  isCollectiveName,
  levelChar,
  levelPrefixes,
  lookupKey,
  placePrefixes,
} from "./normalize.js";
import type {
  PredecessorNames,
  ReformStep,
  RegistryData,
  RegistryEntry,
  RegistryOverride,
  ResolveOptions,
  ResolvedUnit,
  UnitLevel,
} from "./types.js";

/** A registry whose data contradicts itself (one alias for two entries, a successor that does not exist …). */
export class RegistryError extends Error {
  constructor(readonly problems: string[]) {
    super(`单位名录数据有误：${problems.join("；")}`);
    this.name = "RegistryError";
  }
}

/** The registry shipped with Luoshi (src/units/registry/default.json). */
export const DEFAULT_REGISTRY_DATA = defaultData as RegistryData;

interface IndexHit {
  key: string;
  predecessor?: PredecessorNames;
}

interface FormPattern {
  key: string;
  pattern: RegExp;
  predecessor?: PredecessorNames;
}

interface CoreMatch {
  hit: IndexHit;
  /** The part of the written name that matched the entry (without level or place). */
  core: string;
  level?: UnitLevel;
  levelWritten?: string;
  place?: string;
}

const LEVEL_ALTERNATION = "国家|自治区|自治州|自治县|省|市|州|县|区|乡|镇|街道";
const FORM_LEVELS: Record<string, UnitLevel> = {
  国家: "国",
  自治区: "省",
  省: "省",
  市: "市",
  自治州: "州",
  州: "州",
  自治县: "县",
  县: "县",
  区: "区",
  乡: "乡镇",
  镇: "乡镇",
  街道: "乡镇",
};

/**
 * Applies a region's override to registry data: known keys are merged, new keys added,
 * `removeAliases` taken away. Returns new data; the inputs are not changed.
 */
export function mergeRegistry(base: RegistryData, override?: RegistryOverride): RegistryData {
  const entries = new Map<string, RegistryEntry>();
  for (const entry of base.entries) entries.set(entry.key, structuredClone(entry));
  const places = { ...(base.places ?? {}) };
  if (!override) return { version: 1, entries: [...entries.values()], places };
  for (const change of override.entries ?? []) {
    const existing = entries.get(change.key);
    if (!existing) {
      entries.set(change.key, { ...structuredClone(change), name: change.name ?? "" });
      continue;
    }
    if (change.name !== undefined) {
      // The old canonical name stays reachable as an alias.
      if (change.name !== existing.name) existing.aliases = [...(existing.aliases ?? []), existing.name];
      existing.name = change.name;
    }
    if (change.fullName !== undefined) existing.fullName = change.fullName;
    if (change.kind !== undefined) existing.kind = change.kind;
    if (change.note !== undefined) existing.note = change.note;
    if (change.successor !== undefined) existing.successor = structuredClone(change.successor);
    if (change.aliases) existing.aliases = [...(existing.aliases ?? []), ...change.aliases];
    if (change.forms) existing.forms = [...(existing.forms ?? []), ...change.forms];
    if (change.predecessors) {
      existing.predecessors = [...(existing.predecessors ?? []), ...structuredClone(change.predecessors)];
    }
  }
  const removed = new Set((override.removeAliases ?? []).map(lookupKey));
  if (removed.size > 0) {
    for (const entry of entries.values()) {
      entry.aliases = entry.aliases?.filter((a) => !removed.has(lookupKey(a)));
      entry.predecessors = entry.predecessors?.map((p) => ({
        ...p,
        names: p.names.filter((n) => !removed.has(lookupKey(n))),
      }));
    }
  }
  Object.assign(places, override.places ?? {});
  return { version: 1, entries: [...entries.values()], places };
}

/** Problems that make registry data unusable; empty when it is consistent. */
export function validateRegistry(data: RegistryData): string[] {
  const problems: string[] = [];
  const keys = new Set<string>();
  const owner = new Map<string, string>();
  for (const entry of data.entries) {
    if (!entry.key) problems.push("有条目缺少 key");
    if (keys.has(entry.key)) problems.push(`key 重复：${entry.key}`);
    keys.add(entry.key);
    if (!entry.name) problems.push(`条目 ${entry.key} 缺少 name`);
    const names = [
      entry.name,
      entry.fullName,
      ...(entry.aliases ?? []),
      ...(entry.predecessors ?? []).flatMap((p) => p.names),
    ];
    for (const name of names) {
      if (!name) continue;
      const k = lookupKey(name);
      const other = owner.get(k);
      if (other !== undefined && other !== entry.key)
        problems.push(`名称“${name}”同时属于 ${other} 和 ${entry.key}`);
      owner.set(k, entry.key);
    }
  }
  const byKey = new Map(data.entries.map((e) => [e.key, e]));
  for (const entry of data.entries) {
    if (!entry.successor) continue;
    if (!byKey.has(entry.successor.key)) {
      problems.push(`条目 ${entry.key} 的后继 ${entry.successor.key} 不存在`);
      continue;
    }
    const seen = new Set([entry.key]);
    let next: RegistryEntry | undefined = byKey.get(entry.successor.key);
    while (next) {
      if (seen.has(next.key)) {
        problems.push(`条目 ${entry.key} 的后继关系成环`);
        break;
      }
      seen.add(next.key);
      next = next.successor ? byKey.get(next.successor.key) : undefined;
    }
  }
  return problems;
}

/**
 * Maps unit names as written to canonical units of one region: level prefix, 全称/简称, renames of
 * institutional reforms, collectives. Pure and synchronous; build one per region and reuse it.
 */
export class UnitRegistry {
  readonly data: RegistryData;
  private readonly byKey = new Map<string, RegistryEntry>();
  private readonly index = new Map<string, IndexHit>();
  private readonly forms: FormPattern[] = [];

  private constructor(data: RegistryData) {
    const problems = validateRegistry(data);
    if (problems.length > 0) throw new RegistryError(problems);
    this.data = data;
    for (const entry of data.entries) {
      this.byKey.set(entry.key, entry);
      for (const name of [entry.name, entry.fullName, ...(entry.aliases ?? [])]) {
        if (name) this.index.set(lookupKey(name), { key: entry.key });
      }
      for (const predecessor of entry.predecessors ?? []) {
        for (const name of predecessor.names)
          this.index.set(lookupKey(name), { key: entry.key, predecessor });
      }
      for (const form of entry.forms ?? []) {
        const body = lookupKey(form)
          .split("{L}")
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
          .join(`(${LEVEL_ALTERNATION})`);
        this.forms.push({ key: entry.key, pattern: new RegExp(`^${body}$`, "u") });
      }
    }
  }

  /** The shipped registry, optionally with a region's override applied. */
  static create(override?: RegistryOverride, base: RegistryData = DEFAULT_REGISTRY_DATA): UnitRegistry {
    return new UnitRegistry(mergeRegistry(base, override));
  }

  /** A registry over exactly this data (no default underneath). */
  static fromData(data: RegistryData): UnitRegistry {
    return new UnitRegistry(data);
  }

  /** The entry with this key, if any. */
  entry(key: string): RegistryEntry | undefined {
    return this.byKey.get(key);
  }

  /** All entries, in data order. */
  entries(): readonly RegistryEntry[] {
    return this.data.entries;
  }

  /**
   * Resolves a unit name as written. Never throws and never drops a name: what matches nothing
   * comes back with `resolved: false` and the cleaned name, so it can be listed.
   *
   * @example
   * UnitRegistry.create().resolve("区卫生计生委").canonicalName; // "区卫生健康委"
   */
  resolve(written: string, options: ResolveOptions = {}): ResolvedUnit {
    const trimmed = written.trim();
    const cleaned = cleanUnitName(trimmed);
    if (cleaned === "")
      return { written: trimmed, resolved: false, kind: "unknown", canonicalName: "", history: [] };
    if (isCollectiveName(cleaned)) {
      return { written: trimmed, resolved: true, kind: "collective", canonicalName: cleaned, history: [] };
    }
    const match = this.matchName(cleaned);
    if (!match)
      return { written: trimmed, resolved: false, kind: "unknown", canonicalName: cleaned, history: [] };

    const history: ReformStep[] = [];
    let entry = this.byKey.get(match.hit.key)!;
    let staleAtWriting: boolean | undefined;
    const predecessor = match.hit.predecessor;
    const asOf = options.asOfYear ?? Number.POSITIVE_INFINITY;
    if (predecessor && predecessor.year <= asOf) {
      history.push({
        from: match.core,
        to: entry.name,
        year: predecessor.year,
        relation: predecessor.relation,
      });
      if (options.writtenYear !== undefined) staleAtWriting = options.writtenYear > predecessor.year;
    } else if (predecessor) {
      // Before the reform the old name is its own unit: report it under the old name.
      return {
        written: trimmed,
        resolved: true,
        kind: entry.kind ?? "department",
        canonicalName: this.canonical(match.core, undefined, match),
        ...(match.level ? { level: match.level } : {}),
        ...(match.place ? { place: match.place } : {}),
        key: entry.key,
        history,
      };
    }
    const seen = new Set([entry.key]);
    while (entry.successor && entry.successor.year <= asOf) {
      const next = this.byKey.get(entry.successor.key);
      if (!next || seen.has(next.key)) break;
      history.push({
        from: entry.name,
        to: next.name,
        year: entry.successor.year,
        relation: entry.successor.relation,
      });
      if (options.writtenYear !== undefined && options.writtenYear > entry.successor.year)
        staleAtWriting = true;
      seen.add(next.key);
      entry = next;
    }
    return {
      written: trimmed,
      resolved: true,
      kind: entry.kind ?? "department",
      canonicalName: this.canonical(entry.name, entry, match),
      ...(match.level ? { level: match.level } : {}),
      ...(match.place ? { place: match.place } : {}),
      key: entry.key,
      history,
      ...(staleAtWriting !== undefined ? { staleAtWriting } : {}),
    };
  }

  private canonical(name: string, entry: RegistryEntry | undefined, match: CoreMatch): string {
    if (match.place) return `${match.place}${name}`;
    if (!match.level) return name;
    const prefix = levelChar(match.level, match.levelWritten);
    const form = entry?.forms?.[0];
    if (form) return form.replace("{L}", prefix);
    return `${prefix}${name}`;
  }

  private lookup(name: string): IndexHit | undefined {
    return this.index.get(lookupKey(name));
  }

  private matchForms(name: string): CoreMatch | undefined {
    const key = lookupKey(name);
    for (const form of this.forms) {
      const m = form.pattern.exec(key);
      if (!m) continue;
      const written = m[1] ?? "";
      const level = FORM_LEVELS[written];
      return {
        hit: { key: form.key },
        core: name,
        ...(level ? { level, levelWritten: written } : {}),
      };
    }
    return undefined;
  }

  private matchName(name: string, depth = 0): CoreMatch | undefined {
    const exact = this.lookup(name);
    if (exact) return { hit: exact, core: name };
    const form = this.matchForms(name);
    if (form) return form;
    for (const prefix of levelPrefixes(name)) {
      const hit = this.lookup(prefix.rest);
      if (hit) return { hit, core: prefix.rest, level: prefix.level, levelWritten: prefix.written };
    }
    const places = this.data.places ?? {};
    for (const split of placePrefixes(name)) {
      const own = places[split.place];
      const inner = this.lookup(split.rest)
        ? { hit: this.lookup(split.rest)!, core: split.rest }
        : this.matchPrefixedRest(split.rest);
      if (!inner) continue;
      if (own) return { ...inner, level: own, levelWritten: undefined };
      return { ...inner, level: split.level, place: split.place };
    }
    // X（Y）: one body carrying two plates; X names it.
    const bracket = /^(.+?)（[^（）]*）$/u.exec(name);
    if (bracket?.[1] && depth < 2) return this.matchName(bracket[1], depth + 1);
    return undefined;
  }

  /** 石柱县 + 县教委: some writers repeat the level after the place. */
  private matchPrefixedRest(rest: string): { hit: IndexHit; core: string } | undefined {
    for (const prefix of levelPrefixes(rest)) {
      const hit = this.lookup(prefix.rest);
      if (hit) return { hit, core: prefix.rest };
    }
    return undefined;
  }
}

let cachedDefault: UnitRegistry | undefined;

/** The shipped registry without overrides, built once. */
export function defaultRegistry(): UnitRegistry {
  cachedDefault ??= UnitRegistry.create();
  return cachedDefault;
}
