import type { z } from "@hono/zod-openapi";
import type { DocumentDetailSchema, DocumentSummarySchema } from "../schemas/documents.js";
import type { DocumentDetail, DocumentRecord } from "../services/documents.js";
import { presentTask } from "./tasks.js";

/** A document in lists. */
export type DocumentSummaryDto = z.infer<typeof DocumentSummarySchema>;
/** A document with what was parsed from it. */
export type DocumentDetailDto = z.infer<typeof DocumentDetailSchema>;

/** A document row as the API shows it. */
export function presentDocument(doc: DocumentRecord): DocumentSummaryDto {
  return {
    id: doc.id,
    filename: doc.filename,
    title: doc.title,
    docNumber: doc.docNumber,
    docDate: doc.docDate,
    year: doc.year,
    format: doc.format,
    mediaType: doc.mediaType,
    byteSize: Number(doc.byteSize),
    sha256: doc.sha256,
    importedAt: doc.importedAt.toISOString(),
    tasks: doc.tasks,
  };
}

/** A document with its outline, tasks and indicators; every item keeps its span into `text`. */
export function presentDocumentDetail(detail: DocumentDetail): DocumentDetailDto {
  return {
    ...presentDocument(detail.summary),
    encoding: detail.encoding,
    parserVersion: detail.parserVersion,
    text: detail.text,
    outline: detail.outline.map((n) => ({
      id: n.id,
      parentId: n.parent_id,
      seq: n.seq,
      type: n.type,
      marker: n.marker,
      depth: n.depth,
      title: n.title,
      rows: n.rows,
      span: { start: n.span_start, end: n.span_end },
    })),
    taskList: detail.tasks.map((t) => presentTask(t, detail.assignments.get(t.id) ?? [])),
    indicators: detail.indicators.map((i) => ({
      id: i.id,
      seq: i.seq,
      name: i.name,
      unit: i.unit,
      category: i.category,
      baseline: i.baseline,
      target: i.target,
      targets: i.targets,
      targetYear: i.target_year,
      attribute: i.attribute,
      marks: i.marks,
      span: { start: i.span_start, end: i.span_end },
    })),
    diagnostics: detail.diagnostics,
    citations: detail.citations,
  };
}
