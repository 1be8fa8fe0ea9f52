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

/**
 * The rules run in the database (migration 0009): each function is one round trip, whatever the
 * number of statements inside.
 *
 * Resolution within a region is serialised by a transaction-level advisory lock (namespace "LS",
 * 0x4c53, then the region's hash). Two documents that cite each other, imported at the same time,
 * would otherwise each miss the other: each transaction's statements see only what was committed
 * before them. With the lock the second one waits for the first to commit, and in READ COMMITTED
 * its statements then see the first's rows.
 */

/**
 * Takes the region's citation lock, resolves the document's open citations against the ledger and
 * the ledger's open citations that name this document. Returns how many documents gained a
 * resolved citation to it. Call it last in the import's transaction: the lock is held to commit.
 */
export async function resolveCitationsAround(db: Db, regionId: string, documentId: string): Promise<number> {
  const rows = await sql<{ n: number }>`
    SELECT citations_resolve_document(${regionId}, ${documentId}::uuid) AS n`.execute(db);
  return rows.rows[0]?.n ?? 0;
}

/** Resolves the open citations of one document against the documents already in the ledger. */
export async function resolveCitationsOf(db: Db, regionId: string, documentId: string): Promise<void> {
  await sql`SELECT citations_resolve_of(${regionId}, ${documentId}::uuid)`.execute(db);
}

/**
 * Resolves open citations of other documents that name this (newly arrived) document. Returns how
 * many documents gained a resolved citation.
 */
export async function resolveCitationsTo(db: Db, regionId: string, documentId: string): Promise<number> {
  const rows = await sql<{ n: number }>`
    SELECT citations_resolve_to(${regionId}, ${documentId}::uuid) AS n`.execute(db);
  return rows.rows[0]?.n ?? 0;
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
