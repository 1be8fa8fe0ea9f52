/** `/api/audit`: the audit administrator reads, exports and verifies the audit log. Nobody writes it. */
import { createRoute, z } from "@hono/zod-openapi";
import type { AppDeps } from "../context.js";
import { authenticate } from "../middleware/authenticate.js";
import { auditPolicy } from "../policies/audit.js";
import { AUDIT_CSV_HEADER, auditCsvLine, presentAuditRow } from "../presenters/audit.js";
import { requestContext } from "../request-context.js";
import {
  AuditExportQuery,
  AuditListQuery,
  AuditListResponse,
  AuditVerifyResponse,
} from "../schemas/audit.js";
import { errors, json } from "../schemas/common.js";
import { exportAudit, listAudit, verifyAuditChain } from "../services/audit.js";
import { attachment } from "./documents.js";
import { router, SESSION } from "./router.js";

/** The audit routes. */
export function auditRoutes(deps: AppDeps) {
  const signedIn = authenticate(deps);
  const listRoute = createRoute({
    method: "get",
    path: "/",
    tags: ["audit"],
    summary: "审计日志（审计管理员）",
    security: SESSION,
    middleware: [signedIn] as const,
    request: { query: AuditListQuery },
    responses: { 200: json(AuditListResponse, "审计记录，新的在前"), ...errors(400, 401, 403) },
  });
  const exportRoute = createRoute({
    method: "get",
    path: "/export",
    tags: ["audit"],
    summary: "导出审计日志（NDJSON 或 CSV 附件；导出本身也记入审计日志）",
    security: SESSION,
    middleware: [signedIn] as const,
    request: { query: AuditExportQuery },
    responses: {
      200: {
        description: "审计记录，旧的在前",
        content: {
          "application/x-ndjson": { schema: z.string() },
          "text/csv": { schema: z.string() },
        },
      },
      ...errors(400, 401, 403),
    },
  });
  const verifyRoute = createRoute({
    method: "get",
    path: "/verify",
    tags: ["audit"],
    summary: "校验审计日志哈希链",
    security: SESSION,
    middleware: [signedIn] as const,
    responses: { 200: json(AuditVerifyResponse, "校验结果"), ...errors(401, 403) },
  });

  return router()
    .openapi(listRoute, async (c) => {
      const ctx = requestContext(c, deps);
      const query = c.req.valid("query");
      const { rows, total } = await listAudit(ctx, query);
      return c.json(
        {
          data: rows.map(presentAuditRow),
          page: { total, limit: query.limit, offset: query.offset },
          policies: auditPolicy.policiesFor(ctx.actor),
        },
        200,
      );
    })
    .openapi(exportRoute, async (c) => {
      const query = c.req.valid("query");
      const ctx = requestContext(c, deps, { action: "audit.export", objectType: "audit", objectId: null });
      const batches = await exportAudit(ctx, query);
      const csv = query.format === "csv";
      const encoder = new TextEncoder();
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          // A UTF-8 BOM so Excel opens the Chinese columns correctly.
          if (csv) controller.enqueue(encoder.encode(`\ufeff${AUDIT_CSV_HEADER}`));
        },
        async pull(controller) {
          const next = await batches.next();
          if (next.done) return controller.close();
          const text = next.value
            .map((row) =>
              csv ? auditCsvLine(presentAuditRow(row)) : `${JSON.stringify(presentAuditRow(row))}\n`,
            )
            .join("");
          controller.enqueue(encoder.encode(text));
        },
      });
      const stamp = deps.clock.now().toISOString().slice(0, 10);
      return c.body(stream, 200, {
        "Content-Type": csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
        "Content-Disposition": attachment(`审计日志-${stamp}.${csv ? "csv" : "ndjson"}`),
      });
    })
    .openapi(verifyRoute, async (c) => {
      const result = await verifyAuditChain(requestContext(c, deps));
      return c.json({ data: { ...result, firstBad: result.firstBad ?? null } }, 200);
    });
}
