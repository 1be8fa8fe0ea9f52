/**
 * Kysely types of the tables (see docs/schema.md and migrations/). Column names are snake_case as
 * in SQL.
 */
import type { ColumnType, Insertable, Selectable } from "kysely";

/** A jsonb column: written as a JSON string (both drivers send it as text), read back parsed. */
export type Json<T> = ColumnType<T, string, string>;
/** A nullable jsonb column. */
export type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;
/** A timestamptz column with a database default. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** A tsvector column: written as a tsvector literal (store/segment.ts), read as text. */
export type Tsv = ColumnType<string, string | undefined, string>;

/** `regions`: the tenants. */
export interface RegionsTable {
  region_id: string;
  name: string;
  level: string | null;
  places: ColumnType<Record<string, string>, string | undefined, string>;
  created_at: CreatedAt;
}

/** `documents`: one row per distinct original file of a region. */
export interface DocumentsTable {
  region_id: string;
  id: string;
  sha256: string;
  media_type: string;
  filename: string;
  byte_size: number;
  original: Uint8Array;
  format: string;
  encoding: string | null;
  text: string;
  title: string | null;
  doc_number: string | null;
  doc_date: string | null;
  year: number | null;
  title_norm: string | null;
  issued_title_norm: string | null;
  doc_number_norm: string | null;
  meta: Json<StoredDocumentMeta>;
  parser_version: string;
  imported_at: CreatedAt;
  parsed_at: CreatedAt;
  tsv: Tsv;
}

/** What `documents.meta` holds: the parser's meta, the ingest facts and diagnostics counts, the boxes. */
export interface StoredDocumentMeta {
  meta: unknown;
  facts: unknown;
  boxes: unknown[];
  encoding?: { name: string; confidence: number };
}

/**
 * `outline_nodes`: the heading tree, paragraphs and tables, in document order. A paragraph's text
 * is not copied: it is `documents.text` sliced by the span.
 */
export interface OutlineNodesTable {
  region_id: string;
  id: string;
  document_id: string;
  parent_id: string | null;
  seq: number;
  node_key: string;
  type: "heading" | "paragraph" | "table";
  style: string | null;
  marker: string | null;
  ordinal: number | null;
  depth: number;
  title: string | null;
  rows: NullableJson<string[][]>;
  notes: string | null;
  span_start: number;
  span_end: number;
}

/** `units`: canonical units of a region that some assignment resolved to. */
export interface UnitsTable {
  region_id: string;
  id: string;
  canonical_name: string;
  kind: "department" | "government" | "collective";
  level: string | null;
  place: string | null;
  registry_key: string | null;
  aliases: Json<string[]>;
  created_at: CreatedAt;
}

/** `unit_registry_overrides`: a region's changes to the shipped units registry. */
export interface UnitRegistryOverridesTable {
  region_id: string;
  data: Json<unknown>;
  updated_at: CreatedAt;
}

/** `tasks`: tasks with an identity (`id`) that survives re-parsing; see identity.ts. */
export interface TasksTable {
  region_id: string;
  id: string;
  document_id: string;
  task_key: string;
  seq: number;
  parser_task_id: string;
  heading_path: Json<string[]>;
  text: string;
  span_start: number;
  span_end: number;
  clause_start: number;
  clause_end: number;
  deadline: string | null;
  /** The document's year, copied here so search can filter by year without a join. */
  year: number | null;
  /**
   * Resolved units named in the task's assignments, copied here (GIN-indexed) so a search within
   * one unit's tasks combines two indexes instead of probing assignments row by row.
   */
  unit_ids: ColumnType<string[], string[] | undefined, string[]>;
  status: ColumnType<"active" | "retired", "active" | "retired" | undefined, "active" | "retired">;
  retired_at: Date | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  tsv: Tsv;
}

/** `assignments`: task × unit × role, with the unit name as written and the resolved unit. */
export interface AssignmentsTable {
  region_id: string;
  id: string;
  task_id: string;
  document_id: string;
  seq: number;
  unit_name: string;
  role: "lead" | "co";
  collective: boolean;
  inferred: boolean;
  span_start: number;
  span_end: number;
  unit_id: string | null;
  resolution: NullableJson<unknown>;
}

