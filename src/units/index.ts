/**
 * The units registry: department names as written → canonical units of a region (level prefix,
 * 全称/简称, institutional-reform renames, collectives). Pure: no I/O. See docs/units.md.
 */
export { cleanUnitName, isCollectiveName, lookupKey } from "./normalize.js";
export {
  DEFAULT_REGISTRY_DATA,
  RegistryError,
  UnitRegistry,
  defaultRegistry,
  mergeRegistry,
  validateRegistry,
} from "./registry.js";
export type * from "./types.js";
