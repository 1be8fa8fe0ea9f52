import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Citations are resolved to a document of the same region by 文号 first, then by title (the
 * document's own title, or the scheme its notice issues: 关于印发《X》的通知 answers 《X》).
 * Mentions by alias (《通知》 after 以下简称《通知》) follow the citation that defined the alias.
 * When several documents match, the earliest imported wins, so the answer does not depend on
 * timing. A document never resolves a citation to itself.
 */

/** Namespace of Luoshi's advisory locks (first key of the two-key form), "LS" in ASCII. */
const LOCK_NAMESPACE = 0x4c53;

/**
 * Serialises citation resolution within a region until the transaction ends. Two documents that
 * cite each other, imported at the same time, would otherwise each miss the other: each
 * transaction's statements see only what was committed before them. With the lock the second one
 * waits for the first to commit, and in READ COMMITTED its statements then see the first's rows.
 */
export async function lockCitationGraph(db: Db, regionId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${sql.lit(LOCK_NAMESPACE)}, hashtext(${regionId}))`.execute(db);
}

/** Resolves the open citations of one document against the documents already in the ledger. */
export async function resolveCitationsOf(db: Db, regionId: string, documentId: string): Promise<void> {
  await sql`
    UPDATE citations AS c
    SET cited_document_id = (
          SELECT d.id FROM documents AS d
          WHERE d.region_id = c.region_id AND d.doc_number_norm = c.doc_number_norm AND d.id <> c.document_id
          ORDER BY d.imported_at, d.id LIMIT 1),
        resolved_by = 'doc_number'
    WHERE c.region_id = ${regionId} AND c.document_id = ${documentId}
      AND c.cited_document_id IS NULL AND c.doc_number_norm IS NOT NULL
      AND EXISTS (SELECT 1 FROM documents AS d
                  WHERE d.region_id = c.region_id AND d.doc_number_norm = c.doc_number_norm AND d.id <> c.document_id)
  `.execute(db);
  await sql`
    UPDATE citations AS c
    SET cited_document_id = (
          SELECT d.id FROM documents AS d
          WHERE d.region_id = c.region_id AND d.id <> c.document_id
            AND (d.title_norm = c.title_norm OR d.issued_title_norm = c.title_norm)
          ORDER BY d.imported_at, d.id LIMIT 1),
        resolved_by = 'title'
    WHERE c.region_id = ${regionId} AND c.document_id = ${documentId}
      AND c.cited_document_id IS NULL AND c.title_norm IS NOT NULL
      AND EXISTS (SELECT 1 FROM documents AS d
                  WHERE d.region_id = c.region_id AND d.id <> c.document_id
                    AND (d.title_norm = c.title_norm OR d.issued_title_norm = c.title_norm))
  `.execute(db);
  await propagateAliases(db, regionId, [documentId]);
}

/**
 * Resolves open citations of other documents that name this (newly arrived) document. Returns how
 * many documents gained a resolved citation.
 */
export async function resolveCitationsTo(db: Db, regionId: string, documentId: string): Promise<number> {
  const doc = await db
    .selectFrom("documents")
    .select(["doc_number_norm", "title_norm", "issued_title_norm"])
    .where("region_id", "=", regionId)
    .where("id", "=", documentId)
    .executeTakeFirst();
  if (!doc) return 0;
  const citing = new Set<string>();
  if (doc.doc_number_norm) {
    const rows = await db
      .updateTable("citations")
      .set({ cited_document_id: documentId, resolved_by: "doc_number" })
      .where("region_id", "=", regionId)
      .where("cited_document_id", "is", null)
      .where("document_id", "<>", documentId)
      .where("doc_number_norm", "=", doc.doc_number_norm)
      .returning("document_id")
      .execute();
    for (const r of rows) citing.add(r.document_id);
  }
  const titles = [doc.title_norm, doc.issued_title_norm].filter((t): t is string => t !== null);
  if (titles.length > 0) {
    const rows = await db
      .updateTable("citations")
      .set({ cited_document_id: documentId, resolved_by: "title" })
      .where("region_id", "=", regionId)
      .where("cited_document_id", "is", null)
      .where("document_id", "<>", documentId)
      .where("title_norm", "in", titles)
      .returning("document_id")
      .execute();
    for (const r of rows) citing.add(r.document_id);
  }
  if (citing.size > 0) await propagateAliases(db, regionId, [...citing]);
  return citing.size;
}

/** Alias mentions sit in the same document as the citation that defined the alias. */
async function propagateAliases(db: Db, regionId: string, documentIds: string[]): Promise<void> {
  await sql`
    UPDATE citations AS a
    SET cited_document_id = b.cited_document_id, resolved_by = 'alias'
    FROM citations AS b
    WHERE a.region_id = ${regionId} AND a.document_id IN (${sql.join(documentIds)})
      AND b.region_id = a.region_id AND b.document_id = a.document_id AND a.alias_of = b.id
      AND a.cited_document_id IS NULL AND b.cited_document_id IS NOT NULL
  `.execute(db);
}

/** Re-resolves every citation of a region from scratch (after documents were removed or renamed). */
export async function reresolveAllCitations(db: Db, regionId: string): Promise<void> {
  await db
    .updateTable("citations")
    .set({ cited_document_id: null, resolved_by: null })
    .where("region_id", "=", regionId)
    .execute();
  const docs = await db
    .selectFrom("documents")
    .select("id")
    .where("region_id", "=", regionId)
    .orderBy("imported_at")
    .orderBy("id")
    .execute();
  for (const d of docs) await resolveCitationsOf(db, regionId, d.id);
}
