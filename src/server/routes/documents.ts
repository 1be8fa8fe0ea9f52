/** `/api/documents`: list, read with outline/tasks/indicators, upload, download the original. */
import { createRoute, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type { AppDeps } from "../context.js";
import { ApiError } from "../errors.js";
import { audited } from "../middleware/audited.js";
import { authenticate } from "../middleware/authenticate.js";
import { documentPolicy } from "../policies/documents.js";
import { presentDocument, presentDocumentDetail } from "../presenters/documents.js";
import { requestContext } from "../request-context.js";
import { errors, IdParam, json } from "../schemas/common.js";
import {
  DocumentListQuery,
  DocumentListResponse,
  DocumentResponse,
  UploadForm,
  UploadResponse,
} from "../schemas/documents.js";
import { downloadOriginal, getDocument, listDocuments, uploadDocument } from "../services/documents.js";
import { router, SESSION } from "./router.js";

/** Multipart overhead allowed on top of the file size limit. */
const MULTIPART_SLACK = 64 * 1024;

/** Media types a browser could run or render as a page; downloads of these go out as plain bytes. */
const ACTIVE_TYPES = /html|xml|svg|javascript|ecmascript/i;

/** `Content-Disposition: attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function attachment(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\;]/g, "_") || "download";
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** The document routes. */
export function documentRoutes(deps: AppDeps) {
  const signedIn = authenticate(deps);
  const uploadLimit = bodyLimit({
    maxSize: deps.settings.limits.uploadBytes + MULTIPART_SLACK,
    onError: () => {
      throw new ApiError(413, "PAYLOAD_TOO_LARGE");
    },
  });

  const listRoute = createRoute({
    method: "get",
    path: "/",
    tags: ["documents"],
    summary: "文件列表（填报单位只见分配给本单位任务的文件）",
    security: SESSION,
    middleware: [signedIn] as const,
    request: { query: DocumentListQuery },
    responses: { 200: json(DocumentListResponse, "文件列表"), ...errors(400, 401, 403) },
  });
  const getRoute = createRoute({
    method: "get",
    path: "/{id}",
    tags: ["documents"],
    summary: "文件详情：提纲、任务、指标、诊断、引用（引用的与被引用的文件）",
    security: SESSION,
    middleware: [signedIn] as const,
    request: { params: IdParam },
    responses: { 200: json(DocumentResponse, "文件详情"), ...errors(400, 401, 403, 404) },
  });
  const uploadRoute = createRoute({
    method: "post",
    path: "/",
    tags: ["documents"],
    summary: "上传文件：解析并导入台账；相同内容返回已有文件（duplicateOf）",
    security: SESSION,
    middleware: [signedIn, audited(deps, "document.upload", "document"), uploadLimit] as const,
    request: { body: { required: true, content: { "multipart/form-data": { schema: UploadForm } } } },
    responses: {
      200: json(UploadResponse, "内容相同的文件已在台账中"),
      201: json(UploadResponse, "已导入"),
      ...errors(400, 401, 403, 413, 415, 422, 503),
    },
  });
  const originalRoute = createRoute({
    method: "get",
    path: "/{id}/original",
    tags: ["documents"],
    summary: "下载原件（作为附件，校验 SHA-256）",
    security: SESSION,
    middleware: [signedIn] as const,
    request: { params: IdParam },
    responses: {
      200: {
        description: "原件",
        content: {
          "application/octet-stream": { schema: z.string().openapi({ type: "string", format: "binary" }) },
        },
      },
      ...errors(400, 401, 403, 404, 409),
    },
  });

  return router()
    .openapi(listRoute, async (c) => {
      const ctx = requestContext(c, deps);
      const query = c.req.valid("query");
      const { rows, total } = await listDocuments(ctx, query);
      return c.json(
        {
          data: rows.map(presentDocument),
          page: { total, limit: query.limit, offset: query.offset },
          policies: documentPolicy.policiesFor(ctx.actor),
        },
        200,
      );
    })
    .openapi(getRoute, async (c) => {
      const ctx = requestContext(c, deps);
      const detail = await getDocument(ctx, c.req.valid("param").id);
      return c.json(
        {
          data: presentDocumentDetail(detail),
          policies: documentPolicy.policiesFor(ctx.actor, detail.subject),
        },
        200,
      );
    })
    .openapi(uploadRoute, async (c) => {
      const ctx = requestContext(c, deps);
      const { file } = c.req.valid("form");
      const bytes = new Uint8Array(await file.arrayBuffer());
      const result = await uploadDocument(ctx, {
        bytes,
        filename: file.name,
        mediaType: file.type || undefined,
      });
      const body = {
        data: presentDocument(result.document),
        duplicateOf: result.duplicateOf,
        policies: documentPolicy.policiesFor(ctx.actor),
      };
      return result.status === "imported" ? c.json(body, 201) : c.json(body, 200);
    })
    .openapi(originalRoute, async (c) => {
      // Downloads are not audited; a failed integrity check is, under this object.
      const ctx = requestContext(c, deps, {
        action: "document.download",
        objectType: "document",
        objectId: c.req.valid("param").id,
      });
      const original = await downloadOriginal(ctx, c.req.valid("param").id);
      const type = ACTIVE_TYPES.test(original.mediaType) ? "application/octet-stream" : original.mediaType;
      return c.body(original.bytes as Uint8Array<ArrayBuffer>, 200, {
        "Content-Type": type,
        "Content-Disposition": attachment(original.filename),
        // Even if a browser were to render it, it runs in a sandbox without scripts.
        "Content-Security-Policy": "sandbox; default-src 'none'",
      });
    });
}
