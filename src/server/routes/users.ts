/** `/api/users`: account administration (system and security administrators, 三权分立). */
import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppDeps, AppEnv } from "../context.js";
import { audited } from "../middleware/audited.js";
import { authenticate } from "../middleware/authenticate.js";
import { userPolicy } from "../policies/users.js";
import { presentUser } from "../presenters/users.js";
import { requestContext } from "../request-context.js";
import { errors, IdParam, json, jsonBody } from "../schemas/common.js";
import {
  CreateUserBody,
  EndSessionsResponse,
  SetMfaBody,
  SetRoleBody,
  UpdateUserBody,
  UserListQuery,
  UserListResponse,
  UserResponse,
  UserWithPasswordResponse,
} from "../schemas/users.js";
import {
  createUser,
  disableUser,
  enableUser,
  endSessions,
  getUser,
  listUsers,
  resetPassword,
  setMfa,
  setRole,
  unlockUser,
  updateUser,
  userSubject,
} from "../services/users.js";
import type { UserRow } from "../services/accounts.js";
import { router, SESSION } from "./router.js";

/** The user routes. */
export function userRoutes(deps: AppDeps) {
  const signedIn = authenticate(deps);
  const write = (action: string) => [signedIn, audited(deps, action, "user")];
  const base = { tags: ["users"], security: SESSION } satisfies Partial<RouteConfig>;
  const action = (path: string, summary: string, auditAction: string) =>
    createRoute({
      ...base,
      method: "post",
      path,
      summary,
      middleware: write(auditAction),
      request: { params: IdParam },
      responses: { 200: json(UserResponse, "已完成"), ...errors(400, 401, 403, 404) },
    });

  const listRoute = createRoute({
    ...base,
    method: "get",
    path: "/",
    summary: "账户列表",
    middleware: [signedIn] as const,
    request: { query: UserListQuery },
    responses: { 200: json(UserListResponse, "账户列表"), ...errors(400, 401, 403) },
  });
  const createUserRoute = createRoute({
    ...base,
    method: "post",
    path: "/",
    summary: "创建账户（返回一次性密码，首次登录必须修改）",
    middleware: write("user.create"),
    request: { body: jsonBody(CreateUserBody) },
    responses: { 201: json(UserWithPasswordResponse, "已创建"), ...errors(400, 401, 403, 409, 415) },
  });
  const getRoute = createRoute({
    ...base,
    method: "get",
    path: "/{id}",
    summary: "账户详情",
    middleware: [signedIn] as const,
    request: { params: IdParam },
    responses: { 200: json(UserResponse, "账户"), ...errors(400, 401, 403, 404) },
  });
  const updateRoute = createRoute({
    ...base,
    method: "patch",
    path: "/{id}",
    summary: "修改显示名、所属单位",
    middleware: write("user.update"),
    request: { params: IdParam, body: jsonBody(UpdateUserBody) },
    responses: { 200: json(UserResponse, "已修改"), ...errors(400, 401, 403, 404, 415) },
  });
  const disableRoute = action("/{id}/disable", "停用账户（立即结束其会话）", "user.disable");
  const enableRoute = action("/{id}/enable", "启用账户", "user.enable");
  const unlockRoute = action("/{id}/unlock", "解除登录锁定", "user.unlock");
  const resetRoute = createRoute({
    ...base,
    method: "post",
    path: "/{id}/reset-password",
    summary: "重置密码（返回一次性密码，结束其会话）",
    middleware: write("user.reset_password"),
    request: { params: IdParam },
    responses: { 200: json(UserWithPasswordResponse, "已重置"), ...errors(400, 401, 403, 404) },
  });
  const roleRoute = createRoute({
    ...base,
    method: "post",
    path: "/{id}/role",
    summary: "设置角色（安全管理员）",
    middleware: write("user.set_role"),
    request: { params: IdParam, body: jsonBody(SetRoleBody) },
    responses: { 200: json(UserResponse, "已设置"), ...errors(400, 401, 403, 404, 415) },
  });
  const mfaRoute = createRoute({
    ...base,
    method: "post",
    path: "/{id}/mfa",
    summary: "设置是否必须使用动态验证码，或重置其绑定（安全管理员）",
    middleware: write("user.set_mfa"),
    request: { params: IdParam, body: jsonBody(SetMfaBody) },
    responses: { 200: json(UserResponse, "已设置"), ...errors(400, 401, 403, 404, 415) },
  });
  const sessionsRoute = createRoute({
    ...base,
    method: "delete",
    path: "/{id}/sessions",
    summary: "结束该账户的全部会话（安全管理员）",
    middleware: write("user.end_sessions"),
    request: { params: IdParam },
    responses: { 200: json(EndSessionsResponse, "已结束"), ...errors(400, 401, 403, 404) },
  });

  const one = (c: Context<AppEnv>, row: UserRow) => ({
    data: presentUser(row, deps.settings),
    policies: userPolicy.policiesFor(c.var.actor, userSubject(row)),
  });

  return router()
    .openapi(listRoute, async (c) => {
      const ctx = requestContext(c, deps);
      const query = c.req.valid("query");
      const { rows, total } = await listUsers(ctx, query);
      return c.json(
        {
          data: rows.map((r) => presentUser(r, deps.settings)),
          page: { total, limit: query.limit, offset: query.offset },
          policies: userPolicy.policiesFor(ctx.actor),
        },
        200,
      );
    })
    .openapi(createUserRoute, async (c) => {
      const { row, oneTimePassword } = await createUser(requestContext(c, deps), c.req.valid("json"));
      return c.json({ ...one(c, row), oneTimePassword }, 201);
    })
    .openapi(getRoute, async (c) =>
      c.json(one(c, await getUser(requestContext(c, deps), c.req.valid("param").id)), 200),
    )
    .openapi(updateRoute, async (c) => {
      const row = await updateUser(requestContext(c, deps), c.req.valid("param").id, c.req.valid("json"));
      return c.json(one(c, row), 200);
    })
    .openapi(disableRoute, async (c) =>
      c.json(one(c, await disableUser(requestContext(c, deps), c.req.valid("param").id)), 200),
    )
    .openapi(enableRoute, async (c) =>
      c.json(one(c, await enableUser(requestContext(c, deps), c.req.valid("param").id)), 200),
    )
    .openapi(unlockRoute, async (c) =>
      c.json(one(c, await unlockUser(requestContext(c, deps), c.req.valid("param").id)), 200),
    )
    .openapi(resetRoute, async (c) => {
      const { row, oneTimePassword } = await resetPassword(requestContext(c, deps), c.req.valid("param").id);
      return c.json({ ...one(c, row), oneTimePassword }, 200);
    })
    .openapi(roleRoute, async (c) => {
      const row = await setRole(requestContext(c, deps), c.req.valid("param").id, c.req.valid("json"));
      return c.json(one(c, row), 200);
    })
    .openapi(mfaRoute, async (c) => {
      const row = await setMfa(requestContext(c, deps), c.req.valid("param").id, c.req.valid("json"));
      return c.json(one(c, row), 200);
    })
    .openapi(sessionsRoute, async (c) => {
      const ended = await endSessions(requestContext(c, deps), c.req.valid("param").id);
      return c.json({ data: { ended } }, 200);
    });
}
