/**
 * `/api/checklist/{id}` and `/api/self-evaluations/{id}`: a unit's self-evaluation, the evidence
 * files it uploads for an item (the report evidence's upload gate), and the verification.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type { AppDeps } from "../context.js";
import { ApiError } from "../errors.js";
import { audited } from "../middleware/audited.js";
import { authenticate } from "../middleware/authenticate.js";
import { requestContext } from "../request-context.js";
import { errors, IdParam, json, jsonBody } from "../schemas/common.js";
import {
  dataResponse,
  EvaluationFilesQuery,
  EvidenceForm,
  SelfEvaluationBody,
  VerifyBody,
  ViewSchema,
} from "../schemas/reporting.js";
import { gateEvidence } from "../services/evidence.js";
import {
  authorizedChecklistItem,
  authorizedEvaluationFile,
  authorizedSelfEvaluation,
  ownUnitOf,
  scopeOf,
  tracked,
} from "../services/reporting.js";
import { selfEvaluate, verifySelfEvaluation } from "../../track/evaluation.js";
import { attachEvaluationFile, listEvaluationFiles } from "../../track/evaluation-files.js";
import { periodWritable } from "../../track/periods.js";
import { attachment } from "./documents.js";
import { router, SESSION } from "./router.js";

const MULTIPART_SLACK = 64 * 1024;

/** Self-evaluation against a checklist item and its evidence files, mounted under `/api/checklist`. */
export function checklistRoutes(deps: AppDeps) {
  const signedIn = authenticate(deps);
  const uploadLimit = bodyLimit({
    maxSize: deps.settings.limits.uploadBytes + MULTIPART_SLACK,
    onError: () => {
      throw new ApiError(413, "PAYLOAD_TOO_LARGE");
    },
  });
  const route = createRoute({
    method: "put",
    path: "/{id}/self-evaluation",
    tags: ["evaluation"],
    summary: "本单位对某测评指标自评打分（不超过分值；要求佐证时须上传文件或填写说明）",
    security: SESSION,
    middleware: [signedIn, audited(deps, "evaluation.self", "checklist_item")] as const,
    request: { params: IdParam, body: jsonBody(SelfEvaluationBody) },
    responses: { 200: json(dataResponse(ViewSchema), "已保存自评"), ...errors(400, 401, 403, 404) },
  });
  const uploadRoute = createRoute({
    method: "post",
    path: "/{id}/evidence",
    tags: ["evaluation"],
    summary: "上传本单位对某测评指标的佐证材料（与报告佐证相同的类型与大小限制）",
    security: SESSION,
    middleware: [signedIn, audited(deps, "evaluation.evidence", "checklist_item"), uploadLimit] as const,
    request: {
      params: IdParam,
      body: { required: true, content: { "multipart/form-data": { schema: EvidenceForm } } },
    },
    responses: {
      201: json(dataResponse(ViewSchema), "已上传"),
      ...errors(400, 401, 403, 404, 413, 415, 423),
    },
  });
  const listRoute = createRoute({
    method: "get",
    path: "/{id}/evidence",
    tags: ["evaluation"],
    summary: "某测评指标的佐证材料（填报单位只见本单位的）",
    security: SESSION,
    middleware: [signedIn] as const,
    request: { params: IdParam, query: EvaluationFilesQuery },
    responses: { 200: json(dataResponse(z.array(ViewSchema)), "佐证材料"), ...errors(400, 401, 403, 404) },
  });
  const downloadRoute = createRoute({
    method: "get",
    path: "/files/{id}",
    tags: ["evaluation"],
    summary: "下载测评佐证材料（作为附件，校验 SHA-256）",
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
  return router()
    .openapi(route, async (c) => {
      const ctx = requestContext(c, deps);
      const id = c.req.valid("param").id;
      await authorizedChecklistItem(ctx, id, "selfEvaluate");
      const evaluation = await tracked(() => selfEvaluate(ctx, id, ctx.actor.unitId!, c.req.valid("json")));
      return c.json({ data: evaluation as unknown as Record<string, unknown> }, 200);
    })
    .openapi(uploadRoute, async (c) => {
      const ctx = requestContext(c, deps);
      const id = c.req.valid("param").id;
      const item = await authorizedChecklistItem(ctx, id, "attach");
      const { file } = c.req.valid("form");
      const bytes = new Uint8Array(await file.arrayBuffer());
      const gated = gateEvidence(bytes, file.name, ctx.settings.limits.uploadBytes);
      const unitId = ctx.actor.unitId!;
      if (!(await periodWritable(scopeOf(ctx), item.period, unitId)))
        throw new ApiError(423, "PERIOD_CLOSED");
      const record = await tracked(() => attachEvaluationFile(ctx, id, unitId, { bytes, ...gated }));
      return c.json({ data: record as unknown as Record<string, unknown> }, 201);
    })
    .openapi(listRoute, async (c) => {
      const ctx = requestContext(c, deps);
      const id = c.req.valid("param").id;
      await authorizedChecklistItem(ctx, id, "read");
      const unitId = ownUnitOf(ctx) ?? c.req.valid("query").unitId ?? null;
      const files = await listEvaluationFiles(scopeOf(ctx), [id], unitId);
      return c.json({ data: files as unknown as Record<string, unknown>[] }, 200);
    })
    .openapi(downloadRoute, async (c) => {
      const ctx = requestContext(c, deps, {
        action: "evaluation.download",
        objectType: "evaluation_file",
        objectId: c.req.valid("param").id,
      });
      const file = await authorizedEvaluationFile(ctx, c.req.valid("param").id);
      if (!file.intact) throw new ApiError(409, "INTEGRITY_MISMATCH");
      const type = file.mediaType.startsWith("text/") ? "text/plain; charset=utf-8" : file.mediaType;
      return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
        "Content-Type": type,
        "Content-Disposition": attachment(file.filename),
        "Content-Security-Policy": "sandbox; default-src 'none'",
      });
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
