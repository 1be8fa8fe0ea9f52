import { z } from "@hono/zod-openapi";
import { PageQuery, PageSchema, PoliciesSchema } from "./common.js";
import { RoleSchema } from "./auth.js";

/** Usernames: letters (any script), digits, `.`, `_`, `-`; compared case-insensitively. */
export const UsernameSchema = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[\p{L}\p{N}._-]+$/u, "只能包含字母、数字、点、下划线和连字符");

/**
 * An e-mail address for reminders: one address, at most 254 characters (RFC 5321), no display
 * name and no line breaks, so it can go into a header as it is.
 */
export const EmailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email("邮箱地址格式不正确"))
  .openapi({ type: "string", format: "email", example: "jtj@example.gov.cn" });

/** An account, without anything secret: no hash, no TOTP secret. */
export const UserSchema = z
  .object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    role: RoleSchema,
    regionId: z.string(),
    unitId: z.string().nullable(),
    email: z.string().nullable(),
    disabled: z.boolean(),
    mustChangePassword: z.boolean(),
    mfa: z.object({ required: z.boolean(), enrolled: z.boolean() }),
    lastLoginAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("User");

/** `POST /api/users`: the account gets a one-time password, returned once. */
export const CreateUserBody = z
  .strictObject({
    username: UsernameSchema,
    displayName: z.string().trim().min(1).max(64),
    role: RoleSchema,
    unitId: z.uuid().nullable().optional(),
    email: EmailSchema.nullable().optional(),
  })
  .openapi("CreateUserBody");

/** `PATCH /api/users/{id}`: name, unit and e-mail; role, region and MFA have routes of their own. */
export const UpdateUserBody = z
  .strictObject({
    displayName: z.string().trim().min(1).max(64).optional(),
    unitId: z.uuid().nullable().optional(),
    email: EmailSchema.nullable().optional(),
  })
  .openapi("UpdateUserBody");

/** `POST /api/users/{id}/role`. */
export const SetRoleBody = z
  .strictObject({ role: RoleSchema, unitId: z.uuid().nullable().optional() })
  .openapi("SetRoleBody");

/** `POST /api/users/{id}/mfa`: `null` goes back to the role's default. */
export const SetMfaBody = z
  .strictObject({ required: z.boolean().nullable(), reset: z.boolean().optional() })
  .openapi("SetMfaBody");

/** `GET /api/users` query. */
export const UserListQuery = PageQuery.extend({ role: RoleSchema.optional() });

/** One account in a response, with what the caller may do to it. */
export const UserResponse = z.object({ data: UserSchema, policies: PoliciesSchema });

/** An account with its one-time password (create, reset): shown once, never stored in clear. */
export const UserWithPasswordResponse = z.object({
  data: UserSchema,
  oneTimePassword: z.string(),
  policies: PoliciesSchema,
});

/** `GET /api/users` response. */
export const UserListResponse = z.object({
  data: z.array(UserSchema),
  page: PageSchema,
  policies: PoliciesSchema,
});

/** `DELETE /api/users/{id}/sessions` response. */
export const EndSessionsResponse = z.object({ data: z.object({ ended: z.number().int() }) });
