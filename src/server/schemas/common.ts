import { z } from "@hono/zod-openapi";

/** The error body of every failed request. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "NOT_FOUND" }),
      message: z.string().openapi({ example: "未找到" }),
      requestId: z.string(),
      details: z.array(z.string()).optional(),
      current: z.unknown().optional(),
    }),
  })
  .openapi("Error");

/** Path parameter `{id}`: a UUID. */
export const IdParam = z.object({
  id: z
    .uuid()
    .openapi({ param: { name: "id", in: "path" }, example: "0b7c3c1e-3d0a-4c41-9d8e-2f8b3f4c5a6b" }),
});

/** `limit` and `offset` of list routes. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/** Where a list page is. */
export const PageSchema = z.object({
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

/** `policies` of a response: action → allowed. */
export const PoliciesSchema = z.record(z.string(), z.boolean());

/** A span of the document text, `[start, end)` in UTF-16 code units. */
export const SpanSchema = z.object({ start: z.number().int(), end: z.number().int() });

/** The error responses a route can give, by status. */
export function errors<
  const S extends readonly (400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 423 | 429 | 503)[],
>(...statuses: S) {
  const description: Record<number, string> = {
    400: "请求参数不正确",
    401: "未登录或登录已过期",
    403: "没有权限",
    404: "未找到（或不在本单位、本地区范围内）",
    409: "冲突",
    413: "请求内容过大",
    415: "不支持的内容类型",
    422: "文件无法读取",
    423: "报送周期已关闭或报告已锁定",
    429: "请求过于频繁或账户已锁定",
    503: "服务器繁忙",
  };
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: description[s]!, content: { "application/json": { schema: ErrorSchema } } },
    ]),
  ) as {
    [K in S[number]]: {
      description: string;
      content: { "application/json": { schema: typeof ErrorSchema } };
    };
  };
}

/** A JSON response of `schema`. */
export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** A required JSON request body of `schema`. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { "application/json": { schema } } };
}
