import { sql, type Kysely } from "kysely";

/**
 * Citation resolution as functions in the database (store/citations.ts describes the rules). An
 * import called seven statements, one round trip each, while holding the region's citation lock;
 * with Node busy parsing the next document between them, the lock was held for many milliseconds
 * and the other imports queued behind it. One call now takes the lock and resolves both ways.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION citations_resolve_of(p_region text, p_document uuid) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE citations AS c
      SET cited_document_id = (
            SELECT d.id FROM documents AS d
            WHERE d.region_id = c.region_id AND d.doc_number_norm = c.doc_number_norm AND d.id <> c.document_id
            ORDER BY d.imported_at, d.id LIMIT 1),
          resolved_by = 'doc_number'
      WHERE c.region_id = p_region AND c.document_id = p_document
        AND c.cited_document_id IS NULL AND c.doc_number_norm IS NOT NULL
        AND EXISTS (SELECT 1 FROM documents AS d
                    WHERE d.region_id = c.region_id AND d.doc_number_norm = c.doc_number_norm
                      AND d.id <> c.document_id);
      UPDATE citations AS c
      SET cited_document_id = (
            SELECT d.id FROM documents AS d
            WHERE d.region_id = c.region_id AND d.id <> c.document_id
              AND (d.title_norm = c.title_norm OR d.issued_title_norm = c.title_norm)
            ORDER BY d.imported_at, d.id LIMIT 1),
          resolved_by = 'title'
      WHERE c.region_id = p_region AND c.document_id = p_document
        AND c.cited_document_id IS NULL AND c.title_norm IS NOT NULL
        AND EXISTS (SELECT 1 FROM documents AS d
                    WHERE d.region_id = c.region_id AND d.id <> c.document_id
                      AND (d.title_norm = c.title_norm OR d.issued_title_norm = c.title_norm));
      PERFORM citations_propagate_aliases(p_region, ARRAY[p_document]);
    END $$`.execute(db);
  await sql`
    CREATE FUNCTION citations_propagate_aliases(p_region text, p_documents uuid[]) RETURNS void
    LANGUAGE sql AS $$
      UPDATE citations AS a
      SET cited_document_id = b.cited_document_id, resolved_by = 'alias'
      FROM citations AS b
      WHERE a.region_id = p_region AND a.document_id = ANY (p_documents)
        AND b.region_id = a.region_id AND b.document_id = a.document_id AND a.alias_of = b.id
        AND a.cited_document_id IS NULL AND b.cited_document_id IS NOT NULL
    $$`.execute(db);
  await sql`
    CREATE FUNCTION citations_resolve_to(p_region text, p_document uuid) RETURNS integer
    LANGUAGE plpgsql AS $$
    DECLARE
      d record;
      citing uuid[] := '{}';
      found_ids uuid[];
    BEGIN
      SELECT doc_number_norm, title_norm, issued_title_norm INTO d
      FROM documents WHERE region_id = p_region AND id = p_document;
      IF NOT FOUND THEN RETURN 0; END IF;
      IF d.doc_number_norm IS NOT NULL THEN
        WITH u AS (
          UPDATE citations SET cited_document_id = p_document, resolved_by = 'doc_number'
          WHERE region_id = p_region AND cited_document_id IS NULL AND document_id <> p_document
            AND doc_number_norm = d.doc_number_norm
          RETURNING document_id)
        SELECT coalesce(array_agg(DISTINCT document_id), '{}') INTO found_ids FROM u;
        citing := citing || found_ids;
      END IF;
      IF d.title_norm IS NOT NULL OR d.issued_title_norm IS NOT NULL THEN
        WITH u AS (
          UPDATE citations SET cited_document_id = p_document, resolved_by = 'title'
          WHERE region_id = p_region AND cited_document_id IS NULL AND document_id <> p_document
            AND title_norm IN (d.title_norm, d.issued_title_norm)
          RETURNING document_id)
        SELECT coalesce(array_agg(DISTINCT document_id), '{}') INTO found_ids FROM u;
        citing := citing || found_ids;
      END IF;
      IF cardinality(citing) = 0 THEN RETURN 0; END IF;
      PERFORM citations_propagate_aliases(p_region, citing);
      RETURN (SELECT count(DISTINCT x)::integer FROM unnest(citing) AS x);
    END $$`.execute(db);
  // The lock key pair is the one store/citations.ts documents: namespace "LS", then the region.
  await sql`
    CREATE FUNCTION citations_resolve_document(p_region text, p_document uuid) RETURNS integer
    LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock(19539, hashtext(p_region));
      PERFORM citations_resolve_of(p_region, p_document);
      RETURN citations_resolve_to(p_region, p_document);
    END $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION citations_resolve_document(text, uuid)`.execute(db);
  await sql`DROP FUNCTION citations_resolve_to(text, uuid)`.execute(db);
  await sql`DROP FUNCTION citations_resolve_of(text, uuid)`.execute(db);
  await sql`DROP FUNCTION citations_propagate_aliases(text, uuid[])`.execute(db);
}
