import { sql, type Kysely } from "kysely";

/**
 * The reporting cycle (issue 6, docs/tracking.md): periods per document, unit exceptions to a
 * closed period, reports with their version history and evidence, indicator observations,
 * reminders (督办单), evaluation weights, the scored checklist and self-evaluations. Expected
 * reports (task × unit × period) are not stored: they are derived from periods and assignments.
 */
const UP: string[] = [
  `CREATE TABLE periods (
    region_id text NOT NULL REFERENCES regions (region_id),
    id uuid NOT NULL,
    document_id uuid NOT NULL,
    kind text NOT NULL,
    label text NOT NULL,
    start_date date NOT NULL,
    end_date date NOT NULL,
    due_date date NOT NULL,
    status text NOT NULL DEFAULT 'open',
    source text,
    weights jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    closed_at timestamptz,
    PRIMARY KEY (region_id, id),
    CONSTRAINT periods_label_unique UNIQUE (region_id, document_id, label),
    FOREIGN KEY (region_id, document_id) REFERENCES documents (region_id, id) ON DELETE CASCADE,
    CONSTRAINT periods_kind_check CHECK (kind IN ('yearly', 'half', 'quarterly', 'monthly', 'checkpoint')),
    CONSTRAINT periods_status_check CHECK (status IN ('open', 'closed')),
    CONSTRAINT periods_dates_check CHECK (start_date <= end_date)
  )`,
  `CREATE INDEX periods_document_idx ON periods (region_id, document_id, due_date)`,
  `CREATE TABLE period_exceptions (
    region_id text NOT NULL,
    period_id uuid NOT NULL,
    unit_id uuid NOT NULL,
    reason text NOT NULL,
    granted_by uuid,
    granted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (region_id, period_id, unit_id),
    FOREIGN KEY (region_id, period_id) REFERENCES periods (region_id, id) ON DELETE CASCADE,
    FOREIGN KEY (region_id, unit_id) REFERENCES units (region_id, id)
  )`,
  `CREATE TABLE reports (
    region_id text NOT NULL,
    id uuid NOT NULL,
    period_id uuid NOT NULL,
    task_id uuid NOT NULL,
    unit_id uuid NOT NULL,
    consolidated boolean NOT NULL DEFAULT false,
    version integer NOT NULL,
    workflow text NOT NULL,
    status text NOT NULL,
    progress integer NOT NULL DEFAULT 0,
    narrative text NOT NULL DEFAULT '',
    measures text NOT NULL DEFAULT '',
    problems text NOT NULL DEFAULT '',
    next_steps text NOT NULL DEFAULT '',
    reason text,
    return_count integer NOT NULL DEFAULT 0,
    review_comment text,
    first_submitted_at timestamptz,
    submitted_at timestamptz,
    reviewed_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by uuid,
    PRIMARY KEY (region_id, id),
    CONSTRAINT reports_slot_unique UNIQUE (region_id, period_id, task_id, unit_id, consolidated),
    FOREIGN KEY (region_id, period_id) REFERENCES periods (region_id, id) ON DELETE CASCADE,
    FOREIGN KEY (region_id, task_id) REFERENCES tasks (region_id, id) ON DELETE CASCADE,
    FOREIGN KEY (region_id, unit_id) REFERENCES units (region_id, id),
    CONSTRAINT reports_workflow_check CHECK (workflow IN ('draft', 'submitted', 'accepted', 'returned', 'locked')),
    CONSTRAINT reports_status_check CHECK (status IN ('not_started', 'in_progress', 'completed', 'delayed', 'blocked')),
    CONSTRAINT reports_progress_check CHECK (progress BETWEEN 0 AND 100),
    CONSTRAINT reports_reason_check CHECK (status <> 'blocked' OR reason IS NOT NULL)
  )`,
  `CREATE INDEX reports_period_unit_idx ON reports (region_id, period_id, unit_id)`,
  `CREATE INDEX reports_task_idx ON reports (region_id, task_id, period_id)`,
  `CREATE TABLE report_versions (
    region_id text NOT NULL,
    report_id uuid NOT NULL,
    version integer NOT NULL,
    action text NOT NULL,
    workflow text NOT NULL,
    content jsonb NOT NULL,
    comment text,
    actor_id uuid,
    actor_name text NOT NULL,
    at timestamptz NOT NULL,
    PRIMARY KEY (region_id, report_id, version),
    FOREIGN KEY (region_id, report_id) REFERENCES reports (region_id, id) ON DELETE CASCADE
  )`,
  `CREATE TABLE evidence (
    region_id text NOT NULL,
    id uuid NOT NULL,
    report_id uuid NOT NULL,
    sha256 text NOT NULL,
    filename text NOT NULL,
    media_type text NOT NULL,
    byte_size integer NOT NULL,
    bytes bytea NOT NULL,
    uploaded_by uuid,
    uploaded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (region_id, id),
    FOREIGN KEY (region_id, report_id) REFERENCES reports (region_id, id) ON DELETE CASCADE
  )`,
  `CREATE INDEX evidence_report_idx ON evidence (region_id, report_id)`,
  `CREATE TABLE observations (
    region_id text NOT NULL,
    id uuid NOT NULL,
    indicator_id uuid NOT NULL,
    year integer NOT NULL,
    period_id uuid,
    value double precision,
    met boolean,
    source text NOT NULL,
    note text,
    recorded_by uuid,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (region_id, id),
    CONSTRAINT observations_year_unique UNIQUE (region_id, indicator_id, year),
    FOREIGN KEY (region_id, indicator_id) REFERENCES indicators (region_id, id) ON DELETE CASCADE,
    FOREIGN KEY (region_id, period_id) REFERENCES periods (region_id, id) ON DELETE SET NULL (period_id),
    CONSTRAINT observations_value_check CHECK (value IS NOT NULL OR met IS NOT NULL)
  )`,
  `CREATE TABLE reminders (
    region_id text NOT NULL,
    id uuid NOT NULL,
    period_id uuid NOT NULL,
    task_id uuid NOT NULL,
    unit_id uuid NOT NULL,
    kind text NOT NULL,
    due_date date NOT NULL,
    send_on date NOT NULL,
    channel text NOT NULL,
    delivery text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (region_id, id),
    CONSTRAINT reminders_unique UNIQUE (region_id, period_id, task_id, unit_id, kind),
    FOREIGN KEY (region_id, period_id) REFERENCES periods (region_id, id) ON DELETE CASCADE,
    CONSTRAINT reminders_kind_check CHECK (kind IN ('before_21', 'before_7', 'before_1', 'overdue_1'))
  )`,
  `CREATE INDEX reminders_unit_idx ON reminders (region_id, unit_id, send_on)`,
  `CREATE TABLE checklist_items (
    region_id text NOT NULL,
    id uuid NOT NULL,
    period_id uuid NOT NULL,
    seq integer NOT NULL,
    item text NOT NULL,
    points double precision NOT NULL,
    evidence_required boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (region_id, id),
    FOREIGN KEY (region_id, period_id) REFERENCES periods (region_id, id) ON DELETE CASCADE,
    CONSTRAINT checklist_points_check CHECK (points > 0)
  )`,
  `CREATE TABLE self_evaluations (
    region_id text NOT NULL,
    id uuid NOT NULL,
    item_id uuid NOT NULL,
    unit_id uuid NOT NULL,
    claimed_points double precision NOT NULL,
    note text NOT NULL DEFAULT '',
    evidence text,
    verified_points double precision,
    verify_comment text,
    verified_by uuid,
    verified_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (region_id, id),
    CONSTRAINT self_evaluations_unique UNIQUE (region_id, item_id, unit_id),
    FOREIGN KEY (region_id, item_id) REFERENCES checklist_items (region_id, id) ON DELETE CASCADE,
    FOREIGN KEY (region_id, unit_id) REFERENCES units (region_id, id)
  )`,
];

const TABLES_IN_DROP_ORDER = [
  "self_evaluations",
  "checklist_items",
  "reminders",
  "observations",
  "evidence",
  "report_versions",
  "reports",
  "period_exceptions",
  "periods",
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES_IN_DROP_ORDER) await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
}
