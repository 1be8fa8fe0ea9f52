import { sql, type Kysely } from "kysely";

/**
 * Accounts, sessions, login throttling and the audit log (issue 5, docs/security.md).
 *
 * - `users`: usernames are unique case-insensitively across all regions (`username_norm`), because
 *   a login names no region. Under Citus this table would be a reference table.
 * - `sessions`: only a SHA-256 of the session token is stored, so a database reader cannot log in.
 * - `login_throttle`: failed logins per username (known or not, so the answer never tells them
 *   apart) in a sliding window, and the lock.
 * - `audit_log`: append-only. A trigger refuses UPDATE, TRUNCATE and DELETE; the only DELETE it
 *   lets through is one that names itself in its transaction (`luoshi.audit_maintenance`): `purge`
 *   of rows older than 180 days, the legal minimum (网络安全法 §21(3)), or `wipe` by
 *   `restore --replace`, an operator's action at the command line that replaces the whole ledger
 *   with a backup (which brings its own chain). Rows are hash-chained by the application.
 */
const UP: string[] = [
  `CREATE TABLE users (
    region_id text NOT NULL REFERENCES regions (region_id),
    id uuid NOT NULL,
    username text NOT NULL,
    username_norm text NOT NULL,
    display_name text NOT NULL,
    role text NOT NULL,
    unit_id uuid,
    password_hash text NOT NULL,
    password_changed_at timestamptz NOT NULL,
    must_change_password boolean NOT NULL DEFAULT true,
    mfa_required boolean,
    totp_secret text,
    totp_pending_secret text,
    totp_last_step bigint,
    disabled_at timestamptz,
    last_login_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (region_id, id),
    FOREIGN KEY (region_id, unit_id) REFERENCES units (region_id, id),
    CONSTRAINT users_role_check CHECK (role IN
      ('system_admin', 'security_admin', 'audit_admin', 'supervisor', 'reporter', 'leader')),
    CONSTRAINT users_reporter_unit_check CHECK (role <> 'reporter' OR unit_id IS NOT NULL)
  )`,
  `CREATE UNIQUE INDEX users_username_norm_idx ON users (username_norm)`,
  `CREATE INDEX users_unit_idx ON users (region_id, unit_id)`,
  `CREATE TABLE sessions (
    id_hash text PRIMARY KEY,
    region_id text NOT NULL,
    user_id uuid NOT NULL,
    created_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    ip text NOT NULL,
    user_agent text,
    FOREIGN KEY (region_id, user_id) REFERENCES users (region_id, id) ON DELETE CASCADE
  )`,
  `CREATE INDEX sessions_user_idx ON sessions (region_id, user_id)`,
  `CREATE TABLE login_throttle (
    username_norm text PRIMARY KEY,
    failures jsonb NOT NULL DEFAULT '[]'::jsonb,
    locked_until timestamptz
  )`,
  `CREATE TABLE audit_log (
    seq bigint PRIMARY KEY,
    at timestamptz NOT NULL,
    region_id text,
    actor_id uuid,
    actor_name text,
    unit_id uuid,
    ip text,
    action text NOT NULL,
    object_type text,
    object_id text,
    outcome text NOT NULL,
    before jsonb,
    after jsonb,
    detail jsonb,
    request_id text,
    prev_hash text NOT NULL,
    hash text NOT NULL,
    CONSTRAINT audit_log_outcome_check CHECK (outcome IN ('success', 'failure', 'denied'))
  )`,
  `CREATE INDEX audit_log_region_at_idx ON audit_log (region_id, at)`,
  `CREATE INDEX audit_log_at_idx ON audit_log (at)`,
  `CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'DELETE' AND current_setting('luoshi.audit_maintenance', true) = 'purge'
       AND OLD.at < now() - interval '180 days' THEN
      RETURN OLD;
    END IF;
    IF TG_OP = 'DELETE' AND current_setting('luoshi.audit_maintenance', true) = 'wipe' THEN
      RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
  END
  $$`,
  `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
  `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["audit_log", "login_throttle", "sessions", "users"]) {
    await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
  }
  await sql.raw("DROP FUNCTION IF EXISTS audit_log_append_only()").execute(db);
}
