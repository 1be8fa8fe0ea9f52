/** Request and response schemas of the reporting cycle (periods, reports, supervision, evaluation). */
import { z } from "@hono/zod-openapi";
import { REPORT_STATUSES } from "../../track/report-status.js";
import { PoliciesSchema } from "./common.js";

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD");
const Text = (max: number) => z.string().max(max);

/** A reporting period. */
export const PeriodSchema = z
  .object({
    id: z.uuid(),
    documentId: z.uuid(),
    kind: z.enum(["yearly", "half", "quarterly", "monthly", "checkpoint"]),
    label: z.string(),
    start: z.string(),
    end: z.string(),
    due: z.string(),
    status: z.enum(["open", "closed"]),
    source: z.string().nullable(),
    closedAt: z.string().nullable(),
  })
  .openapi("Period");

/** A proposed period (not stored yet). */
export const ProposedPeriodSchema = z
  .object({
    kind: z.enum(["yearly", "half", "quarterly", "monthly", "checkpoint"]),
    label: Text(200).min(1),
    start: IsoDate,
    end: IsoDate,
    due: IsoDate,
    source: Text(2000),
  })
  .openapi("ProposedPeriod");

/** `?year=` of the calendar proposal. */
export const YearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

/** Body of opening a year: the periods to create (the proposal when omitted). */
export const OpenYearBody = z.object({
  year: z.number().int().min(2000).max(2100),
  periods: z.array(ProposedPeriodSchema).max(400).optional(),
});

/** Body of editing a period. */
export const PeriodPatchBody = z
  .object({
    label: Text(200).min(1).optional(),
    start: IsoDate.optional(),
    end: IsoDate.optional(),
    due: IsoDate.optional(),
  })
  .strict();

/** `GET /api/periods` filters. */
export const PeriodListQuery = z.object({ documentId: z.uuid().optional() });

/** Body of an exception for one unit in a closed period. */
export const ExceptionBody = z.object({ unitId: z.uuid(), reason: Text(500).min(1) });

/** `GET /api/periods/{id}/expected` filters. */
export const ExpectedQuery = z.object({ unitId: z.uuid().optional() });

/** `GET /api/periods/{id}/lights` options. */
export const LightsQuery = z.object({ yellowDays: z.coerce.number().int().min(0).max(90).optional() });

/** Evaluation weights. */
export const WeightsBody = z
  .object({
    completion: z.number().min(0).max(100),
    onTime: z.number().min(0).max(100),
    returned: z.number().min(0).max(100),
    indicators: z.number().min(0).max(100),
  })
  .openapi("ScoreWeights");

/** A new checklist item (测评指标). */
export const ChecklistItemBody = z.object({
  item: Text(500).min(1),
  points: z.number().positive().max(1000),
  evidenceRequired: z.boolean().default(false),
});

/** A unit's self-evaluation of an item. */
export const SelfEvaluationBody = z.object({
  points: z.number().min(0).max(1000),
  note: Text(5000).default(""),
  evidence: Text(2000).nullable().optional(),
});

/** The supervisor's verification of a self-evaluation. */
export const VerifyBody = z.object({
  points: z.number().min(0).max(1000),
  comment: Text(2000).nullable().default(null),
});

