import { OpenAPIHono, type z } from "@hono/zod-openapi";
import type { AppEnv } from "../context.js";
import { ApiError } from "../errors.js";

/** Turns Zod issues into `field: message` lines (messages in Chinese, see app.ts). */
export function validationError(error: z.ZodError): ApiError {
  const details = error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  return new ApiError(400, "VALIDATION_FAILED", `请求参数不正确：${details.join("；")}`, { details });
}

/** The validation hook of every route: a failure becomes 400 VALIDATION_FAILED. */
export function validationHook(result: { success: true } | { success: false; error: z.ZodError }): void {
  if (!result.success) throw validationError(result.error);
}

/** A router for one entity's routes, with the shared validation hook. */
export function router() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

/** Security requirement of the routes that need a session (OpenAPI). */
export const SESSION = [{ cookieAuth: [] }];
