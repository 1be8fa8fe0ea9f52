/** `/api/evidence/{id}`: downloads an evidence file as an attachment, its SHA-256 checked first. */
import { createRoute, z } from "@hono/zod-openapi";
import type { AppDeps } from "../context.js";
import { ApiError, notFound } from "../errors.js";
import { authenticate } from "../middleware/authenticate.js";
import { reportPolicy } from "../policies/reports.js";
import { requestContext } from "../request-context.js";
import { errors, IdParam } from "../schemas/common.js";
import { authorizedReport, scopeOf, tracked } from "../services/reporting.js";
import { readEvidence } from "../../track/evidence.js";
import { attachment } from "./documents.js";
import { router, SESSION } from "./router.js";

/** The evidence routes. */
export function evidenceRoutes(deps: AppDeps) {
  const signedIn = authenticate(deps);
  const downloadRoute = createRoute({
    method: "get",
    path: "/{id}",
    tags: ["reports"],
    summary: "下载佐证材料（作为附件，校验 SHA-256）",
    security: SESSION,
    middleware: [signedIn] as const,
    request: { params: IdParam },
    responses: {
      200: {
        description: "佐证材料",
        content: {
          "application/octet-stream": { schema: z.string().openapi({ type: "string", format: "binary" }) },
        },
      },
      ...errors(400, 401, 403, 404, 409),
    },
  });
  return router().openapi(downloadRoute, async (c) => {
    const ctx = requestContext(c, deps, {
      action: "evidence.download",
      objectType: "evidence",
      objectId: c.req.valid("param").id,
    });
    reportPolicy.authorize(ctx.actor, "read");
    const file = await tracked(() => readEvidence(scopeOf(ctx), c.req.valid("param").id)).catch(() => {
      throw notFound();
    });
    await authorizedReport(ctx, file.reportId, "read");
    if (!file.intact) throw new ApiError(409, "INTEGRITY_MISMATCH");
    const type = file.mediaType.startsWith("text/") ? "text/plain; charset=utf-8" : file.mediaType;
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": type,
      "Content-Disposition": attachment(file.filename),
      "Content-Security-Policy": "sandbox; default-src 'none'",
    });
  });
}
