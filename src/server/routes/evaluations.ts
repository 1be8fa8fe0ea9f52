/** `/api/checklist/{id}` and `/api/self-evaluations/{id}`: a unit's self-evaluation and its verification. */
import { createRoute } from "@hono/zod-openapi";
import type { AppDeps } from "../context.js";
import { audited } from "../middleware/audited.js";
import { authenticate } from "../middleware/authenticate.js";
import { requestContext } from "../request-context.js";
import { errors, IdParam, json, jsonBody } from "../schemas/common.js";
import { dataResponse, SelfEvaluationBody, VerifyBody, ViewSchema } from "../schemas/reporting.js";
import { authorizedChecklistItem, authorizedSelfEvaluation, tracked } from "../services/reporting.js";
import { selfEvaluate, verifySelfEvaluation } from "../../track/evaluation.js";
import { router, SESSION } from "./router.js";

/** Self-evaluation against a checklist item, mounted under `/api/checklist`. */
export function checklistRoutes(deps: AppDeps) {
  const signedIn = authenticate(deps);
  const route = createRoute({
    method: "put",
    path: "/{id}/self-evaluation",
    tags: ["evaluation"],
    summary: "本单位对某测评指标自评打分（不超过分值；要求佐证时须提供）",
    security: SESSION,
    middleware: [signedIn, audited(deps, "evaluation.self", "checklist_item")] as const,
    request: { params: IdParam, body: jsonBody(SelfEvaluationBody) },
    responses: { 200: json(dataResponse(ViewSchema), "已保存自评"), ...errors(400, 401, 403, 404) },
  });
  return router().openapi(route, async (c) => {
    const ctx = requestContext(c, deps);
    const id = c.req.valid("param").id;
    await authorizedChecklistItem(ctx, id, "selfEvaluate");
    const evaluation = await tracked(() => selfEvaluate(ctx, id, ctx.actor.unitId!, c.req.valid("json")));
    return c.json({ data: evaluation as unknown as Record<string, unknown> }, 200);
  });
}

/** Verification of a self-evaluation, mounted under `/api/self-evaluations`. */
export function selfEvaluationRoutes(deps: AppDeps) {
  const signedIn = authenticate(deps);
  const route = createRoute({
    method: "post",
    path: "/{id}/verify",
    tags: ["evaluation"],
    summary: "督查室核定自评得分",
    security: SESSION,
    middleware: [signedIn, audited(deps, "evaluation.verify", "self_evaluation")] as const,
    request: { params: IdParam, body: jsonBody(VerifyBody) },
    responses: { 200: json(dataResponse(ViewSchema), "已核定"), ...errors(400, 401, 403, 404) },
  });
  return router().openapi(route, async (c) => {
    const ctx = requestContext(c, deps);
    const id = c.req.valid("param").id;
    await authorizedSelfEvaluation(ctx, id);
    const evaluation = await tracked(() => verifySelfEvaluation(ctx, id, c.req.valid("json")));
    return c.json({ data: evaluation as unknown as Record<string, unknown> }, 200);
  });
}
