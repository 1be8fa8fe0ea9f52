/**
 * Search vectors of a parsed document: pure and synchronous, so they can be computed where the
 * parse ran (a worker thread) and travel with it. Segmenting a long text is the largest single
 * cost of an import; doing it off the main thread keeps the server's event loop and an import's
 * database work moving.
 */
import type { IngestResult } from "../ingest/index.js";
import type { PolicyDocument } from "../parse/types.js";
import {
  addTokensInRange,
  documentVectorLiteral,
  indexTokens,
  lexemeSetLiteral,
  segment,
  shortTextTokens,
  type Segmentation,
} from "../store/segment.js";

/** The tsvector literals an import writes: one per task, one per indicator, one for the document. */
export interface SearchVectors {
  taskTokens: string[];
  indicatorTokens: string[];
  documentTokens: string;
}

/** Title, 文号 and date of a document: the parser's reading, else the facts of the page it came from. */
export function headlineOf(
  ingested: Pick<IngestResult, "facts">,
  document: PolicyDocument,
): { title: string | null; docNumber: string | null; date: string | null } {
  const facts = ingested.facts;
  return {
    title: document.meta.title?.value ?? facts.title ?? null,
    docNumber: document.meta.docNumber?.value ?? facts.docNumber ?? null,
    date: document.meta.date?.value ?? facts.writtenDate ?? facts.publishedDate ?? null,
  };
}

/** Longest text indexed for document search: a tsvector holds at most 1 MB. */
const MAX_INDEXED_CHARS = 1_000_000;

/**
 * Search vectors for the document, its tasks and its indicators. The text is segmented once; a
 * task's tokens are the words of its span plus its heading path and its units as written. `seg`
 * is the text's segmentation when the caller has it already (see segmentAsync).
 */
export function searchVectors(
  ingested: Pick<IngestResult, "facts" | "text">,
  document: PolicyDocument,
  seg: Segmentation = segment(ingested.text),
): SearchVectors {
  const { title, docNumber } = headlineOf(ingested, document);
  let indexed = seg.words.length;
  while (indexed > 0 && seg.starts[indexed - 1]! >= MAX_INDEXED_CHARS) indexed--;
  const taskTokens = document.tasks.map((t) => {
    const lexemes = new Set(shortTextTokens(t.path.join(" ")));
    addTokensInRange(lexemes, seg, t.span.start, t.span.end);
    for (const a of t.assignments) for (const token of shortTextTokens(a.unit)) lexemes.add(token);
    return lexemeSetLiteral(lexemes);
  });
  return {
    taskTokens,
    indicatorTokens: document.indicators.map((i) =>
      lexemeSetLiteral(new Set(shortTextTokens(`${i.category ?? ""} ${i.name} ${i.unit ?? ""}`))),
    ),
    documentTokens: documentVectorLiteral(
      indexTokens(`${title ?? ""} ${docNumber ?? ""}`),
      seg.words,
      0,
      indexed,
    ),
  };
}
