/**
 * Types of the units registry: how a department name as written in a document maps to a canonical
 * unit of a region. See docs/units.md for the data format and the sources of the renames.
 */

/** Administrative level written as the prefix of a unit name (国家发展改革委, 市教委, 区科技局, 乡政府). */
export type UnitLevel = "国" | "省" | "市" | "州" | "县" | "区" | "乡镇";

/** What kind of body a unit is: a government department, a government itself, or a collective. */
export type UnitKind = "department" | "government" | "collective";

/** How a unit turned into its successor in an institutional reform. */
export type ReformRelation = "renamed" | "merged" | "plate";

/** Former names of a registry entry, with the year the reform that replaced them took effect. */
export interface PredecessorNames {
  /** Names as they were written before the reform, without level prefix (卫生计生委, 卫生和计划生育委员会). */
  names: string[];
  /** Year the reform took effect; the names are the entry's from this year on. */
  year: number;
  relation: ReformRelation;
  /** Where the rename is documented (see docs/units.md). */
  source?: string;
}

/** A later reform that folded this entry into another one (扶贫办 → 乡村振兴局 → plate on 农业农村委). */
export interface Successor {
  key: string;
  year: number;
  relation: ReformRelation;
  source?: string;
}

/** One kind of unit in the registry, without level prefix: 发展改革委, 卫生健康委 … */
export interface RegistryEntry {
  /** Stable identifier, e.g. `development-reform`; overrides refer to entries by it. */
  key: string;
  /** Canonical short name as the region writes it today (发展改革委). */
  name: string;
  /** Full name (发展和改革委员会). */
  fullName?: string;
  /** Other current names: 简称 and variants (发改委, 发展改革局, 发改局). */
  aliases?: string[];
  /**
   * Names where the level sits inside the name, `{L}` standing for the level character
   * (团{L}委 matches 团区委). The first one is the canonical form when a level is known.
   */
  forms?: string[];
  kind?: Exclude<UnitKind, "collective">;
  predecessors?: PredecessorNames[];
  successor?: Successor;
  /** Free-text remark shown in docs and listings. */
  note?: string;
}

/** A set of entries: the shipped default, or a region's overrides and additions. */
export interface RegistryData {
  version: 1;
  entries: RegistryEntry[];
  /**
   * Place names of the region and its parents mapped to the level they stand for, so that
   * 万州区发展改革委 in the 万州 ledger is 区发展改革委 and 重庆市教委 is 市教委.
   */
  places?: Record<string, UnitLevel>;
}

/**
 * A region's changes to the default registry. Entries with a known key are merged into it
 * (name and fullName replace, aliases/forms/predecessors are added, successor replaces);
 * entries with a new key are added. `removeAliases` takes names away from whichever entry has them.
 */
export interface RegistryOverride {
  version: 1;
  entries?: (Partial<RegistryEntry> & { key: string })[];
  places?: Record<string, UnitLevel>;
  removeAliases?: string[];
}

/** One step of a unit's reform history that the resolution followed. */
export interface ReformStep {
  from: string;
  to: string;
  year: number;
  relation: ReformRelation;
}

/** The result of resolving a unit name as written. */
export interface ResolvedUnit {
  /** The name as it was given (trimmed). */
  written: string;
  /** True when the name matched a registry entry or is a recognised collective. */
  resolved: boolean;
  kind: UnitKind | "unknown";
  /**
   * The canonical unit name today: level prefix + canonical short name (区卫生健康委), a
   * collective as written with normalised brackets (各乡镇（街道）), or, when nothing matched, the
   * cleaned written name.
   */
  canonicalName: string;
  level?: UnitLevel;
  /** A place written before the unit that is not the region's own (彭水县 in 彭水县教委). */
  place?: string;
  /** Registry key of the canonical entry. */
  key?: string;
  /** Reforms followed from the written name to today's unit, oldest first. */
  history: ReformStep[];
  /** The written name was already out of date when the document was written (its year ≥ the reform year). */
  staleAtWriting?: boolean;
}

/** Options of `UnitRegistry.resolve`. */
export interface ResolveOptions {
  /** Year the document was written; only used to flag names that were already out of date. */
  writtenYear?: number;
  /** Resolve to the unit as of this year (default: follow every reform on record). */
  asOfYear?: number;
}