/** `indicators`: measurable goals with baseline and targets by year. */
export interface IndicatorsTable {
  region_id: string;
  id: string;
  document_id: string;
  indicator_key: string;
  seq: number;
  parser_indicator_id: string;
  name: string;
  unit: string | null;
  category: string | null;
  baseline: NullableJson<unknown>;
  target: NullableJson<unknown>;
  targets: Json<Record<string, unknown>>;
  target_year: number | null;
  attribute: string | null;
  /** The document's year, copied here so search can filter by year without a join. */
  year: number | null;
  marks: Json<string[]>;
  source: string;
  span_start: number;
  span_end: number;
  status: ColumnType<"active" | "retired", "active" | "retired" | undefined, "active" | "retired">;
  retired_at: Date | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  tsv: Tsv;
}

/** `phases`: named stages with months and dated steps. */
export interface PhasesTable {
  region_id: string;
  id: string;
  document_id: string;
  seq: number;
  name: string;
  start_month: string | null;
  end_month: string | null;
  steps: Json<unknown[]>;
  span_start: number;
  span_end: number;
}

/** `citations`: references to other documents, resolved when the cited document is in the ledger. */
export interface CitationsTable {
  region_id: string;
  id: string;
  document_id: string;
  seq: number;
  parser_citation_id: string;
  title: string | null;
  doc_number: string | null;
  alias: string | null;
  alias_of: string | null;
  title_norm: string | null;
  doc_number_norm: string | null;
  span_start: number;
  span_end: number;
  cited_document_id: string | null;
  resolved_by: "doc_number" | "title" | "alias" | null;
}

/** `diagnostics`: what ingest and parse reported about a document. */
export interface DiagnosticsTable {
  region_id: string;
  id: string;
  document_id: string;
  seq: number;
  source: "ingest" | "parse";
  code: string;
  severity: string;
  message: string;
  span_start: number | null;
  span_end: number | null;
  related: NullableJson<unknown>;
  count: number | null;
}

/** Roles of a user account (三权分立: three separate administrators, then the business roles). */
export type UserRole =
  "system_admin" | "security_admin" | "audit_admin" | "supervisor" | "reporter" | "leader";

