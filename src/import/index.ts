/**
 * Import: bytes → ingest → parse → rows, one document per transaction. The same bytes twice is a
 * duplicate and writes nothing; the same bytes after a parser upgrade re-derive every row while
 * tasks and indicators keep their ids (see store/identity.ts).
 */
import { createHash } from "node:crypto";
import { readFile, readdir, stat } from "node:fs/promises";
import { basename, extname, join, resolve } from "node:path";
import { sql, type Kysely, type Transaction } from "kysely";
import { ingest as defaultIngest, IngestError, toParseFacts, type IngestResult } from "../ingest/index.js";
import { isIngestErrorCode } from "../ingest/errors.js";
import { parse as defaultParse, PARSER_VERSION } from "../parse/index.js";
import type {
  Citation,
  Indicator,
  IndicatorValue,
  OutlineNode,
  ParseOptions,
  ParseResult,
  PolicyDocument,
  Task,
} from "../parse/types.js";
import type { ResolvedUnit, UnitRegistry } from "../units/index.js";
import { uuidv7 } from "../store/ids.js";
import {
  identityKeys,
  matchIdentities,
  normalizeForIdentity,
  normalizePath,
  type Identity,
} from "../store/identity.js";
import { documentYear, issuedTitle, normalizeDocNumber, normalizeTitle } from "../store/normalize.js";
import { ensureRegion, loadRegistry, resolutionJson, upsertUnits } from "../store/regions.js";
import type { Database } from "../store/schema.js";
import { headlineOf, searchVectors, type SearchVectors } from "./vectors.js";
import { segmentAsync } from "../store/segment.js";
import { bulkInsert, bulkInsertMany, type BulkBatch, type BulkRow } from "../store/bulk.js";
import { resolveCitationsAround } from "../store/citations.js";

type Trx = Transaction<Database>;

/** The parser an import runs: `parse()` and its version (tests inject an "upgraded" one). */
export interface Parser {
  version: string;
  parse(text: string, options?: ParseOptions): ParseResult;
}

/** The parser of this build. */
export const DEFAULT_PARSER: Parser = { version: PARSER_VERSION, parse: defaultParse };

/** Why an import failed. Ingest refusals keep ingest's code; the rest are import's own. */
export type ImportErrorCode =
  IngestError["code"] | "IMPORT_READ_FAILED" | "IMPORT_PARSE_FAILED" | "IMPORT_STORE_FAILED";

