import { sql, type Kysely, type RawBuilder, type Transaction } from "kysely";
import { cleanUnitName, type UnitRegistry } from "../units/index.js";
import { resolveUnitQuery } from "./queries.js";
import type { Database } from "./schema.js";
import { queryTokens, tsqueryLiteral } from "./segment.js";

/** What search looks through. */
export type SearchKind = "task" | "indicator" | "document";

/** Options of `search`. */
export interface SearchOptions {
  regionId: string;
  query: string;
  /** Default: all three. */
  kinds?: SearchKind[];
  /** Only tasks this unit leads or works on (resolved through the registry); excludes other kinds. */
  unit?: string;
  documentId?: string;
  /** Year of the document (its date, else the year of its 文号). */
  year?: number;
  /** Most hits returned per kind; default 20. */
  limit?: number;
  registry?: UnitRegistry;
}

/** One search hit with a snippet around the matched words. */
export interface SearchHit {
  kind: SearchKind;
  id: string;
  documentId: string;
  documentTitle: string | null;
  docNumber: string | null;
  year: number | null;
  /** ts_rank with length normalisation; only comparable within one kind of one search. */
  rank: number;
  /** A piece of the text around the best match, with `…` where it was cut. */
  snippet: string;
  /** Matched words in `snippet`, as `[start, end)` offsets. */
  highlights: [number, number][];
  headingPath?: string[];
}

/** Search results and the words searched for (after segmentation). */
export interface SearchResult {
  tokens: string[];
  hits: SearchHit[];
  /**
   * Kinds with more matches than were ranked (RANK_CANDIDATES): their hits are the best of the
   * first matches found, not of all. A narrower query or a filter gives an exact ranking.
   */
  capped: SearchKind[];
}

const KIND_ORDER: Record<SearchKind, number> = { task: 0, indicator: 1, document: 2 };

/** ts_rank normalisation 1: divide by 1 + log(length), so long texts do not win by size alone. */
const RANK_NORMALIZATION = 1;

/**
 * Most matching rows ranked per kind. Ranking reads each row's tsvector; a query that matches a
 * third of 100,000 tasks would spend a second on it. Past this many matches, ranking covers the
 * first ones found and the result says so (`capped`). Documents carry large vectors: fewer.
 */
export const RANK_CANDIDATES: Record<SearchKind, number> = { task: 1000, indicator: 1000, document: 100 };

type Trx = Transaction<Database>;

interface Filters {
  regionId: string;
  documentId?: string;
  year?: number;
  unit?: { unitId: string | null; written: string };
}

/**
 * Chinese full-text search over tasks, indicators and documents. The query is segmented by jieba
 * like the index was and every word must match (a tsquery literal of the tokens, answered by the
 * GIN index). Hits are ranked with ts_rank within each kind (tasks, then indicators, then
 * documents) and come with a snippet built around the matched words.
 */
export async function search(db: Kysely<Database>, options: SearchOptions): Promise<SearchResult> {
  const tokens = queryTokens(options.query);
  if (tokens.length === 0) return { tokens, hits: [], capped: [] };
  const limit = Math.max(1, Math.min(options.limit ?? 20, 500));
  const kinds = options.unit
    ? (["task"] as SearchKind[])
    : (options.kinds ?? ["task", "indicator", "document"]);
  const q = sql`${tsqueryLiteral(tokens)}::tsquery`;

  const filters: Filters = { regionId: options.regionId };
  if (options.documentId) filters.documentId = options.documentId;
  if (options.year !== undefined) filters.year = options.year;
  if (options.unit) {
    const unit = await resolveUnitQuery(db, options.regionId, options.unit, options.registry);
    if (unit.resolved && !unit.unitId) return { tokens, hits: [], capped: [] };
    filters.unit = { unitId: unit.unitId, written: cleanUnitName(options.unit) };
  }

  // Each kind in its own transaction, at the same time: on a server they run on separate
  // connections, so an all-kinds search takes as long as its slowest kind, not the sum.
  const found = await Promise.all(
    kinds.map((kind) =>
      db.transaction().execute(async (trx) => {
        // The planner costs `@@` as cheap and, for a LIMITed candidate scan, prefers reading the
        // table and testing every row's (TOASTed) tsvector; the GIN index answers without reading
        // any vector. Scoped to this transaction.
        await sql`SET LOCAL enable_seqscan = off`.execute(trx);
        return { kind, ...(await SEARCHERS[kind](trx, q, tokens, filters, limit)) };
      }),
    ),
  );
  const hits = found.flatMap((f) => f.hits);
  const capped = found.filter((f) => f.capped).map((f) => f.kind);
  hits.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || b.rank - a.rank || (a.id < b.id ? -1 : 1));
  return { tokens, hits, capped };
}

type Searcher = (
  trx: Trx,
  q: RawBuilder<unknown>,
  tokens: string[],
  filters: Filters,
  limit: number,
) => Promise<{ hits: SearchHit[]; capped: boolean }>;

