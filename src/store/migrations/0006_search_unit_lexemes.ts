import { sql, type Kysely } from "kysely";

/**
 * Puts each task's units into its search vector, as lexemes `unit@<uuid hex>`, so that a search
 * within one unit's tasks is a single GIN lookup (`'教育' & 'unit@…'`) instead of the words' index
 * ANDed, or not, with a second index on `unit_ids`: the planner misjudged how many rows several
 * words match and filtered the unit on thousands of table rows (80 ms at p95 over 200,000 tasks).
 * A trigger keeps the lexemes equal to `unit_ids` whoever writes the row; the index on `unit_ids`
 * had no other reader and goes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION tasks_unit_lexemes() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.tsv := ts_delete(NEW.tsv, ARRAY(SELECT lexeme FROM unnest(NEW.tsv) WHERE lexeme LIKE 'unit@%'))
        || array_to_tsvector(ARRAY(SELECT 'unit@' || replace(u::text, '-', '') FROM unnest(NEW.unit_ids) AS u));
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER tasks_unit_lexemes BEFORE INSERT OR UPDATE OF unit_ids, tsv ON tasks
    FOR EACH ROW EXECUTE FUNCTION tasks_unit_lexemes()`.execute(db);
  await sql`UPDATE tasks SET unit_ids = unit_ids`.execute(db);
  await sql`DROP INDEX tasks_units_idx`.execute(db);
}

/** Removes the unit lexemes and brings back the index on `unit_ids`. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER tasks_unit_lexemes ON tasks`.execute(db);
  await sql`DROP FUNCTION tasks_unit_lexemes()`.execute(db);
  await sql`UPDATE tasks SET tsv = ts_delete(tsv, ARRAY(SELECT lexeme FROM unnest(tsv) WHERE lexeme LIKE 'unit@%'))`.execute(
    db,
  );
  await sql`CREATE INDEX tasks_units_idx ON tasks USING gin (unit_ids)`.execute(db);
}