/** A document that could not be imported; nothing of it was written. */
export class ImportError extends Error {
  constructor(
    readonly code: ImportErrorCode,
    readonly messageZh: string,
    readonly messageEn: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${messageEn}`, options);
    this.name = "ImportError";
  }
}

/** One document to import. */
export interface ImportDocumentInput {
  bytes: Uint8Array;
  filename: string;
  regionId: string;
  mediaType?: string;
}

/** Replaceable parts of the pipeline (tests and the server's workers). */
export interface ImportContext {
  parser?: Parser;
  ingest?: (bytes: Uint8Array, options: { filename?: string; mediaType?: string }) => Promise<IngestResult>;
  /** Registry to resolve units with; default: the region's registry from the database. */
  registry?: UnitRegistry;
  /** Called inside the transaction after the rows are written; throwing rolls the document back. */
  beforeCommit?: (trx: Trx, documentId: string) => Promise<void>;
  /** Search vectors computed with the parse (in a worker); default: computed here. */
  vectors?: SearchVectors;
  /**
   * Ingest and parse done elsewhere, such as a pool of worker threads (`luoshi import` uses one):
   * replaces `ingest` and `parser`. Called only for bytes that are not a duplicate. A failure with
   * an ingest code is reported as that ingest failure.
   */
  read?: (bytes: Uint8Array, options: { filename: string; mediaType?: string }) => Promise<ReadDocument>;
}

/** A document read by `ImportContext.read`: what ingest and the parser made of it. */
export interface ReadDocument {
  ingested: IngestResult;
  parsed: ParseResult;
  parserVersion: string;
  vectors?: SearchVectors;
}

/** Row counts of what an import wrote for one document. */
export interface ImportCounts {
  tasks: number;
  assignments: number;
  indicators: number;
  phases: number;
  citations: number;
  outlineNodes: number;
  diagnostics: number;
}

/** How a re-parse carried identities over. */
export interface IdentityCarry {
  kept: number;
  added: number;
  retired: number;
}

/** The outcome of importing one document. */
export type ImportResult =
  | {
      status: "imported" | "reparsed";
      documentId: string;
      sha256: string;
      title: string | null;
      docNumber: string | null;
      counts: ImportCounts;
      /** Unit names that matched nothing in the registry, as written. */
      unresolvedUnits: string[];
      /** For `reparsed`: tasks kept, added and retired. */
      tasks?: IdentityCarry;
      indicators?: IdentityCarry;
    }
  | {
      status: "duplicate";
      documentId: string;
      sha256: string;
      title: string | null;
      docNumber: string | null;
      /** File name the document was first imported under. */
      filename: string;
    };

/** Hex SHA-256 of the bytes: the identity of a document within a region. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

const MEDIA_TYPES: Record<string, string> = {
  text: "text/plain",
  html: "text/html",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
};

/**
 * Imports one document: ingest, parse and write every derived row in one transaction. Returns
 * `duplicate` without writing when the region already has these bytes parsed by this parser
 * version, and `reparsed` when it has them from another version.
 */
export async function importDocument(
  db: Kysely<Database>,
  input: ImportDocumentInput,
  context: ImportContext = {},
): Promise<ImportResult> {
  const parser = context.parser ?? DEFAULT_PARSER;
  const sha256 = sha256Hex(input.bytes);
  const { regionId } = input;
  await ensureRegion(db, regionId);
  const existing = await findBySha(db, regionId, sha256);
  if (existing && existing.parser_version === parser.version) return duplicateOf(existing, sha256);

  let ingested: IngestResult;
  let read: ReadDocument | undefined;
  try {
    const options = { filename: input.filename, ...(input.mediaType ? { mediaType: input.mediaType } : {}) };
    if (context.read) {
      read = await context.read(input.bytes, options);
      ingested = read.ingested;
    } else {
      ingested = await (context.ingest ?? defaultIngest)(input.bytes, options);
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const ingestError =
      error instanceof IngestError ? error : isIngestErrorCode(code) ? new IngestError(code) : null;
    if (ingestError)
      throw new ImportError(ingestError.code, ingestError.messageZh, ingestError.messageEn, { cause: error });
    if (!context.read) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ImportError("IMPORT_PARSE_FAILED", `解析出错：${reason}`, `the parser failed: ${reason}`, {
      cause: error,
    });
  }
  const registry = context.registry ?? (await loadRegistry(db, regionId));
  const given = context.vectors ?? read?.vectors;
  // The text is cut into words on the thread pool while this thread parses it.
  const cutting = given ? undefined : segmentAsync(ingested.text);
  cutting?.catch(() => undefined); // awaited below; a parser exception must not leave it unhandled
  let prepared: Prepared;
  try {
    const parsed = read?.parsed ?? parser.parse(ingested.text, { facts: toParseFacts(ingested.facts) });
    const version = read?.parserVersion ?? parser.version;
    const vectors = given ?? searchVectors(ingested, parsed.document, await cutting!);
    prepared = prepare(input, sha256, ingested, parsed, version, registry, vectors);
  } catch (error) {
    // parse() reports problems as diagnostics; an exception is a parser bug. It fails this
    // document, not the batch.
    const reason = error instanceof Error ? error.message : String(error);
    throw new ImportError("IMPORT_PARSE_FAILED", `解析出错：${reason}`, `the parser failed: ${reason}`, {
      cause: error,
    });
  }

  let result: ImportResult;
  try {
    result = await retryOnConflict(() =>
      db.transaction().execute(async (trx) => {
        // Re-check inside the transaction: another importer may have stored the same bytes meanwhile.
        const current = await findBySha(trx, regionId, sha256, true);
        if (current && current.parser_version === prepared.parserVersion) return duplicateOf(current, sha256);
        const written = current
          ? await writeReparse(trx, prepared, current.id)
          : await writeNew(trx, prepared);
        await context.beforeCommit?.(trx, written.documentId);
        return written;
      }),
    );
  } catch (error) {
    if (isUniqueViolation(error)) {
      const winner = await findBySha(db, regionId, sha256);
      if (winner) return duplicateOf(winner, sha256);
    }
    if (error instanceof ImportError) throw error;
    throw new ImportError(
      "IMPORT_STORE_FAILED",
      `写入数据库失败：${(error as Error).message}`,
      `could not write to the database: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (result.status !== "duplicate") await refreshStatistics(db);
  return result;
}

const importsSinceAnalyze = new WeakMap<Kysely<Database>, number>();

/** Whether the `n`th import refreshes the planner's statistics: soon after the start, then at each doubling. */
export function analyzesAfter(n: number): boolean {
  if (n === 1 || n === 10 || n === 50) return true;
  const blocks = n / 250;
  return Number.isInteger(blocks) && (blocks & (blocks - 1)) === 0;
}

/**
 * The columns an import's statements and the ledger's lookups filter and join on. Statistics of
 * the wide columns (text, search vectors, jsonb) cost three quarters of an ANALYZE (1.5 s of 2 s at
 * 1,000 documents) and no plan an import makes reads them; `luoshi db vacuum` and autovacuum, where it
 * runs, analyze every column.
 */
const ANALYZE_COLUMNS = [
  "documents (region_id, id, sha256, doc_number_norm, title_norm, issued_title_norm, year)",
  "tasks (region_id, id, document_id, year, status, unit_ids)",
  "assignments (region_id, task_id, document_id, unit_id, role)",
  "units",
  "indicators (region_id, id, document_id, year)",
  "outline_nodes (region_id, document_id)",
  "citations (region_id, document_id, cited_document_id, doc_number_norm, title_norm, alias_of)",
].join(", ");

/**
 * Refreshes planner statistics of the tables an import writes. PGlite runs PostgreSQL in
 * single-user mode: no autovacuum, so no ANALYZE ever, and the plans cached for foreign-key checks
 * keep what they chose when the tables were empty (a sequential scan of tasks for every
 * assignment: imports got slower with every document). ANALYZE refreshes the statistics and makes
 * those plans be made again. A server may run without autovacuum too. The schedule doubles, so a
 * long import spends a bounded share of its time here however large the ledger grows (every 250
 * imports, ten thousand documents spent about 20 ms per document re-analyzing).
 */
async function refreshStatistics(db: Kysely<Database>): Promise<void> {
  const n = (importsSinceAnalyze.get(db) ?? 0) + 1;
  importsSinceAnalyze.set(db, n);
  if (!analyzesAfter(n)) return;
  await sql.raw(`ANALYZE ${ANALYZE_COLUMNS}`).execute(db);
}

/** SQLSTATE of failures that a retry of the whole transaction resolves. */
const RETRYABLE = new Set(["40P01", "40001"]); // deadlock_detected, serialization_failure

/**
 * Runs a transaction again when PostgreSQL aborted it for a deadlock or a serialization failure:
 * concurrent imports update shared rows (units, citations of other documents) and one of two
 * crossing transactions is chosen as the victim. The transaction left nothing behind.
 */
async function retryOnConflict<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= attempts || typeof code !== "string" || !RETRYABLE.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
    }
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505";
}