/** The search-vector lexeme of a unit: tasks carry one per unit (migration 0006). */
export function unitLexeme(unitId: string): string {
  return `unit@${unitId.replace(/-/g, "")}`;
}

/** Columns every ranked row has, whatever its kind. */
interface RankedRow {
  id: string;
  document_id: string;
  rank: number;
  candidates: string | number;
  title: string | null;
  doc_number: string | null;
  year: number | null;
}

/**
 * The best `limit` rows of `table` for the query, ranked with ts_rank among the first
 * RANK_CANDIDATES matches, in one round trip, with their documents' titles.
 *
 * The matches come from a subquery the planner cannot merge into the outer query (OFFSET 0): with
 * the region filter alongside, it would scan the region's rows through the primary key and test
 * every vector; alone, the GIN index answers. Filters with an index of their own go inside, so the
 * planner can combine them: the document, and the year ((region, year)). A unit is a lexeme of the
 * task's vector, so it is part of `q` already.
 */
async function ranked<C extends string>(
  trx: Trx,
  table: "tasks" | "indicators",
  q: RawBuilder<unknown>,
  filters: Filters,
  limit: number,
  columns: readonly C[],
  extraFilter: RawBuilder<unknown> = sql``,
): Promise<{ rows: (RankedRow & Record<C, unknown>)[]; capped: boolean }> {
  const cap = RANK_CANDIDATES[table === "tasks" ? "task" : "indicator"];
  const inner = [sql`tsv @@ ${q}`];
  if (filters.documentId) inner.push(sql`document_id = ${filters.documentId}`);
  if (filters.year !== undefined)
    inner.push(sql`region_id = ${filters.regionId}`, sql`year = ${filters.year}`);
  const t = sql.table(table);
  const result = await sql<RankedRow & Record<C, unknown>>`
    WITH candidates AS (
      SELECT m.id, m.document_id, m.tsv
      FROM (SELECT id, region_id, document_id, status, tsv FROM ${t} WHERE ${sql.join(inner, sql` AND `)} OFFSET 0) AS m
      WHERE m.region_id = ${filters.regionId} AND m.status = 'active' ${extraFilter}
      LIMIT ${cap + 1}
    ), best AS (
      SELECT id, document_id, ts_rank(tsv, ${q}, ${sql.lit(RANK_NORMALIZATION)}) AS rank
      FROM candidates ORDER BY rank DESC, id LIMIT ${limit}
    )
    SELECT best.id, best.document_id, best.rank, (SELECT count(*) FROM candidates) AS candidates,
      ${sql.join(columns.map((c) => sql`x.${sql.ref(c)}`))}, d.title, d.doc_number, d.year
    FROM best
    JOIN ${t} AS x ON x.region_id = ${filters.regionId} AND x.id = best.id
    JOIN documents AS d ON d.region_id = ${filters.regionId} AND d.id = best.document_id
    ORDER BY best.rank DESC, best.id`.execute(trx);
  const rows = result.rows;
  return { rows, capped: rows.length > 0 && Number(rows[0]!.candidates) > cap };
}