/** A report. */
export const ReportSchema = z
  .object({
    id: z.uuid(),
    periodId: z.uuid(),
    taskId: z.uuid(),
    unitId: z.uuid(),
    consolidated: z.boolean(),
    version: z.number().int(),
    workflow: z.enum(["draft", "submitted", "accepted", "returned", "locked"]),
    status: z.enum(REPORT_STATUSES as [string, ...string[]]),
    progress: z.number(),
    narrative: z.string(),
    measures: z.string(),
    problems: z.string(),
    nextSteps: z.string(),
    reason: z.string().nullable(),
    returnCount: z.number().int(),
    reviewComment: z.string().nullable(),
    firstSubmittedAt: z.string().nullable(),
    submittedAt: z.string().nullable(),
    reviewedAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi("Report");

/** `GET /api/reports` filters. */
export const ReportListQuery = z.object({
  periodId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  taskId: z.uuid().optional(),
});

/** Body of opening a report (the reporter's own unit). */
export const OpenReportBody = z.object({
  periodId: z.uuid(),
  taskId: z.uuid(),
  consolidated: z.boolean().default(false),
});

/** The fields a unit fills in. */
export const ReportContentBody = z.object({
  status: z.enum(REPORT_STATUSES as ["not_started", "in_progress", "completed", "delayed", "blocked"]),
  progress: z.number().int().min(0).max(100),
  narrative: Text(20_000).default(""),
  measures: Text(20_000).default(""),
  problems: Text(20_000).default(""),
  nextSteps: Text(20_000).default(""),
  reason: Text(5000).nullable().default(null),
});

/** Body of a save: the version it was edited on, and the content. */
export const SaveReportBody = ReportContentBody.extend({ version: z.number().int().min(1) });

/** Body of a submission (the version is checked when given). */
export const SubmitBody = z.object({ version: z.number().int().min(1).optional() });

/** Body of an acceptance. */
export const AcceptBody = z.object({ comment: Text(5000).nullable().default(null) });

/** Body of a return: the comment is required. */
export const ReturnBody = z.object({ comment: Text(5000).min(1) });

/** An evidence upload. */
export const EvidenceForm = z
  .object({ file: z.instanceof(File).openapi({ type: "string", format: "binary" }) })
  .openapi("EvidenceForm");

/** An indicator observation. */
export const ObservationBody = z.object({
  year: z.number().int().min(1990).max(2100),
  value: z.number().finite().nullable().optional(),
  met: z.boolean().nullable().optional(),
  source: Text(500).min(1),
  note: Text(2000).nullable().optional(),
  periodId: z.uuid().nullable().optional(),
});

/** `POST /api/periods/{id}/ledger` options. */
export const LedgerImportQuery = z.object({ dryRun: z.enum(["true", "false"]).default("true") });

/** A response with data and the caller's policies. */
export function dataResponse<T extends z.ZodType>(schema: T) {
  return z.object({ data: schema, policies: PoliciesSchema.optional() });
}

/** A view whose shape docs/tracking.md describes. */
export const ViewSchema = z.record(z.string(), z.unknown());

/**
 * `GET /api/periods/rates`: a year, or a date range of due dates; a supervisor or leader may ask for
 * one unit (a department always gets its own).
 */
export const RegionRatesQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  unitId: z.uuid().optional(),
});

/** `PUT /api/indicators/{id}/units`: the units responsible for the indicator (replaces the list). */
export const IndicatorUnitsBody = z.strictObject({
  units: z.array(z.strictObject({ unitId: z.uuid(), role: z.enum(["lead", "co"]).default("lead") })).max(50),
  source: z.enum(["supervisor", "document"]).default("supervisor"),
});

/** `GET /api/checklist/{id}/evidence`: one unit's files (a department always gets its own). */
export const EvaluationFilesQuery = z.object({ unitId: z.uuid().optional() });

/** `DELETE /api/periods/{id}/exceptions/{unitId}`: the period and the unit whose exception goes. */
export const ExceptionParam = z.object({
  id: z.uuid().openapi({ param: { name: "id", in: "path" } }),
  unitId: z.uuid().openapi({ param: { name: "unitId", in: "path" } }),
});

/** One exception (补报例外) of a period. */
export const PeriodExceptionSchema = z
  .object({
    periodId: z.uuid(),
    unitId: z.uuid(),
    unitName: z.string(),
    reason: z.string(),
    grantedBy: z.string().nullable(),
    grantedByName: z.string().nullable(),
    grantedAt: z.string(),
    inForce: z.boolean(),
    revokedAt: z.string().nullable(),
    revokedBy: z.string().nullable(),
    revokedByName: z.string().nullable(),
  })
  .openapi("PeriodException");
