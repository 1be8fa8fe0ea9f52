import { z } from "@hono/zod-openapi";
import { PageQuery, PageSchema, PoliciesSchema, SpanSchema } from "./common.js";
import { TaskSchema } from "./tasks.js";

/** A document in lists. */
export const DocumentSummarySchema = z
  .object({
    id: z.uuid(),
    filename: z.string(),
    title: z.string().nullable(),
    docNumber: z.string().nullable(),
    docDate: z.string().nullable(),
    year: z.number().int().nullable(),
    format: z.string(),
    mediaType: z.string(),
    byteSize: z.number().int(),
    sha256: z.string(),
    importedAt: z.string(),
    tasks: z.number().int(),
  })
  .openapi("DocumentSummary");

/** A heading, paragraph or table of the outline; `parentId` builds the tree, `span` points into `text`. */
export const OutlineNodeSchema = z
  .object({
    id: z.uuid(),
    parentId: z.string().nullable(),
    seq: z.number().int(),
    type: z.enum(["heading", "paragraph", "table"]),
    marker: z.string().nullable(),
    depth: z.number().int(),
    title: z.string().nullable(),
    rows: z.array(z.array(z.string())).nullable(),
    span: SpanSchema,
  })
  .openapi("OutlineNode");

/** A measurable goal with baseline and targets. */
export const IndicatorSchema = z
  .object({
    id: z.uuid(),
    seq: z.number().int(),
    name: z.string(),
    unit: z.string().nullable(),
    category: z.string().nullable(),
    baseline: z.unknown(),
    target: z.unknown(),
    targets: z.record(z.string(), z.unknown()),
    targetYear: z.number().int().nullable(),
    attribute: z.string().nullable(),
    marks: z.array(z.string()),
    span: SpanSchema,
  })
  .openapi("Indicator");

/** What ingest or the parser reported; `span` points into `text` (null for ingest notes). */
export const DiagnosticSchema = z
  .object({
    id: z.uuid(),
    source: z.enum(["ingest", "parse"]),
    code: z.string(),
    severity: z.string(),
    message: z.string(),
    span: SpanSchema.nullable(),
    count: z.number().int().nullable(),
  })
  .openapi("Diagnostic");

/** Another document of the ledger that a citation links to. */
export const LinkedDocumentSchema = z
  .object({
    id: z.uuid(),
    title: z.string().nullable(),
    docNumber: z.string().nullable(),
    year: z.number().int().nullable(),
  })
  .openapi("LinkedDocument");

/**
 * A citation in the document (根据《…》): as written, its span, and the ledger document it resolved
 * to — null when that document is not in the ledger or the caller may not read it.
 */
export const CitationSchema = z
  .object({
    id: z.uuid(),
    title: z.string().nullable(),
    docNumber: z.string().nullable(),
    span: SpanSchema,
    resolvedBy: z.enum(["doc_number", "title", "alias"]).nullable(),
    document: LinkedDocumentSchema.nullable(),
  })
  .openapi("Citation");

/** Citations both ways: what the document cites, and the documents (readable by the caller) citing it. */
export const CitationsSchema = z
  .object({
    cites: z.array(CitationSchema),
    citedBy: z.array(z.object({ document: LinkedDocumentSchema, citations: z.number().int() })),
  })
  .openapi("Citations");

/** A document with what was parsed from it; a department sees only its own tasks. */
export const DocumentDetailSchema = DocumentSummarySchema.extend({
  encoding: z.string().nullable(),
  parserVersion: z.string(),
  text: z.string(),
  outline: z.array(OutlineNodeSchema),
  taskList: z.array(TaskSchema),
  indicators: z.array(IndicatorSchema),
  diagnostics: z.array(DiagnosticSchema),
  citations: CitationsSchema,
}).openapi("DocumentDetail");

/** `GET /api/documents` query. */
export const DocumentListQuery = PageQuery.extend({
  year: z.coerce.number().int().min(1900).max(2200).optional(),
});

/** `GET /api/documents` response. */
export const DocumentListResponse = z.object({
  data: z.array(DocumentSummarySchema),
  page: PageSchema,
  policies: PoliciesSchema,
});

/** `GET /api/documents/{id}` response. */
export const DocumentResponse = z.object({ data: DocumentDetailSchema, policies: PoliciesSchema });

/** Upload response: `duplicateOf` is set when the same bytes were already in the ledger. */
export const UploadResponse = z.object({
  data: DocumentSummarySchema,
  duplicateOf: z.string().nullable(),
  policies: PoliciesSchema,
});

/** `POST /api/documents`: one file in the `file` field of a multipart form. */
export const UploadForm = z
  .object({ file: z.instanceof(File).openapi({ type: "string", format: "binary" }) })
  .openapi("UploadForm");
