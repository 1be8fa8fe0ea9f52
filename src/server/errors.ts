import type { ImportErrorCode } from "../import/index.js";
import type { IngestErrorCode } from "../ingest/index.js";

/** Stable error codes of the API; clients branch on these, never on the message. */
export type ApiErrorCode =
  | "VALIDATION_FAILED"
  | "UNAUTHENTICATED"
  | "SESSION_EXPIRED"
  | "INVALID_CREDENTIALS"
  | "ACCOUNT_LOCKED"
  | "MFA_REQUIRED"
  | "MFA_INVALID"
  | "MFA_ENROLMENT_REQUIRED"
  | "MFA_NOT_PENDING"
  | "PASSWORD_CHANGE_REQUIRED"
  | "PASSWORD_EXPIRED"
  | "PASSWORD_POLICY"
  | "PASSWORD_INCORRECT"
  | "TLS_REQUIRED"
  | "FORBIDDEN"
  | "IP_NOT_ALLOWED"
  | "NOT_FOUND"
  | "USERNAME_TAKEN"
  | "CSRF_REJECTED"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "PAYLOAD_TOO_LARGE"
  | "RATE_LIMITED"
  | "PARSE_TIMEOUT"
  | "PARSE_RESOURCE_LIMIT"
  | "PARSE_FAILED"
  | "SERVER_BUSY"
  | "INTEGRITY_MISMATCH"
  | "AUDIT_RETENTION"
  | "VERSION_CONFLICT"
  | "PERIOD_CLOSED"
  | "REPORT_LOCKED"
  | "INVALID_TRANSITION"
  | "REPORT_INVALID"
  | "NOT_ASSIGNED"
  | "INTERNAL"
  | IngestErrorCode
  | ImportErrorCode;

/** Default Chinese message of each code (ingest and import codes bring their own). */
const MESSAGES: Record<Exclude<ApiErrorCode, IngestErrorCode | ImportErrorCode>, string> = {
  VALIDATION_FAILED: "请求参数不正确",
  UNAUTHENTICATED: "请先登录",
  SESSION_EXPIRED: "登录已过期，请重新登录",
  INVALID_CREDENTIALS: "用户名或密码错误",
  ACCOUNT_LOCKED: "登录失败次数过多，账户已临时锁定，请稍后再试",
  MFA_REQUIRED: "请输入动态验证码",
  MFA_INVALID: "动态验证码错误或已使用",
  MFA_ENROLMENT_REQUIRED: "请先绑定动态验证码（TOTP）",
  MFA_NOT_PENDING: "没有待确认的动态验证码绑定，请先发起绑定",
  PASSWORD_CHANGE_REQUIRED: "首次登录或密码被重置，请先修改密码",
  PASSWORD_EXPIRED: "密码已过期，请修改密码",
  PASSWORD_POLICY: "密码不符合要求",
  PASSWORD_INCORRECT: "当前密码不正确",
  TLS_REQUIRED: "生产环境必须通过 HTTPS 登录",
  FORBIDDEN: "没有权限执行此操作",
  IP_NOT_ALLOWED: "管理员账户不能从此地址访问",
  NOT_FOUND: "未找到",
  USERNAME_TAKEN: "用户名已存在（不区分大小写）",
  CSRF_REJECTED: "跨站请求已被拒绝",
  UNSUPPORTED_MEDIA_TYPE: "不支持的请求内容类型",
  PAYLOAD_TOO_LARGE: "请求内容过大",
  RATE_LIMITED: "请求过于频繁，请稍后再试",
  PARSE_TIMEOUT: "文件解析超时，已中止",
  PARSE_RESOURCE_LIMIT: "文件解析超出资源限制，已中止",
  PARSE_FAILED: "文件解析失败",
  SERVER_BUSY: "服务器繁忙，请稍后再试",
  INTEGRITY_MISMATCH: "存储的原件校验失败，可能已被篡改",
  AUDIT_RETENTION: "审计日志保存期未满，拒绝删除",
  VERSION_CONFLICT: "内容已被他人修改，请在最新版本上重新编辑",
  PERIOD_CLOSED: "报送周期已关闭",
  REPORT_LOCKED: "报告已锁定",
  INVALID_TRANSITION: "当前状态下不能执行此操作",
  REPORT_INVALID: "报告内容不完整",
  NOT_ASSIGNED: "该单位不是此任务的责任单位",
  INTERNAL: "服务器内部错误",
};

/**
 * The one error type of the API: an HTTP status, a stable code and a Chinese message. `app.onError`
 * turns it into `{error: {code, message, requestId}}`; anything else becomes 500 INTERNAL without
 * its stack.
 *
 * @example
 * throw new ApiError(404, "NOT_FOUND");
 * throw new ApiError(400, "PASSWORD_POLICY", "密码至少需要 8 个字符");
 */
export class ApiError extends Error {
  /** Seconds for a `Retry-After` header (429, 503). */
  retryAfter?: number;
  /** Field problems of a validation failure, `path: message`. */
  details?: string[];
  /** The object as stored, for a conflict (409): the client redoes its edit on it. */
  current?: unknown;

  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 423 | 429 | 500 | 503,
    readonly code: ApiErrorCode,
    message?: string,
    options?: { cause?: unknown; retryAfter?: number; details?: string[]; current?: unknown },
  ) {
    super(message ?? MESSAGES[code as keyof typeof MESSAGES] ?? code, options);
    this.name = "ApiError";
    if (options?.retryAfter !== undefined) this.retryAfter = options.retryAfter;
    if (options?.details) this.details = options.details;
    if (options?.current !== undefined) this.current = options.current;
  }
}

/** 404 NOT_FOUND: the same answer whether the object is missing or belongs to someone else. */
export function notFound(): ApiError {
  return new ApiError(404, "NOT_FOUND");
}

/** 403 FORBIDDEN: the caller's role may never do this. */
export function forbidden(): ApiError {
  return new ApiError(403, "FORBIDDEN");
}
