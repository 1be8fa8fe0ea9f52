/**
 * The store: PostgreSQL schema, migrations and queries, on PGlite (embedded, default) or a
 * PostgreSQL server (`DATABASE_URL`). See docs/schema.md and docs/operations.md.
 */
export {
  openStore,
  redact,
  PGLITE_OPTIONS,
  type Backend,
  type OpenStoreOptions,
  type Store,
} from "./open.js";
export { StoreError, type StoreErrorCode } from "./errors.js";
export { acquireDirLock, LOCK_FILE, type DirLock } from "./lock.js";
export {
  appliedMigrations,
  migrateDown,
  migrateTo,
  migrateToLatest,
  migrateToZero,
  MIGRATION_TABLE,
  MIGRATION_LOCK_TABLE,
} from "./migrate.js";
export { LATEST_SCHEMA_VERSION, MIGRATIONS } from "./migrations/index.js";
export { PGliteDialect, type PGliteDialectConfig } from "./pglite-dialect.js";
export * from "./schema.js";
export {
  defaultRegionId,
  ensureRegion,
  getRegistryOverride,
  loadRegistry,
  reresolveAssignments,
  setRegistryOverride,
  upsertRegion,
  type RegionInfo,
} from "./regions.js";
export {
  resolveCitationsAround,
  resolveCitationsOf,
  resolveCitationsTo,
  reresolveAllCitations,
} from "./citations.js";
export {
  indexTokens,
  queryTokens,
  segment,
  tsqueryLiteral,
  tsvectorLiteral,
  type Segmentation,
} from "./segment.js";
export { bulkInsert, COLUMN_TYPES, type BulkRow, type BulkTable } from "./bulk.js";
export {
  identityKeys,
  matchIdentities,
  similarity,
  normalizeForIdentity,
  normalizePath,
} from "./identity.js";
export { normalizeDocNumber, normalizeTitle, issuedTitle, documentYear } from "./normalize.js";
export {
  backupStore,
  restoreStore,
  digestTables,
  wipe,
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  type BackupResult,
  type RestoreOptions,
  type RestoreResult,
  type TableCounts,
  type TableDigest,
} from "./backup.js";
export {
  search,
  snippet,
  type SearchHit,
  type SearchKind,
  type SearchOptions,
  type SearchResult,
} from "./search.js";
export {
  citationGraph,
  findDocument,
  listDocuments,
  listUnits,
  resolveUnitQuery,
  responsibilityMatrix,
  tasksOfUnit,
  unresolvedUnits,
  type CitationGraph,
  type DocumentSummary,
  type GraphEdge,
  type GraphNode,
  type MatrixRow,
  type MatrixUnit,
  type ResponsibilityMatrix,
  type UnitQuery,
  type UnitSummary,
  type UnitTask,
  type UnresolvedUnit,
} from "./queries.js";
export { uuidv7 } from "./ids.js";
