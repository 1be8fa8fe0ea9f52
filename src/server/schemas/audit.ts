import { z } from "@hono/zod-openapi";
import { PageQuery, PageSchema, PoliciesSchema } from "./common.js";

/** One audit row; `at` carries the server's UTC offset. */
export const AuditRowSchema = z
  .object({
    seq: z.number().int(),
    at: z.string().openapi({ example: "2025-03-01T09:30:00.000+08:00" }),
    regionId: z.string().nullable(),
    actorId: z.string().nullable(),
    actorName: z.string().nullable(),
    unitId: z.string().nullable(),
    ip: z.string().nullable(),
    action: z.string(),
    objectType: z.string().nullable(),
    objectId: z.string().nullable(),
    outcome: z.enum(["success", "failure", "denied"]),
    before: z.unknown(),
    after: z.unknown(),
    detail: z.unknown(),
    requestId: z.string().nullable(),
    hash: z.string(),
  })
  .openapi("AuditRow");

/** `GET /api/audit` filters. */
export const AuditListQuery = PageQuery.extend({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  action: z.string().max(64).optional(),
  actor: z.string().max(128).optional(),
  outcome: z.enum(["success", "failure", "denied"]).optional(),
});

/** `GET /api/audit/export` query. */
export const AuditExportQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  format: z.enum(["ndjson", "csv"]).default("ndjson"),
});

/** `GET /api/audit` response. */
export const AuditListResponse = z.object({
  data: z.array(AuditRowSchema),
  page: PageSchema,
  policies: PoliciesSchema,
});

/** `GET /api/audit/verify` response. */
export const AuditVerifyResponse = z.object({
  data: z.object({
    ok: z.boolean(),
    rows: z.number().int(),
    firstSeq: z.number().int().nullable(),
    lastSeq: z.number().int().nullable(),
    firstBad: z.object({ seq: z.number().int(), reason: z.enum(["hash", "link", "gap"]) }).nullable(),
  }),
});