interface ExistingDoc {
  id: string;
  parser_version: string;
  title: string | null;
  doc_number: string | null;
  filename: string;
}

async function findBySha(
  db: Kysely<Database> | Trx,
  regionId: string,
  sha256: string,
  forUpdate = false,
): Promise<ExistingDoc | undefined> {
  let query = db
    .selectFrom("documents")
    .select(["id", "parser_version", "title", "doc_number", "filename"])
    .where("region_id", "=", regionId)
    .where("sha256", "=", sha256);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

function duplicateOf(doc: ExistingDoc, sha256: string): ImportResult {
  return {
    status: "duplicate",
    documentId: doc.id,
    sha256,
    title: doc.title,
    docNumber: doc.doc_number,
    filename: doc.filename,
  };
}

/** Everything computed before the transaction, so the transaction only writes. */
interface Prepared {
  input: ImportDocumentInput;
  sha256: string;
  ingested: IngestResult;
  document: PolicyDocument;
  diagnostics: ParseResult["diagnostics"];
  parserVersion: string;
  title: string | null;
  docNumber: string | null;
  date: string | null;
  year: number | null;
  taskIdentities: Identity[];
  indicatorIdentities: Identity[];
  taskTokens: string[];
  indicatorTokens: string[];
  documentTokens: string;
  resolved: ResolvedUnit[][];
}

function prepare(
  input: ImportDocumentInput,
  sha256: string,
  ingested: IngestResult,
  parsed: ParseResult,
  parserVersion: string,
  registry: UnitRegistry,
  vectors: SearchVectors,
): Prepared {
  const { document } = parsed;
  const { title, docNumber, date } = headlineOf(ingested, document);
  const year = documentYear(date, docNumber);
  const resolveOptions = year ? { writtenYear: year } : {};
  return {
    input,
    sha256,
    ingested,
    document,
    diagnostics: parsed.diagnostics,
    parserVersion,
    title,
    docNumber,
    date,
    year,
    taskIdentities: identityKeys(document.tasks.map((t) => ({ path: t.path, text: t.text }))),
    indicatorIdentities: identityKeys(document.indicators.map(indicatorIdentityInput)),
    ...vectors,
    resolved: document.tasks.map((t) => t.assignments.map((a) => registry.resolve(a.unit, resolveOptions))),
  };
}

function indicatorIdentityInput(indicator: Indicator): { path: string[]; text: string } {
  return { path: [indicator.category ?? ""], text: `${indicator.name}|${indicator.unit ?? ""}` };
}

function documentRow(p: Prepared) {
  const { document, ingested } = p;
  return {
    format: ingested.format,
    encoding: ingested.encoding?.name ?? null,
    text: ingested.text,
    title: p.title,
    doc_number: p.docNumber,
    doc_date: p.date,
    year: p.year,
    title_norm: normalizeTitle(p.title),
    issued_title_norm: issuedTitle(p.title),
    doc_number_norm: normalizeDocNumber(p.docNumber),
    meta: JSON.stringify({
      meta: document.meta,
      facts: ingested.facts,
      boxes: document.boxes,
      ...(ingested.encoding ? { encoding: ingested.encoding } : {}),
    }),
    parser_version: p.parserVersion,
    tsv: p.documentTokens,
  };
}

async function writeNew(trx: Trx, p: Prepared): Promise<ImportResult> {
  const documentId = uuidv7();
  const { regionId } = p.input;
  await trx
    .insertInto("documents")
    .values({
      region_id: regionId,
      id: documentId,
      sha256: p.sha256,
      media_type: p.input.mediaType ?? MEDIA_TYPES[p.ingested.format] ?? "application/octet-stream",
      filename: p.input.filename,
      byte_size: p.input.bytes.byteLength,
      original: p.input.bytes,
      ...documentRow(p),
    })
    .execute();
  const unitIds = await upsertUnits(trx, regionId, p.resolved.flat());
  const taskIds = p.document.tasks.map(() => uuidv7());
  const indicatorIds = p.document.indicators.map(() => uuidv7());
  // Tasks, indicators and every derived row go in one statement: one round trip per document.
  const counts = await writeDerived(trx, p, documentId, taskIds, unitIds, [
    {
      table: "tasks",
      rows: p.document.tasks.map((task, i) => ({
        ...taskRow(p, task, i, unitIds),
        region_id: regionId,
        id: taskIds[i]!,
        document_id: documentId,
      })),
    },
    {
      table: "indicators",
      rows: p.document.indicators.map((indicator, i) => ({
        ...indicatorRow(p, indicator, i),
        region_id: regionId,
        id: indicatorIds[i]!,
        document_id: documentId,
      })),
    },
  ]);
  return {
    status: "imported",
    documentId,
    sha256: p.sha256,
    title: p.title,
    docNumber: p.docNumber,
    counts: { ...counts, tasks: taskIds.length, indicators: indicatorIds.length },
    unresolvedUnits: unresolvedOf(p),
  };
}

async function writeReparse(trx: Trx, p: Prepared, documentId: string): Promise<ImportResult> {
  const { regionId } = p.input;
  await trx
    .updateTable("documents")
    .set({ ...documentRow(p), parsed_at: new Date() })
    .where("region_id", "=", regionId)
    .where("id", "=", documentId)
    .execute();
  // Rows without identity of their own are derived wholesale; tasks and indicators are carried over.
  for (const table of ["assignments", "outline_nodes", "phases", "citations", "diagnostics"] as const) {
    await trx
      .deleteFrom(table)
      .where("region_id", "=", regionId)
      .where("document_id", "=", documentId)
      .execute();
  }

  const oldTasks = await trx
    .selectFrom("tasks")
    .select(["id", "task_key", "heading_path", "text", "status"])
    .where("region_id", "=", regionId)
    .where("document_id", "=", documentId)
    .execute();
  const taskMatch = matchIdentities(
    oldTasks.map((t) => ({
      id: t.id,
      key: t.task_key,
      path: normalizePath(t.heading_path),
      text: normalizeForIdentity(t.text),
    })),
    p.taskIdentities,
  );
  const taskIds = taskMatch.map((id) => id ?? uuidv7());
  const unitIds = await upsertUnits(trx, regionId, p.resolved.flat());
  const taskCarry = await carryOver(
    trx,
    "tasks",
    regionId,
    documentId,
    oldTasks,
    taskMatch,
    p.document.tasks.map((task, i) => taskRow(p, task, i, unitIds)),
    taskIds,
  );

  const oldIndicators = await trx
    .selectFrom("indicators")
    .select(["id", "indicator_key", "category", "name", "unit", "status"])
    .where("region_id", "=", regionId)
    .where("document_id", "=", documentId)
    .execute();
  const oldIndicatorIdentities = identityKeysWithStored(oldIndicators);
  const indicatorMatch = matchIdentities(oldIndicatorIdentities, p.indicatorIdentities);
  const indicatorIds = indicatorMatch.map((id) => id ?? uuidv7());
  const indicatorCarry = await carryOver(
    trx,
    "indicators",
    regionId,
    documentId,
    oldIndicators,
    indicatorMatch,
    p.document.indicators.map((indicator, i) => indicatorRow(p, indicator, i)),
    indicatorIds,
  );

  const counts = await writeDerived(trx, p, documentId, taskIds, unitIds);
  return {
    status: "reparsed",
    documentId,
    sha256: p.sha256,
    title: p.title,
    docNumber: p.docNumber,
    counts: { ...counts, tasks: taskIds.length, indicators: indicatorIds.length },
    unresolvedUnits: unresolvedOf(p),
    tasks: taskCarry,
    indicators: indicatorCarry,
  };
}

function identityKeysWithStored(
  rows: { id: string; indicator_key: string; category: string | null; name: string; unit: string | null }[],
) {
  return rows.map((r) => ({
    id: r.id,
    key: r.indicator_key,
    path: normalizePath([r.category ?? ""]),
    text: normalizeForIdentity(`${r.name}|${r.unit ?? ""}`),
  }));
}

/**
 * Updates matched rows in place (same id), inserts new ones and retires the old rows nothing
 * matched. Retired rows stay, so whatever was attached to them is never lost.
 */
async function carryOver<T extends "tasks" | "indicators">(
  trx: Trx,
  table: T,
  regionId: string,
  documentId: string,
  old: { id: string; status: "active" | "retired" }[],
  match: (string | undefined)[],
  rows: Record<string, unknown>[],
  ids: string[],
): Promise<IdentityCarry> {
  const kept = new Set(match.filter((id): id is string => id !== undefined));
  const fresh: Record<string, unknown>[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (match[i] === undefined) {
      fresh.push({ ...row, region_id: regionId, id: ids[i], document_id: documentId });
      continue;
    }
    await trx
      .updateTable(table as "tasks")
      .set({ ...(row as object), status: "active", retired_at: null, updated_at: new Date() })
      .where("region_id", "=", regionId)
      .where("id", "=", match[i]!)
      .execute();
  }
  // A retired row keeps its key: no fresh row has it (it would have matched), and if a later parser
  // finds the task again, the key brings the row back to life.
  const retire = old.filter((o) => o.status === "active" && !kept.has(o.id)).map((o) => o.id);
  if (retire.length > 0) {
    await trx
      .updateTable(table as "tasks")
      .set({ status: "retired", retired_at: new Date(), updated_at: new Date() })
      .where("region_id", "=", regionId)
      .where("id", "in", retire)
      .execute();
  }
  await bulkInsert(trx, table, fresh as BulkRow<T>[]);
  return { kept: kept.size, added: fresh.length, retired: retire.length };
}

/** The resolved unit of each assignment of task `t`, or null. */
function unitIdsOf(p: Prepared, t: number, unitIds: Map<string, string>): (string | null)[] {
  return p.resolved[t]!.map((unit) => (unit.resolved ? (unitIds.get(unit.canonicalName) ?? null) : null));
}

function taskRow(p: Prepared, task: Task, i: number, unitIds: Map<string, string>) {
  const identity = p.taskIdentities[i]!;
  const units = [...new Set(unitIdsOf(p, i, unitIds).filter((id): id is string => id !== null))].sort();
  return {
    task_key: identity.key,
    seq: i + 1,
    parser_task_id: task.id,
    heading_path: JSON.stringify(task.path),
    text: task.text,
    span_start: task.span.start,
    span_end: task.span.end,
    clause_start: task.clauseSpan.start,
    clause_end: task.clauseSpan.end,
    deadline: task.deadline?.value ?? null,
    year: p.year,
    unit_ids: units,
    tsv: p.taskTokens[i]!,
  };
}

function valueJson(value: IndicatorValue | undefined): string | null {
  return value ? JSON.stringify(value) : null;
}

function indicatorRow(p: Prepared, indicator: Indicator, i: number) {
  const identity = p.indicatorIdentities[i]!;
  const targets: Record<string, IndicatorValue> = {};
  const targetYear = indicator.target?.year ?? indicator.targetYear;
  if (indicator.target && targetYear !== undefined) targets[String(targetYear)] = indicator.target;
  const marks = [...new Set([...(indicator.baseline?.marks ?? []), ...(indicator.target?.marks ?? [])])];
  return {
    indicator_key: identity.key,
    seq: i + 1,
    parser_indicator_id: indicator.id,
    name: indicator.name,
    unit: indicator.unit ?? null,
    category: indicator.category ?? null,
    baseline: valueJson(indicator.baseline),
    target: valueJson(indicator.target),
    targets: JSON.stringify(targets),
    target_year: targetYear ?? null,
    attribute: indicator.attribute ?? null,
    year: p.year,
    marks: JSON.stringify(marks),
    source: indicator.source,
    span_start: indicator.span.start,
    span_end: indicator.span.end,
    tsv: p.indicatorTokens[i]!,
  };
}

function unresolvedOf(p: Prepared): string[] {
  return [
    ...new Set(
      p.resolved
        .flat()
        .filter((u) => !u.resolved)
        .map((u) => u.canonicalName),
    ),
  ];
}

/**
 * Assignments, outline, phases, citations and diagnostics: rows that are simply re-derived. They
 * are written in one statement together with `before` (a new document's tasks and indicators).
 */
async function writeDerived(
  trx: Trx,
  p: Prepared,
  documentId: string,
  taskIds: string[],
  unitIds: Map<string, string>,
  before: BulkBatch[] = [],
): Promise<Omit<ImportCounts, "tasks" | "indicators">> {
  const { regionId } = p.input;
  const assignments = p.document.tasks.flatMap((task, t) =>
    task.assignments.map((a, k) => {
      const unit = p.resolved[t]![k]!;
      return {
        region_id: regionId,
        id: uuidv7(),
        task_id: taskIds[t]!,
        document_id: documentId,
        seq: k + 1,
        unit_name: a.unit,
        role: a.role,
        collective: a.collective,
        inferred: a.inferred ?? false,
        span_start: a.span.start,
        span_end: a.span.end,
        unit_id: unit.resolved ? (unitIds.get(unit.canonicalName) ?? null) : null,
        resolution: resolutionJson(unit),
      };
    }),
  );
  const outline = outlineRows(p.document.outline, regionId, documentId);
  const phases = p.document.phases.map((phase, i) => ({
    region_id: regionId,
    id: uuidv7(),
    document_id: documentId,
    seq: i + 1,
    name: phase.name,
    start_month: phase.start ?? null,
    end_month: phase.end ?? null,
    steps: JSON.stringify(phase.steps),
    span_start: phase.span.start,
    span_end: phase.span.end,
  }));
  const citations = citationRows(p.document.citations, regionId, documentId);

  const diagnostics = [
    ...p.ingested.diagnostics.map((d) => ({
      source: "ingest" as const,
      code: d.code,
      severity: d.severity,
      message: d.message,
      span_start: null,
      span_end: null,
      related: null,
      count: d.count ?? null,
    })),
    ...p.diagnostics.map((d) => ({
      source: "parse" as const,
      code: d.code,
      severity: d.severity,
      message: d.message,
      span_start: d.span.start,
      span_end: d.span.end,
      related: d.related ? JSON.stringify(d.related) : null,
      count: null,
    })),
  ].map((d, i) => ({ ...d, region_id: regionId, id: uuidv7(), document_id: documentId, seq: i + 1 }));
  await bulkInsertMany(trx, [
    ...before,
    { table: "assignments", rows: assignments },
    { table: "outline_nodes", rows: outline },
    { table: "phases", rows: phases },
    { table: "citations", rows: citations },
    { table: "diagnostics", rows: diagnostics },
  ]);

  // Last: it takes the region's citation lock, held until commit (see resolveCitationsAround).
  await resolveCitationsAround(trx, regionId, documentId);

  return {
    assignments: assignments.length,
    phases: p.document.phases.length,
    citations: citations.length,
    outlineNodes: outline.length,
    diagnostics: diagnostics.length,
  };
}

function outlineRows(nodes: OutlineNode[], regionId: string, documentId: string) {
  const rows: BulkRow<"outline_nodes">[] = [];
  let seq = 0;
  const walk = (list: OutlineNode[], parentId: string | null, depth: number) => {
    for (const node of list) {
      const id = uuidv7();
      seq++;
      const base = {
        region_id: regionId,
        id,
        document_id: documentId,
        parent_id: parentId,
        seq,
        node_key: node.id,
        type: node.type,
        span_start: node.span.start,
        span_end: node.span.end,
      };
      if (node.type === "heading") {
        rows.push({
          ...base,
          style: node.style,
          marker: node.marker,
          ordinal: node.ordinal,
          depth: node.depth,
          title: node.title,
          rows: null,
          notes: null,
        });
        walk(node.children, id, node.depth + 1);
      } else if (node.type === "paragraph") {
        rows.push({
          ...base,
          style: null,
          marker: null,
          ordinal: null,
          depth,
          title: null,
          rows: null,
          notes: null,
        });
      } else {
        rows.push({
          ...base,
          style: null,
          marker: null,
          ordinal: null,
          depth,
          title: node.caption ?? null,
          rows: JSON.stringify(node.rows.map((r) => r.map((c) => c.text))),
          notes: node.notes ?? null,
        });
      }
    }
  };
  walk(nodes, null, 1);
  return rows;
}

function citationRows(citations: Citation[], regionId: string, documentId: string) {
  const ids = new Map(citations.map((c) => [c.id, uuidv7()]));
  return citations.map((c, i) => ({
    region_id: regionId,
    id: ids.get(c.id)!,
    document_id: documentId,
    seq: i + 1,
    parser_citation_id: c.id,
    title: c.title ?? null,
    doc_number: c.docNumber ?? null,
    alias: c.alias ?? null,
    alias_of: c.aliasOf ? (ids.get(c.aliasOf) ?? null) : null,
    title_norm: normalizeTitle(c.title),
    doc_number_norm: normalizeDocNumber(c.docNumber),
    span_start: c.span.start,
    span_end: c.span.end,
    cited_document_id: null,
    resolved_by: null,
  }));
}

/** Extensions a folder scan picks up; files named on the command line are always tried. */
export const IMPORTABLE_EXTENSIONS = new Set([
  ".txt",
  ".text",
  ".htm",
  ".html",
  ".shtml",
  ".xhtml",
  ".docx",
  ".pdf",
  ".doc",
  ".wps",
]);

/**
 * The files to import from paths given by the user: files as they are, folders recursively
 * (hidden entries skipped, only IMPORTABLE_EXTENSIONS), in a stable sorted order.
 */
export async function collectFiles(
  paths: readonly string[],
): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = async (dir: string) => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && IMPORTABLE_EXTENSIONS.has(extname(entry.name).toLowerCase()))
        files.push(full);
    }
  };
  for (const path of paths) {
    const full = resolve(path);
    let info;
    try {
      info = await stat(full);
    } catch {
      missing.push(path);
      continue;
    }
    if (info.isDirectory()) await walk(full);
    else files.push(full);
  }
  return { files: [...new Set(files)], missing };
}