const SEARCHERS: Record<SearchKind, Searcher> = {
  async task(trx, q, tokens, filters, limit) {
    let extra = sql``;
    if (filters.unit && !filters.unit.unitId) {
      // A name the registry does not know: only assignments remember it, as written.
      extra = sql`AND EXISTS (SELECT 1 FROM assignments AS a WHERE a.region_id = m.region_id
        AND a.task_id = m.id AND a.unit_id IS NULL AND a.unit_name = ${filters.unit.written})`;
    }
    const unitId = filters.unit?.unitId;
    const query = unitId ? sql`${tsqueryLiteral([...tokens, unitLexeme(unitId)])}::tsquery` : q;
    const { rows, capped } = await ranked(
      trx,
      "tasks",
      query,
      filters,
      limit,
      ["text", "heading_path"],
      extra,
    );
    return {
      capped,
      hits: rows.map((r) => ({
        kind: "task" as const,
        id: r.id,
        documentId: r.document_id,
        documentTitle: r.title,
        docNumber: r.doc_number,
        year: r.year,
        rank: Number(r.rank),
        headingPath: r.heading_path as string[],
        ...snippet(r.text as string, tokens),
      })),
    };
  },

  async indicator(trx, q, tokens, filters, limit) {
    const { rows, capped } = await ranked(trx, "indicators", q, filters, limit, ["name", "unit", "category"]);
    return {
      capped,
      hits: rows.map((r) => {
        const label = `${r.category ? `${r.category as string}：` : ""}${r.name as string}${r.unit ? `（${r.unit as string}）` : ""}`;
        return {
          kind: "indicator" as const,
          id: r.id,
          documentId: r.document_id,
          documentTitle: r.title,
          docNumber: r.doc_number,
          year: r.year,
          rank: Number(r.rank),
          ...snippet(label, tokens),
        };
      }),
    };
  },

  async document(trx, q, tokens, filters, limit) {
    const cap = RANK_CANDIDATES.document;
    const inner = trx
      .selectFrom("documents")
      .select(["id", "region_id", "year"])
      .where(sql<boolean>`tsv @@ ${q}`)
      .offset(0);
    let candidates = trx.selectFrom(inner.as("d")).select("d.id").where("d.region_id", "=", filters.regionId);
    if (filters.documentId) candidates = candidates.where("d.id", "=", filters.documentId);
    if (filters.year !== undefined) candidates = candidates.where("d.year", "=", filters.year);
    const ids = (await candidates.limit(cap + 1).execute()).map((r) => r.id);
    if (ids.length === 0) return { hits: [], capped: false };
    const rows = await trx
      .selectFrom("documents as d")
      .select([
        "d.id",
        "d.title",
        "d.doc_number",
        "d.year",
        sql<number>`ts_rank(d.tsv, ${q}, ${sql.lit(RANK_NORMALIZATION)})`.as("rank"),
      ])
      .where("d.region_id", "=", filters.regionId)
      .where(sql<boolean>`d.id = ANY(${ids.slice(0, cap)}::uuid[])`)
      .orderBy("rank", "desc")
      .orderBy("d.id")
      .limit(limit)
      .execute();
    // Only a window of each hit's text travels: documents run to hundreds of kilobytes, and
    // fetching twenty whole texts cost more than the search itself.
    const texts = new Map<string, string>();
    if (rows.length > 0) {
      const windows = await sql<{ id: string; window: string }>`
        SELECT id, substr(text, greatest(1, coalesce(
          (SELECT min(p) FROM unnest(ARRAY[${sql.join(tokens.map((t) => sql`strpos(text, ${t})`))}]) AS p WHERE p > 0),
          1) - ${SNIPPET_LEAD}), ${SNIPPET_WINDOW}) AS window
        FROM documents
        WHERE region_id = ${filters.regionId} AND id = ANY(${rows.map((r) => r.id)}::uuid[])`.execute(trx);
      for (const w of windows.rows) texts.set(w.id, w.window);
    }
    return {
      capped: ids.length > cap,
      hits: rows.map((r) => ({
        kind: "document" as const,
        id: r.id,
        documentId: r.id,
        documentTitle: r.title,
        docNumber: r.doc_number,
        year: r.year,
        rank: Number(r.rank),
        ...snippet(texts.get(r.id) ?? r.title ?? "", tokens),
      })),
    };
  },
};

/** Characters of a document fetched for its snippet: from this many before its first match… */
const SNIPPET_LEAD = 200;
/** …for this many in all. */
const SNIPPET_WINDOW = 1200;

/** Occurrences of the tokens in a text, at most `cap` per token. */
function occurrences(
  lower: string,
  tokens: readonly string[],
  cap = 200,
): { start: number; end: number; token: number }[] {
  const found: { start: number; end: number; token: number }[] = [];
  tokens.forEach((token, t) => {
    let from = 0;
    for (let n = 0; n < cap; n++) {
      const at = lower.indexOf(token, from);
      if (at < 0) break;
      found.push({ start: at, end: at + token.length, token: t });
      from = at + token.length;
    }
  });
  return found.sort((a, b) => a.start - b.start);
}

/**
 * A window of about `width` characters around the place where the most different query words
 * occur close together, with the matches marked. Built in TypeScript because ts_headline would
 * work on the tokens rather than on the text a user reads.
 */
export function snippet(
  text: string,
  tokens: readonly string[],
  width = 100,
): { snippet: string; highlights: [number, number][] } {
  const lower = text.toLowerCase();
  const found = occurrences(lower, tokens);
  let anchor = 0;
  if (found.length > 0) {
    let best = -1;
    for (let i = 0; i < found.length; i++) {
      const seen = new Set<number>();
      for (let j = i; j < found.length && found[j]!.start < found[i]!.start + width * 0.6; j++)
        seen.add(found[j]!.token);
      if (seen.size > best) {
        best = seen.size;
        anchor = found[i]!.start;
      }
    }
  }
  const start = Math.max(0, Math.min(anchor - Math.floor(width / 5), text.length - width));
  const end = Math.min(text.length, start + width);
  const prefix = start > 0 ? "…" : "";
  // One space per control character, so highlight offsets stay aligned with the text.
  const body = text.slice(start, end).replace(/[\r\n\t]/g, " ");
  const out = `${prefix}${body}${end < text.length ? "…" : ""}`;
  const highlights: [number, number][] = [];
  for (const f of found) {
    if (f.start < start || f.end > end) continue;
    const s = f.start - start + prefix.length;
    const e = f.end - start + prefix.length;
    const last = highlights[highlights.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else highlights.push([s, e]);
  }
  return { snippet: out, highlights };
}
