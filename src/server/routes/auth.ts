/** `/api/auth`: login, logout, the signed-in user, password change and TOTP enrolment. */
import { createRoute } from "@hono/zod-openapi";
import {
  clearSessionCookie,
  isTls,
  readSessionCookie,
  tokenHash,
  writeSessionCookie,
} from "../auth/sessions.js";
import type { Context } from "hono";
import type { AppDeps, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { audited } from "../middleware/audited.js";
import { authenticate, resolveSession } from "../middleware/authenticate.js";
import { rateLimit, type RateLimiter } from "../middleware/rate-limit.js";
import { accountPolicy, capabilities } from "../policies/index.js";
import { presentMe } from "../presenters/users.js";
import { requestContext } from "../request-context.js";
import {
  ChangePasswordBody,
  LoginBody,
  MeResponse,
  OkResponse,
  TotpEnrolResponse,
  TotpVerifyBody,
  UpdateMeBody,
} from "../schemas/auth.js";
import { errors, json, jsonBody } from "../schemas/common.js";
import {
  changePassword,
  enrolTotp,
  login,
  loadMe,
  logout,
  verifyTotp,
  type IpFailures,
} from "../services/auth.js";
import { updateOwnAccount } from "../services/users.js";
import { router, SESSION } from "./router.js";

/** State shared across requests by the auth routes. */
export interface AuthState {
  ipFailures: IpFailures;
  limiter: RateLimiter;
}

/** The auth routes. */
export function authRoutes(deps: AppDeps, state: AuthState) {
  const limited = rateLimit(state.limiter);
  const signedIn = authenticate(deps, { allowRestricted: true });

  const loginRoute = createRoute({
    method: "post",
    path: "/login",
    tags: ["auth"],
    summary: "登录：用户名、密码，管理员还需动态验证码",
    middleware: [limited] as const,
    request: { body: jsonBody(LoginBody) },
    responses: { 200: json(MeResponse, "已登录，设置会话 Cookie"), ...errors(400, 401, 415, 429) },
  });
  const logoutRoute = createRoute({
    method: "post",
    path: "/logout",
    tags: ["auth"],
    summary: "退出登录",
    security: SESSION,
    middleware: [signedIn, audited(deps, "logout", "user")] as const,
    responses: { 200: json(OkResponse, "已退出"), ...errors(401) },
  });
  const meRoute = createRoute({
    method: "get",
    path: "/me",
    tags: ["auth"],
    summary: "当前用户及其权限",
    security: SESSION,
    middleware: [signedIn] as const,
    responses: { 200: json(MeResponse, "当前用户"), ...errors(401) },
  });
  const updateMeRoute = createRoute({
    method: "patch",
    path: "/me",
    tags: ["auth"],
    summary: "修改自己的显示名或接收督办提醒的邮箱",
    security: SESSION,
    middleware: [authenticate(deps), audited(deps, "account.update", "user")] as const,
    request: { body: jsonBody(UpdateMeBody) },
    responses: { 200: json(MeResponse, "已修改"), ...errors(400, 401, 403, 415) },
  });
  const passwordRoute = createRoute({
    method: "post",
    path: "/password",
    tags: ["auth"],
    summary: "修改密码（结束该用户的所有其他会话）",
    security: SESSION,
    middleware: [limited, signedIn, audited(deps, "account.password", "user")] as const,
    request: { body: jsonBody(ChangePasswordBody) },
    responses: { 200: json(MeResponse, "已修改，会话已更换"), ...errors(400, 401, 415, 429) },
  });
  const enrolRoute = createRoute({
    method: "post",
    path: "/totp/enrol",
    tags: ["auth"],
    summary: "发起动态验证码（TOTP）绑定",
    security: SESSION,
    middleware: [limited, signedIn, audited(deps, "account.totp.enrol", "user")] as const,
    responses: { 200: json(TotpEnrolResponse, "密钥（只显示一次）"), ...errors(401, 409, 429) },
  });
  const verifyRoute = createRoute({
    method: "post",
    path: "/totp/verify",
    tags: ["auth"],
    summary: "以一个动态验证码确认绑定",
    security: SESSION,
    middleware: [limited, signedIn, audited(deps, "account.totp.verify", "user")] as const,
    request: { body: jsonBody(TotpVerifyBody) },
    responses: { 200: json(OkResponse, "已绑定"), ...errors(400, 401, 415, 429) },
  });

  return router()
    .openapi(loginRoute, async (c) => {
      if (deps.settings.profile === "production" && !isTls(c, deps.settings))
        throw new ApiError(400, "TLS_REQUIRED");
      const presented = readSessionCookie(c);
      const { token } = await login(
        deps,
        state.ipFailures,
        {
          ip: c.var.ip,
          requestId: c.var.requestId,
          userAgent: c.req.header("user-agent") ?? null,
          presentedIdHash: presented ? tokenHash(presented) : null,
        },
        c.req.valid("json"),
      );
      writeSessionCookie(c, deps.settings, token);
      return c.json(await meBody(deps, c, token), 200);
    })
    .openapi(logoutRoute, async (c) => {
      const ctx = requestContext(c, deps);
      await logout(ctx, c.var.session);
      clearSessionCookie(c, deps.settings);
      c.header("Clear-Site-Data", '"cache", "cookies", "storage"');
      return c.json({ data: { ok: true as const } }, 200);
    })
    .openapi(meRoute, async (c) => c.json(await meBody(deps, c), 200))
    .openapi(updateMeRoute, async (c) => {
      const ctx = requestContext(c, deps);
      accountPolicy.authorize(ctx.actor, "update", { userId: ctx.actor.userId });
      await updateOwnAccount(ctx, c.req.valid("json"));
      return c.json(await meBody(deps, c), 200);
    })
    .openapi(passwordRoute, async (c) => {
      const ctx = requestContext(c, deps);
      accountPolicy.authorize(ctx.actor, "changePassword", { userId: ctx.actor.userId });
      const token = await changePassword(
        ctx,
        c.var.session,
        c.req.valid("json"),
        c.req.header("user-agent") ?? null,
      );
      writeSessionCookie(c, deps.settings, token);
      return c.json(await meBody(deps, c, token), 200);
    })
    .openapi(enrolRoute, async (c) => {
      const ctx = requestContext(c, deps);
      accountPolicy.authorize(ctx.actor, "enrolTotp", { userId: ctx.actor.userId });
      return c.json({ data: await enrolTotp(ctx) }, 200);
    })
    .openapi(verifyRoute, async (c) => {
      const ctx = requestContext(c, deps);
      accountPolicy.authorize(ctx.actor, "enrolTotp", { userId: ctx.actor.userId });
      await verifyTotp(ctx, c.req.valid("json").code);
      return c.json({ data: { ok: true as const } }, 200);
    });
}

/**
 * The `me` body. After login or a password change the request still carries the old cookie, so
 * the actor and restriction come from the new token, checked as the next request will check it.
 */
async function meBody(deps: AppDeps, c: Context<AppEnv>, freshToken?: string) {
  const { actor, session } = freshToken
    ? await resolveSession(deps, freshToken)
    : { actor: c.var.actor, session: c.var.session };
  const { row, unitName } = await loadMe({ ...requestContext(c, deps), actor });
  return {
    data: presentMe(row, unitName, session.restriction, deps.settings),
    policies: capabilities(actor),
  };
}
