import { sql, type Kysely } from "kysely";

/**
 * Marks the accounts that `luoshi demo` creates. They have published passwords, so the server logs
 * them in only when it runs in demo mode (docs/operations.md): a demo data directory served by
 * `luoshi serve`, or a backup of it restored into a real ledger, cannot be entered with them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users ADD COLUMN demo boolean NOT NULL DEFAULT false`.execute(db);
}

/** Removes the mark. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users DROP COLUMN demo`.execute(db);
}