/** One file's outcome in a batch. */
export type FileOutcome =
  | { path: string; ok: true; result: ImportResult }
  | { path: string; ok: false; code: string; messageZh: string; messageEn: string };

/** Totals of a batch import. */
export interface ImportSummary {
  imported: number;
  reparsed: number;
  duplicates: number;
  failed: number;
  outcomes: FileOutcome[];
}

/** Options of `importFiles`. */
export interface ImportFilesOptions extends ImportContext {
  regionId: string;
  /**
   * Documents in flight at once (default 1). On PostgreSQL a few overlap one document's database
   * round trips with the next one's parsing; PGlite runs in this process, so more gain nothing.
   */
  concurrency?: number;
  /** Called before each file (`outcome` undefined) and after it. */
  onProgress?: (event: { index: number; total: number; path: string; outcome?: FileOutcome }) => void;
}

/**
 * Imports files and folders one document at a time; a failure is recorded with its reason and the
 * batch goes on. The units registry is loaded once for the batch.
 */
export async function importFiles(
  db: Kysely<Database>,
  paths: readonly string[],
  options: ImportFilesOptions,
): Promise<ImportSummary> {
  const { files, missing } = await collectFiles(paths);
  const summary: ImportSummary = { imported: 0, reparsed: 0, duplicates: 0, failed: 0, outcomes: [] };
  for (const path of missing) {
    summary.failed++;
    summary.outcomes.push({
      path,
      ok: false,
      code: "IMPORT_READ_FAILED",
      messageZh: "文件或目录不存在",
      messageEn: "no such file or directory",
    });
  }
  await ensureRegion(db, options.regionId);
  const registry = options.registry ?? (await loadRegistry(db, options.regionId));
  const total = files.length;
  const outcomes: FileOutcome[] = new Array(total);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= total) return;
      const path = files[index]!;
      options.onProgress?.({ index, total, path });
      const outcome = await importOne(db, path, { ...options, registry });
      outcomes[index] = outcome;
      if (!outcome.ok) summary.failed++;
      else if (outcome.result.status === "duplicate") summary.duplicates++;
      else if (outcome.result.status === "reparsed") summary.reparsed++;
      else summary.imported++;
      options.onProgress?.({ index, total, path, outcome });
    }
  };
  const lanes = Math.max(1, Math.min(options.concurrency ?? 1, total));
  await Promise.all(Array.from({ length: lanes }, worker));
  summary.outcomes.push(...outcomes);
  return summary;
}

async function importOne(
  db: Kysely<Database>,
  path: string,
  options: ImportFilesOptions,
): Promise<FileOutcome> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return {
      path,
      ok: false,
      code: "IMPORT_READ_FAILED",
      messageZh: `无法读取文件（${(error as NodeJS.ErrnoException).code ?? "?"}）`,
      messageEn: `cannot read the file (${(error as Error).message})`,
    };
  }
  try {
    const result = await importDocument(
      db,
      { bytes, filename: basename(path), regionId: options.regionId },
      options,
    );
    return { path, ok: true, result };
  } catch (error) {
    if (error instanceof ImportError) {
      return { path, ok: false, code: error.code, messageZh: error.messageZh, messageEn: error.messageEn };
    }
    throw error;
  }
}