/** `users`: accounts; usernames unique case-insensitively across regions (`username_norm`). */
export interface UsersTable {
  region_id: string;
  id: string;
  username: string;
  username_norm: string;
  display_name: string;
  role: UserRole;
  unit_id: string | null;
  /** argon2id PHC string; never leaves the server. */
  password_hash: string;
  password_changed_at: Date | string;
  must_change_password: ColumnType<boolean, boolean | undefined, boolean>;
  /** null: required when the role is in the MFA roles setting. */
  mfa_required: boolean | null;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  /** Last TOTP time step accepted, so a code is never accepted twice. */
  totp_last_step: number | null;
  disabled_at: Date | null;
  last_login_at: Date | null;
  /** Created by `luoshi demo`: logs in only while the server runs in demo mode. */
  demo: ColumnType<boolean, boolean | undefined, boolean>;
  /** Where e-mail reminders go (migration 0005); null: in-app only. */
  email: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

/** `sessions`: logged-in sessions, keyed by the SHA-256 of the token (the token itself is not stored). */
export interface SessionsTable {
  id_hash: string;
  region_id: string;
  user_id: string;
  created_at: Date | string;
  last_seen_at: Date | string;
  ip: string;
  user_agent: string | null;
}

/** `login_throttle`: recent failed logins per username (known or not) and the lock. */
export interface LoginThrottleTable {
  username_norm: string;
  /** ISO times of failures inside the window. */
  failures: Json<string[]>;
  locked_until: Date | null;
}

/** `audit_log`: append-only, hash-chained record of every write and login. */
export interface AuditLogTable {
  seq: number;
  at: Date | string;
  region_id: string | null;
  actor_id: string | null;
  actor_name: string | null;
  unit_id: string | null;
  ip: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  outcome: "success" | "failure" | "denied";
  before: NullableJson<unknown>;
  after: NullableJson<unknown>;
  detail: NullableJson<unknown>;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

/** `periods`: reporting periods of a document (2024年度, 2025年第1季度, dated checkpoints). */
export interface PeriodsTable {
  region_id: string;
  id: string;
  document_id: string;
  kind: "yearly" | "half" | "quarterly" | "monthly" | "checkpoint";
  label: string;
  /** `YYYY-MM-DD` (date columns are read as text on both drivers). */
  start_date: string;
  end_date: string;
  due_date: string;
  status: ColumnType<"open" | "closed", "open" | "closed" | undefined, "open" | "closed">;
  source: string | null;
  /** Evaluation weights the supervisor set for this period; null: the defaults. */
  weights: NullableJson<unknown>;
  created_at: CreatedAt;
  closed_at: Date | null;
}

/** `period_exceptions`: a unit may still save and submit in a closed period. */
export interface PeriodExceptionsTable {
  region_id: string;
  period_id: string;
  unit_id: string;
  reason: string;
  granted_by: string | null;
  granted_at: CreatedAt;
  /** When the supervisor revoked it (migration 0007); null: in force. */
  revoked_at: Date | null;
  revoked_by: string | null;
}

/** `reports`: one unit's progress report on one task for one period (or the lead unit's consolidated one). */
export interface ReportsTable {
  region_id: string;
  id: string;
  period_id: string;
  task_id: string;
  unit_id: string;
  consolidated: boolean;
  version: number;
  workflow: "draft" | "submitted" | "accepted" | "returned" | "locked";
  status: "not_started" | "in_progress" | "completed" | "delayed" | "blocked";
  progress: number;
  narrative: string;
  measures: string;
  problems: string;
  next_steps: string;
  reason: string | null;
  return_count: number;
  review_comment: string | null;
  first_submitted_at: Date | null;
  submitted_at: Date | null;
  reviewed_at: Date | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  updated_by: string | null;
}

/** `report_versions`: every saved state of a report, for its history. */
export interface ReportVersionsTable {
  region_id: string;
  report_id: string;
  version: number;
  action: string;
  workflow: string;
  content: Json<unknown>;
  comment: string | null;
  actor_id: string | null;
  actor_name: string;
  at: Date | string;
}

/** `evidence`: files attached to a report, kept with their SHA-256. */
export interface EvidenceTable {
  region_id: string;
  id: string;
  report_id: string;
  sha256: string;
  filename: string;
  media_type: string;
  byte_size: number;
  bytes: Uint8Array;
  uploaded_by: string | null;
  uploaded_at: CreatedAt;
}

/** `observations`: an indicator's observed value for a year, with its source. */
export interface ObservationsTable {
  region_id: string;
  id: string;
  indicator_id: string;
  year: number;
  period_id: string | null;
  value: number | null;
  met: boolean | null;
  source: string;
  note: string | null;
  recorded_by: string | null;
  recorded_at: CreatedAt;
}

/** `reminders`: 督办单 generated for a missing report, with how they were delivered. */
export interface RemindersTable {
  region_id: string;
  id: string;
  period_id: string;
  task_id: string;
  unit_id: string;
  /** `before_N`, `due_0` or `overdue_N`: the schedule offset it was sent for (migration 0007). */
  kind: string;
  due_date: string;
  send_on: string;
  channel: "in_app" | "email";
  delivery: string;
  created_at: CreatedAt;
}

/** `region_settings`: the 督查室's supervision settings of a region (migration 0007); no row: defaults. */
export interface RegionSettingsTable {
  region_id: string;
  yellow_days: number;
  /** Reminder offsets in days from the due date, ascending (negative: before it). */
  reminder_offsets: Json<number[]>;
  updated_by: string | null;
  updated_at: CreatedAt;
}

/** `checklist_items`: the 测评指标 of a period: item, points, whether evidence is required. */
export interface ChecklistItemsTable {
  region_id: string;
  id: string;
  period_id: string;
  seq: number;
  item: string;
  points: number;
  evidence_required: boolean;
  created_at: CreatedAt;
}

/** `self_evaluations`: a unit's claimed points on a checklist item and the supervisor's verification. */
export interface SelfEvaluationsTable {
  region_id: string;
  id: string;
  item_id: string;
  unit_id: string;
  claimed_points: number;
  note: string;
  evidence: string | null;
  verified_points: number | null;
  verify_comment: string | null;
  verified_by: string | null;
  verified_at: Date | null;
  updated_at: CreatedAt;
}

/** `reminder_deliveries`: every attempt to deliver a reminder, in-app or by e-mail (migration 0005). */
export interface ReminderDeliveriesTable {
  region_id: string;
  id: string;
  reminder_id: string;
  channel: "in_app" | "email";
  /** The unit (in-app) or the e-mail address. */
  recipient: string;
  user_id: string | null;
  status: "pending" | "sent" | "failed" | "skipped";
  reason: string | null;
  attempted_at: Date;
}

/** `indicator_units`: the units responsible for an indicator, set by the supervisor or from the document. */
export interface IndicatorUnitsTable {
  region_id: string;
  indicator_id: string;
  unit_id: string;
  role: "lead" | "co";
  /** `supervisor` when set through the API or CLI, `document` when accepted from the proposal. */
  source: string;
  assigned_by: string | null;
  assigned_at: CreatedAt;
}

/** `evaluation_files`: files a unit uploaded as evidence for a checklist item, with their SHA-256. */
export interface EvaluationFilesTable {
  region_id: string;
  id: string;
  item_id: string;
  unit_id: string;
  sha256: string;
  filename: string;
  media_type: string;
  byte_size: number;
  bytes: Uint8Array;
  uploaded_by: string | null;
  uploaded_at: CreatedAt;
}

/** The whole database, for `Kysely<Database>`. */
export interface Database {
  regions: RegionsTable;
  documents: DocumentsTable;
  outline_nodes: OutlineNodesTable;
  units: UnitsTable;
  unit_registry_overrides: UnitRegistryOverridesTable;
  tasks: TasksTable;
  assignments: AssignmentsTable;
  indicators: IndicatorsTable;
  phases: PhasesTable;
  citations: CitationsTable;
  diagnostics: DiagnosticsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  periods: PeriodsTable;
  period_exceptions: PeriodExceptionsTable;
  reports: ReportsTable;
  report_versions: ReportVersionsTable;
  evidence: EvidenceTable;
  observations: ObservationsTable;
  reminders: RemindersTable;
  checklist_items: ChecklistItemsTable;
  self_evaluations: SelfEvaluationsTable;
  reminder_deliveries: ReminderDeliveriesTable;
  indicator_units: IndicatorUnitsTable;
  evaluation_files: EvaluationFilesTable;
  region_settings: RegionSettingsTable;
}

/** A row of `documents` as read. */
export type DocumentRow = Selectable<DocumentsTable>;
/** A row of `tasks` as read. */
export type TaskRow = Selectable<TasksTable>;
/** A new row of `tasks`. */
export type NewTask = Insertable<TasksTable>;

/** Tables in an order where every foreign key points backwards (for backup, restore and wipes). */
export const TABLES_IN_DEPENDENCY_ORDER = [
  "regions",
  "unit_registry_overrides",
  "units",
  "documents",
  "outline_nodes",
  "tasks",
  "assignments",
  "indicators",
  "phases",
  "citations",
  "diagnostics",
  "periods",
  "period_exceptions",
  "reports",
  "report_versions",
  "evidence",
  "observations",
  "reminders",
  "checklist_items",
  "self_evaluations",
  "reminder_deliveries",
  "indicator_units",
  "evaluation_files",
  "region_settings",
  "users",
  "audit_log",
] as const satisfies readonly (keyof Database)[];

/** Name of one table. */
export type TableName = (typeof TABLES_IN_DEPENDENCY_ORDER)[number];
