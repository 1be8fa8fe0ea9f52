import { sql, type Kysely } from "kysely";

/**
 * Per-region supervision settings the 督查室 edits (docs/tracking.md, 设置): days before a deadline
 * a task turns yellow and the reminder schedule as offsets from the due date. A region without a
 * row uses the defaults, which equal the constants the rules had before (7; −21, −7, −1, +1).
 * Reminder kinds follow the offsets (`before_N`, `due_0`, `overdue_N`), so the fixed list of four
 * kinds becomes a pattern. Exceptions (补报例外) are revoked, not deleted: who and when stays on
 * the row, and granting again puts it back in force.
 */
const UP: string[] = [
  `CREATE TABLE region_settings (
    region_id text PRIMARY KEY REFERENCES regions (region_id),
    yellow_days integer NOT NULL DEFAULT 7,
    reminder_offsets jsonb NOT NULL DEFAULT '[-21, -7, -1, 1]'::jsonb,
    updated_by uuid,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT region_settings_yellow_days_check CHECK (yellow_days BETWEEN 0 AND 60),
    CONSTRAINT region_settings_reminder_offsets_check CHECK (jsonb_typeof(reminder_offsets) = 'array')
  )`,
  `ALTER TABLE period_exceptions ADD COLUMN revoked_at timestamptz`,
  `ALTER TABLE period_exceptions ADD COLUMN revoked_by uuid`,
  `ALTER TABLE reminders DROP CONSTRAINT reminders_kind_check`,
  `ALTER TABLE reminders ADD CONSTRAINT reminders_kind_check CHECK (kind ~ '^(before_[1-9][0-9]?|due_0|overdue_[1-9][0-9]?)$')`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE reminders DROP CONSTRAINT IF EXISTS reminders_kind_check`.execute(db);
  // Reminders of a schedule the old constraint cannot hold go with the settings that made them.
  await sql`DELETE FROM reminders WHERE kind NOT IN ('before_21', 'before_7', 'before_1', 'overdue_1')`.execute(
    db,
  );
  await sql`ALTER TABLE reminders ADD CONSTRAINT reminders_kind_check CHECK (kind IN ('before_21', 'before_7', 'before_1', 'overdue_1'))`.execute(
    db,
  );
  // A revoked exception would be in force again under the old schema, so it goes.
  await sql`DELETE FROM period_exceptions WHERE revoked_at IS NOT NULL`.execute(db);
  await sql`ALTER TABLE period_exceptions DROP COLUMN IF EXISTS revoked_by`.execute(db);
  await sql`ALTER TABLE period_exceptions DROP COLUMN IF EXISTS revoked_at`.execute(db);
  await sql`DROP TABLE IF EXISTS region_settings`.execute(db);
}
