import { sql, type Kysely } from "kysely";

/**
 * Issue 6, the rest of the cycle (docs/tracking.md): an optional e-mail address per account; the
 * log of every delivery attempt of a reminder (in-app, e-mail: recipient, status, reason, time);
 * indicator responsibility (indicator × unit, set by the supervisor or proposed from the
 * document); files uploaded as evidence of a self-evaluation (item × unit), stored like report
 * evidence.
 */
const UP: string[] = [
  `ALTER TABLE users ADD COLUMN email text`,
  `ALTER TABLE users ADD CONSTRAINT users_email_check CHECK (email IS NULL OR (length(email) <= 254 AND position('@' in email) > 1))`,
  `CREATE TABLE reminder_deliveries (
    region_id text NOT NULL,
    id uuid NOT NULL,
    reminder_id uuid NOT NULL,
    channel text NOT NULL,
    recipient text NOT NULL,
    user_id uuid,
    status text NOT NULL,
    reason text,
    attempted_at timestamptz NOT NULL,
    PRIMARY KEY (region_id, id),
    FOREIGN KEY (region_id, reminder_id) REFERENCES reminders (region_id, id) ON DELETE CASCADE,
    CONSTRAINT reminder_deliveries_channel_check CHECK (channel IN ('in_app', 'email')),
    CONSTRAINT reminder_deliveries_status_check CHECK (status IN ('pending', 'sent', 'failed', 'skipped'))
  )`,
  `CREATE INDEX reminder_deliveries_reminder_idx ON reminder_deliveries (region_id, reminder_id)`,
  `CREATE TABLE indicator_units (
    region_id text NOT NULL,
    indicator_id uuid NOT NULL,
    unit_id uuid NOT NULL,
    role text NOT NULL DEFAULT 'lead',
    source text NOT NULL,
    assigned_by uuid,
    assigned_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (region_id, indicator_id, unit_id),
    FOREIGN KEY (region_id, indicator_id) REFERENCES indicators (region_id, id) ON DELETE CASCADE,
    FOREIGN KEY (region_id, unit_id) REFERENCES units (region_id, id),
    CONSTRAINT indicator_units_role_check CHECK (role IN ('lead', 'co'))
  )`,
  `CREATE INDEX indicator_units_unit_idx ON indicator_units (region_id, unit_id)`,
  `CREATE TABLE evaluation_files (
    region_id text NOT NULL,
    id uuid NOT NULL,
    item_id uuid NOT NULL,
    unit_id uuid NOT NULL,
    sha256 text NOT NULL,
    filename text NOT NULL,
    media_type text NOT NULL,
    byte_size integer NOT NULL,
    bytes bytea NOT NULL,
    uploaded_by uuid,
    uploaded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (region_id, id),
    FOREIGN KEY (region_id, item_id) REFERENCES checklist_items (region_id, id) ON DELETE CASCADE,
    FOREIGN KEY (region_id, unit_id) REFERENCES units (region_id, id)
  )`,
  `CREATE INDEX evaluation_files_item_idx ON evaluation_files (region_id, item_id, unit_id)`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["evaluation_files", "indicator_units", "reminder_deliveries"])
    await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
  await sql`ALTER TABLE users DROP CONSTRAINT IF EXISTS users_email_check`.execute(db);
  await sql`ALTER TABLE users DROP COLUMN IF EXISTS email`.execute(db);
}
