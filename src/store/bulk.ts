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

/**
 * Inserts many rows with one array parameter per column (`INSERT … SELECT * FROM unnest(…)`):
 * a dozen parameters instead of thousands, which both drivers bind and PostgreSQL parses much
 * faster than a long VALUES list.
 */
export async function bulkInsert<T extends BulkTable>(
  db: Kysely<Database> | Transaction<Database>,
  table: T,
  rows: readonly BulkRow<T>[],
): Promise<void> {
  if (rows.length === 0) return;
  const types = COLUMN_TYPES[table] as Record<string, string>;
  const columns = Object.keys(types);
  // An array column cannot travel inside unnest's one-dimensional arrays: it goes as the text of
  // an array literal per row and is cast back in the SELECT.
  const isArray = (c: string) => types[c]!.endsWith("[]");
  const wire = (c: string) => (isArray(c) ? "text" : types[c]!);
  const arrayLiteral = (value: unknown) =>
    Array.isArray(value)
      ? `{${value.map((v) => `"${String(v).replace(/["\\]/g, "\\$&")}"`).join(",")}}`
      : value;
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000) as Record<string, unknown>[];
    const arrays = columns.map((c) =>
      chunk.map((r) => (isArray(c) ? arrayLiteral(r[c] ?? []) : (r[c] ?? null))),
    );
    const select = columns.map((c) =>
      isArray(c) ? sql`u.${sql.ref(c)}::${sql.raw(types[c]!)}` : sql`u.${sql.ref(c)}`,
    );
    await sql`INSERT INTO ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
      SELECT ${sql.join(select)}
      FROM unnest(${sql.join(columns.map((c, k) => sql`${arrays[k]}::${sql.raw(wire(c))}[]`))})
        AS u(${sql.join(columns.map((c) => sql.ref(c)))})`.execute(db);
  }
}
