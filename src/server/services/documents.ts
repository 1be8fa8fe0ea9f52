/**
 * Documents: list, read with what was parsed, download the original (its SHA-256 checked), and
 * upload — parsed in a worker, stored by `importDocument` in one transaction together with the
 * audit row. A department sees the documents that give its unit a task, and only those tasks.
 */
import { createHash } from "node:crypto";
import { sql } from "kysely";
import { importDocument, ImportError, sha256Hex } from "../../import/index.js";
import type { RequestContext } from "../context.js";
import { ApiError, notFound } from "../errors.js";
import { documentPolicy, type DocumentSubject } from "../policies/documents.js";
import { assignmentsOf, reporterUnit, unitTasks, type AssignmentRecord, type TaskRecord } from "./tasks.js";

/** A document row for lists and headers. */
export interface DocumentRecord {
  id: string;
  filename: string;
  title: string | null;
  docNumber: string | null;
  docDate: string | null;
  year: number | null;
  format: string;
  mediaType: string;
  byteSize: number;
  sha256: string;
  importedAt: Date;
  tasks: number;
}

/**
 * The documents that give a unit a task, with how many: a subquery driven by the unit's
 * assignments (see `unitTasks`), joined to the documents.
 */
function ownDocuments(ctx: RequestContext, unitId: string) {
  return ctx.db
    .selectFrom(unitTasks(ctx, unitId).as("own"))
    .innerJoin("tasks as t", (j) => j.onRef("t.id", "=", "own.task_id"))
    .select(["t.document_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("t.region_id", "=", ctx.actor.regionId)
    .where("t.status", "=", "active")
    .groupBy("t.document_id");
}

function summaryQuery(ctx: RequestContext) {
  const own = reporterUnit(ctx.actor);
  const allTasks = sql<number>`(SELECT count(*) FROM tasks t WHERE t.region_id = d.region_id AND t.document_id = d.id
    AND t.status = 'active')`;
  return ctx.db
    .selectFrom("documents as d")
    .$if(own !== null, (q) =>
      q.innerJoin(ownDocuments(ctx, own!).as("own"), (j) => j.onRef("own.document_id", "=", "d.id")),
    )
    .select([
      "d.id",
      "d.filename",
      "d.title",
      "d.doc_number as docNumber",
      "d.doc_date as docDate",
      "d.year",
      "d.format",
      "d.media_type as mediaType",
      "d.byte_size as byteSize",
      "d.sha256",
      "d.imported_at as importedAt",
      (own ? sql<number>`own.n` : allTasks).as("tasks"),
    ])
    .where("d.region_id", "=", ctx.actor.regionId);
}

function toRecord(row: Omit<DocumentRecord, "tasks"> & { tasks: number | string | null }): DocumentRecord {
  return { ...row, importedAt: new Date(row.importedAt), tasks: Number(row.tasks ?? 0) };
}

/** The documents the actor may see, newest import first. */
export async function listDocuments(
  ctx: RequestContext,
  query: { limit: number; offset: number; year?: number | undefined },
): Promise<{ rows: DocumentRecord[]; total: number }> {
  documentPolicy.authorize(ctx.actor, "list");
  const own = reporterUnit(ctx.actor);
  let count = ctx.db
    .selectFrom("documents as d")
    .$if(own !== null, (q) =>
      q.innerJoin(ownDocuments(ctx, own!).as("own"), (j) => j.onRef("own.document_id", "=", "d.id")),
    )
    .where("d.region_id", "=", ctx.actor.regionId);
  let page = summaryQuery(ctx);
  if (query.year !== undefined) {
    count = count.where("d.year", "=", query.year);
    page = page.where("d.year", "=", query.year);
  }
  // The total rides along as a window count; a separate count only for a page past the end.
  const rows = await page
    .select((eb) => eb.fn.countAll<number>().over().as("total"))
    .orderBy("d.imported_at", "desc")
    .orderBy("d.id")
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  const total =
    rows.length > 0 || query.offset === 0
      ? Number(rows[0]?.total ?? 0)
      : Number((await count.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  return { rows: rows.map(({ total: _total, ...row }) => toRecord(row)), total };
}

/** The policy's view of a document: the units that lead or support one of its active tasks. */
async function documentSubject(ctx: RequestContext, documentId: string): Promise<DocumentSubject> {
  const units = await ctx.db
    .selectFrom("assignments as a")
    .innerJoin("tasks as t", (j) =>
      j.onRef("t.region_id", "=", "a.region_id").onRef("t.id", "=", "a.task_id"),
    )
    .select("a.unit_id")
    .distinct()
    .where("t.region_id", "=", ctx.actor.regionId)
    .where("t.document_id", "=", documentId)
    .where("t.status", "=", "active")
    .where("a.unit_id", "is not", null)
    .execute();
  return { regionId: ctx.actor.regionId, unitIds: units.map((u) => u.unit_id!) };
}

async function visibleDocument(ctx: RequestContext, id: string, action: "read" | "download") {
  documentPolicy.authorize(ctx.actor, action);
  const exists = await ctx.db
    .selectFrom("documents")
    .select("id")
    .where("region_id", "=", ctx.actor.regionId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!exists) throw notFound();
  const subject = await documentSubject(ctx, id);
  documentPolicy.authorize(ctx.actor, action, subject);
  return subject;
}

/** Everything parsed from a document. */
export interface DocumentDetail {
  summary: DocumentRecord;
  subject: DocumentSubject;
  encoding: string | null;
  parserVersion: string;
  text: string;
  outline: {
    id: string;
    parent_id: string | null;
    seq: number;
    type: "heading" | "paragraph" | "table";
    marker: string | null;
    depth: number;
    title: string | null;
    rows: string[][] | null;
    span_start: number;
    span_end: number;
  }[];
  tasks: TaskRecord[];
  assignments: Map<string, AssignmentRecord[]>;
  indicators: {
    id: string;
    seq: number;
    name: string;
    unit: string | null;
    category: string | null;
    baseline: unknown;
    target: unknown;
    targets: Record<string, unknown>;
    target_year: number | null;
    attribute: string | null;
    marks: string[];
    span_start: number;
    span_end: number;
  }[];
  diagnostics: DiagnosticRecord[];
  citations: { cites: CitationRecord[]; citedBy: CitingDocumentRecord[] };
}

/** What ingest or the parser reported about the document; ingest notes carry no span. */
export interface DiagnosticRecord {
  id: string;
  source: "ingest" | "parse";
  code: string;
  severity: string;
  message: string;
  span: { start: number; end: number } | null;
  count: number | null;
}

/** Another document of the ledger, as a citation links to it. */
export interface LinkedDocument {
  id: string;
  title: string | null;
  docNumber: string | null;
  year: number | null;
}

/**
 * A citation in this document (根据《…》, 贯彻落实…): what was written, where, and the document of
 * the ledger it resolved to — null when it is not in the ledger or the actor may not read it.
 */
export interface CitationRecord {
  id: string;
  title: string | null;
  docNumber: string | null;
  span: { start: number; end: number };
  resolvedBy: "doc_number" | "title" | "alias" | null;
  document: LinkedDocument | null;
}

/** A document that cites this one (implements it), with how many times; only documents the actor may read. */
export interface CitingDocumentRecord {
  document: LinkedDocument;
  citations: number;
}

/**
 * The subset of `ids` (documents of the actor's region) the actor may read, decided by the document
 * policy on each one's subject — the units that lead or support one of its active tasks — exactly
 * as opening the document would decide.
 */
async function readableDocuments(ctx: RequestContext, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await ctx.db
    .selectFrom("documents as d")
    .leftJoin("tasks as t", (j) =>
      j
        .onRef("t.region_id", "=", "d.region_id")
        .onRef("t.document_id", "=", "d.id")
        .on("t.status", "=", "active"),
    )
    .leftJoin("assignments as a", (j) =>
      j.onRef("a.region_id", "=", "t.region_id").onRef("a.task_id", "=", "t.id"),
    )
    .select(["d.id", "a.unit_id"])
    .distinct()
    .where("d.region_id", "=", ctx.actor.regionId)
    .where("d.id", "in", [...ids])
    .execute();
  const units = new Map<string, string[]>();
  for (const r of rows) {
    const list = units.get(r.id) ?? [];
    if (r.unit_id) list.push(r.unit_id);
    units.set(r.id, list);
  }
  const readable = new Set<string>();
  for (const [docId, unitIds] of units)
    if (documentPolicy.can(ctx.actor, "read", { regionId: ctx.actor.regionId, unitIds })) readable.add(docId);
  return readable;
}

/** The diagnostics of a document, in the order they were reported. */
async function diagnosticsOf(ctx: RequestContext, id: string): Promise<DiagnosticRecord[]> {
  const rows = await ctx.db
    .selectFrom("diagnostics")
    .select(["id", "source", "code", "severity", "message", "span_start", "span_end", "count"])
    .where("region_id", "=", ctx.actor.regionId)
    .where("document_id", "=", id)
    .orderBy("seq")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    source: r.source,
    code: r.code,
    severity: r.severity,
    message: r.message,
    span: r.span_start !== null && r.span_end !== null ? { start: r.span_start, end: r.span_end } : null,
    count: r.count,
  }));
}

/**
 * Citations both ways: what the document cites (each with the ledger document it resolved to, when
 * the actor may read it) and the readable documents that cite it. Mentions by alias are folded into
 * the citation that defined the alias, as in the store's citation graph.
 */
async function citationsOf(
  ctx: RequestContext,
  id: string,
): Promise<{ cites: CitationRecord[]; citedBy: CitingDocumentRecord[] }> {
  const out = await ctx.db
    .selectFrom("citations")
    .select(["id", "title", "doc_number", "span_start", "span_end", "cited_document_id", "resolved_by"])
    .where("region_id", "=", ctx.actor.regionId)
    .where("document_id", "=", id)
    .where("alias_of", "is", null)
    .where((eb) =>
      eb.or([
        eb("title", "is not", null),
        eb("doc_number", "is not", null),
        eb("cited_document_id", "is not", null),
      ]),
    )
    .orderBy("seq")
    .execute();
  const incoming = await ctx.db
    .selectFrom("citations")
    .select(["document_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("region_id", "=", ctx.actor.regionId)
    .where("cited_document_id", "=", id)
    .where("document_id", "!=", id)
    .groupBy("document_id")
    .execute();
  const linked = new Set<string>([
    ...out.flatMap((c) => (c.cited_document_id && c.cited_document_id !== id ? [c.cited_document_id] : [])),
    ...incoming.map((c) => c.document_id),
  ]);
  const readable = await readableDocuments(ctx, [...linked]);
  const docs = new Map<string, LinkedDocument>();
  if (readable.size > 0) {
    const rows = await ctx.db
      .selectFrom("documents")
      .select(["id", "title", "doc_number", "year"])
      .where("region_id", "=", ctx.actor.regionId)
      .where("id", "in", [...readable])
      .execute();
    for (const r of rows) docs.set(r.id, { id: r.id, title: r.title, docNumber: r.doc_number, year: r.year });
  }
  const cites = out.map((c) => ({
    id: c.id,
    title: c.title,
    docNumber: c.doc_number,
    span: { start: c.span_start, end: c.span_end },
    resolvedBy: c.resolved_by,
    document: c.cited_document_id ? (docs.get(c.cited_document_id) ?? null) : null,
  }));
  const citedBy = incoming
    .flatMap((c) => {
      const document = docs.get(c.document_id);
      return document ? [{ document, citations: Number(c.n) }] : [];
    })
    .sort(
      (a, b) =>
        (b.document.year ?? 0) - (a.document.year ?? 0) ||
        (a.document.title ?? "").localeCompare(b.document.title ?? "", "zh-CN"),
    );
  return { cites, citedBy };
}

/** A document with its outline, tasks (a department's own only) and indicators. */
export async function getDocument(ctx: RequestContext, id: string): Promise<DocumentDetail> {
  const subject = await visibleDocument(ctx, id, "read");
  const summary = toRecord(await summaryQuery(ctx).where("d.id", "=", id).executeTakeFirstOrThrow());
  const doc = await ctx.db
    .selectFrom("documents")
    .select(["encoding", "parser_version", "text"])
    .where("region_id", "=", ctx.actor.regionId)
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  const outline = await ctx.db
    .selectFrom("outline_nodes")
    .select(["id", "parent_id", "seq", "type", "marker", "depth", "title", "rows", "span_start", "span_end"])
    .where("region_id", "=", ctx.actor.regionId)
    .where("document_id", "=", id)
    .orderBy("seq")
    .execute();
  let taskQuery = ctx.db
    .selectFrom("tasks as t")
    .innerJoin("documents as d", (j) =>
      j.onRef("d.region_id", "=", "t.region_id").onRef("d.id", "=", "t.document_id"),
    )
    .select([
      "t.id",
      "t.document_id as documentId",
      "t.seq",
      "t.heading_path as headingPath",
      "t.text",
      "t.deadline",
      "t.status",
      "t.span_start as spanStart",
      "t.span_end as spanEnd",
      "d.title as documentTitle",
      "d.doc_number as docNumber",
    ])
    .where("t.region_id", "=", ctx.actor.regionId)
    .where("t.document_id", "=", id)
    .where("t.status", "=", "active");
  const own = reporterUnit(ctx.actor);
  if (own) taskQuery = taskQuery.where("t.id", "in", unitTasks(ctx, own));
  const tasks = await taskQuery.orderBy("t.seq").execute();
  const indicators = await ctx.db
    .selectFrom("indicators")
    .select([
      "id",
      "seq",
      "name",
      "unit",
      "category",
      "baseline",
      "target",
      "targets",
      "target_year",
      "attribute",
      "marks",
      "span_start",
      "span_end",
    ])
    .where("region_id", "=", ctx.actor.regionId)
    .where("document_id", "=", id)
    .where("status", "=", "active")
    .orderBy("seq")
    .execute();
  return {
    summary,
    subject,
    encoding: doc.encoding,
    parserVersion: doc.parser_version,
    text: doc.text,
    outline,
    tasks,
    assignments: await assignmentsOf(
      ctx,
      tasks.map((t) => t.id),
    ),
    indicators,
    diagnostics: await diagnosticsOf(ctx, id),
    citations: await citationsOf(ctx, id),
  };
}

/** The original bytes, checked against the SHA-256 recorded at upload. */
export async function downloadOriginal(
  ctx: RequestContext,
  id: string,
): Promise<{ bytes: Uint8Array; filename: string; mediaType: string }> {
  await visibleDocument(ctx, id, "download");
  const doc = await ctx.db
    .selectFrom("documents")
    .select(["original", "sha256", "filename", "media_type"])
    .where("region_id", "=", ctx.actor.regionId)
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  const actual = createHash("sha256").update(doc.original).digest("hex");
  if (actual !== doc.sha256) {
    // 等保 8.1.4.7: a stored file that changed is reported, audited and not served.
    await ctx.transaction((trx) =>
      ctx.audit(trx, {
        action: "document.integrity",
        objectId: id,
        outcome: "failure",
        detail: { expected: doc.sha256, actual },
      }),
    );
    throw new ApiError(409, "INTEGRITY_MISMATCH");
  }
  return { bytes: doc.original, filename: doc.filename, mediaType: doc.media_type };
}

/** Result of an upload. */
export interface UploadResult {
  document: DocumentRecord;
  /** Set when these bytes were already in the region's ledger. */
  duplicateOf: string | null;
  status: "imported" | "reparsed" | "duplicate";
}

/**
 * Stores an uploaded file: duplicate check by SHA-256 first (nothing parsed), then ingest + parse
 * in a worker, then one transaction with every row and the audit row.
 */
export async function uploadDocument(
  ctx: RequestContext,
  file: { bytes: Uint8Array; filename: string; mediaType: string | undefined },
): Promise<UploadResult> {
  documentPolicy.authorize(ctx.actor, "upload", { regionId: ctx.actor.regionId, unitIds: [] });
  if (file.bytes.byteLength > ctx.settings.limits.uploadBytes) throw new ApiError(413, "PAYLOAD_TOO_LARGE");
  const filename = cleanFilename(file.filename);
  const sha256 = sha256Hex(file.bytes);
  const known = await ctx.db
    .selectFrom("documents")
    .select(["id", "parser_version"])
    .where("region_id", "=", ctx.actor.regionId)
    .where("sha256", "=", sha256)
    .executeTakeFirst();
  const summarize = async (documentId: string) =>
    toRecord(
      await summaryQuery({ ...ctx, actor: { ...ctx.actor, role: "supervisor" } })
        .where("d.id", "=", documentId)
        .executeTakeFirstOrThrow(),
    );
  if (known) {
    await ctx.transaction((trx) =>
      ctx.audit(trx, { objectId: known.id, detail: { duplicateOf: known.id, filename, sha256 } }),
    );
    return { document: await summarize(known.id), duplicateOf: known.id, status: "duplicate" };
  }
  const parsed = await ctx.parser.run({
    bytes: file.bytes,
    filename,
    ...(file.mediaType ? { mediaType: file.mediaType } : {}),
    maxBytes: ctx.settings.limits.uploadBytes,
    timeoutMs: ctx.settings.parse.timeoutMs,
  });
  let result;
  try {
    result = await importDocument(
      ctx.db,
      {
        bytes: file.bytes,
        filename,
        regionId: ctx.actor.regionId,
        ...(file.mediaType ? { mediaType: file.mediaType } : {}),
      },
      {
        read: async () => parsed,
        beforeCommit: async (trx, documentId) => {
          await ctx.audit(trx, {
            objectId: documentId,
            after: { documentId, filename, sha256, byteSize: file.bytes.byteLength },
          });
        },
      },
    );
  } catch (error) {
    if (error instanceof ImportError) {
      if (error.code === "IMPORT_STORE_FAILED" || error.code === "IMPORT_READ_FAILED") throw error;
      throw new ApiError(422, error.code, error.messageZh);
    }
    throw error;
  }
  ctx.committed();
  if (result.status === "duplicate") {
    // Another upload of the same bytes won the race; record this one as the duplicate it is.
    const id = result.documentId;
    await ctx.transaction((trx) =>
      ctx.audit(trx, { objectId: id, detail: { duplicateOf: id, filename, sha256 } }),
    );
    return {
      document: await summarize(result.documentId),
      duplicateOf: result.documentId,
      status: "duplicate",
    };
  }
  return { document: await summarize(result.documentId), duplicateOf: null, status: result.status };
}

/** A file name without a path or control characters, at most 200 characters. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return (clean || "upload").slice(0, 200);
}
