import { sql, type Kysely, type Transaction } from "kysely";
import type { Database, TableName } from "./schema.js";

/**
 * SQL types of the columns that bulk inserts write. Kept next to the migration by a test
 * (test/store/store.test.ts) that compares it with information_schema.
 */
export const COLUMN_TYPES = {
  outline_nodes: {
    region_id: "text",
    id: "uuid",
    document_id: "uuid",
    parent_id: "uuid",
    seq: "int4",
    node_key: "text",
    type: "text",
    style: "text",
    marker: "text",
    ordinal: "int4",
    depth: "int4",
    title: "text",
    rows: "jsonb",
    notes: "text",
    span_start: "int4",
    span_end: "int4",
  },
  tasks: {
    region_id: "text",
    id: "uuid",
    document_id: "uuid",
    task_key: "text",
    seq: "int4",
    parser_task_id: "text",
    heading_path: "jsonb",
    text: "text",
    span_start: "int4",
    span_end: "int4",
    clause_start: "int4",
    clause_end: "int4",
    deadline: "text",
    year: "int4",
    unit_ids: "uuid[]",
    tsv: "tsvector",
  },
  assignments: {
    region_id: "text",
    id: "uuid",
    task_id: "uuid",
    document_id: "uuid",
    seq: "int4",
    unit_name: "text",
    role: "text",
    collective: "bool",
    inferred: "bool",
    span_start: "int4",
    span_end: "int4",
    unit_id: "uuid",
    resolution: "jsonb",
  },
  indicators: {
    region_id: "text",
    id: "uuid",
    document_id: "uuid",
    indicator_key: "text",
    seq: "int4",
    parser_indicator_id: "text",
    name: "text",
    unit: "text",
    category: "text",
    baseline: "jsonb",
    target: "jsonb",
    targets: "jsonb",
    target_year: "int4",
    attribute: "text",
    year: "int4",
    marks: "jsonb",
    source: "text",
    span_start: "int4",
    span_end: "int4",
    tsv: "tsvector",
  },
  phases: {
    region_id: "text",
    id: "uuid",
    document_id: "uuid",
    seq: "int4",
    name: "text",
    start_month: "text",
    end_month: "text",
    steps: "jsonb",
    span_start: "int4",
    span_end: "int4",
  },
  citations: {
    region_id: "text",
    id: "uuid",
    document_id: "uuid",
    seq: "int4",
    parser_citation_id: "text",
    title: "text",
    doc_number: "text",
    alias: "text",
    alias_of: "uuid",
    title_norm: "text",
    doc_number_norm: "text",
    span_start: "int4",
    span_end: "int4",
    cited_document_id: "uuid",
    resolved_by: "text",
  },
  diagnostics: {
    region_id: "text",
    id: "uuid",
    document_id: "uuid",
    seq: "int4",
    source: "text",
    code: "text",
    severity: "text",
    message: "text",
    span_start: "int4",
    span_end: "int4",
    related: "jsonb",
    count: "int4",
  },
} as const satisfies Partial<Record<TableName, Record<string, string>>>;

/** Tables that bulk inserts can write. */
export type BulkTable = keyof typeof COLUMN_TYPES;

/** A row for a bulk insert: every column of COLUMN_TYPES[table], jsonb as a JSON string. */
export type BulkRow<T extends BulkTable> = { [K in keyof (typeof COLUMN_TYPES)[T]]: unknown };

/** Rows for one table of a multi-table bulk insert. */
export type BulkBatch = { [T in BulkTable]: { table: T; rows: readonly BulkRow<T>[] } }[BulkTable];

/** Rows per statement: one document's rows fit many times over; a huge document is split. */
const ROWS_PER_STATEMENT = 20_000;

/**
 * Inserts many rows as one JSON parameter read by `json_to_recordset`: one string that V8
 * serialises natively and PostgreSQL parses once, instead of an escaped array literal per column.
 */
export async function bulkInsert<T extends BulkTable>(
  db: Kysely<Database> | Transaction<Database>,
  table: T,
  rows: readonly BulkRow<T>[],
): Promise<void> {
  await bulkInsertMany(db, [{ table, rows } as BulkBatch]);
}

/**
 * Inserts the rows of several tables in one statement (one round trip), as data-modifying CTEs.
 * Foreign keys between them hold: PostgreSQL checks them when the whole statement has run.
 */
export async function bulkInsertMany(
  db: Kysely<Database> | Transaction<Database>,
  batches: readonly BulkBatch[],
): Promise<void> {
  const parts: { table: BulkTable; rows: readonly object[] }[] = [];
  for (const { table, rows } of batches)
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT)
      parts.push({ table, rows: rows.slice(i, i + ROWS_PER_STATEMENT) });
  if (parts.length === 0) return;
  const inserts = parts.map(({ table, rows }) => insertFromJson(table, JSON.stringify(rows)));
  if (inserts.length === 1 || parts.reduce((n, p) => n + p.rows.length, 0) > ROWS_PER_STATEMENT) {
    for (const insert of inserts) await insert.execute(db);
    return;
  }
  const ctes = inserts.slice(0, -1).map((insert, k) => sql`${sql.raw(`i${k}`)} AS (${insert})`);
  await sql`WITH ${sql.join(ctes)} ${inserts[inserts.length - 1]!}`.execute(db);
}

function insertFromJson(table: BulkTable, json: string) {
  const types = COLUMN_TYPES[table] as Record<string, string>;
  const columns = Object.keys(types);
  // jsonb travels as the JSON text the row holds, and is parsed once it is out of the recordset.
  const wire = (c: string) => (types[c] === "jsonb" ? "text" : types[c]!);
  const select = columns.map((c) =>
    types[c] === "jsonb" ? sql`x.${sql.ref(c)}::jsonb` : sql`x.${sql.ref(c)}`,
  );
  const definition = sql.raw(columns.map((c) => `"${c}" ${wire(c)}`).join(", "));
  return sql`INSERT INTO ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
    SELECT ${sql.join(select)} FROM json_to_recordset(${json}::json) AS x(${definition})`;
}
