import { z } from "@hono/zod-openapi";
import { PoliciesSchema } from "./common.js";

/** Roles, as the API spells them. */
export const RoleSchema = z.enum([
  "system_admin",
  "security_admin",
  "audit_admin",
  "supervisor",
  "reporter",
  "leader",
]);

/** `POST /api/auth/login`. Lengths are capped so nobody can make argon2 hash a megabyte. */
export const LoginBody = z
  .strictObject({
    username: z.string().min(1).max(128),
    password: z.string().min(1).max(1024),
    totp: z.string().max(16).optional(),
  })
  .openapi("LoginBody");

/** `POST /api/auth/password`. */
export const ChangePasswordBody = z
  .strictObject({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(1).max(1024) })
  .openapi("ChangePasswordBody");

/** `PATCH /api/auth/me`: what a user may change about themself — display name, e-mail (null clears it). */
export const UpdateMeBody = z
  .strictObject({
    displayName: z.string().trim().min(1).max(64).optional(),
    email: z.string().trim().max(254).pipe(z.email("邮箱地址格式不正确")).nullable().optional(),
  })
  .refine((b) => b.displayName !== undefined || b.email !== undefined, "请至少修改一项")
  .openapi("UpdateMeBody");

/** `POST /api/auth/totp/verify`. */
export const TotpVerifyBody = z.strictObject({ code: z.string().regex(/^\d{6}$/) }).openapi("TotpVerifyBody");

/** The signed-in user. */
export const MeSchema = z
  .object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    role: RoleSchema,
    regionId: z.string(),
    unitId: z.string().nullable(),
    unitName: z.string().nullable(),
    /** Where e-mail reminders reach the user; null: in-app only. */
    email: z.string().nullable(),
    /** Set when the session may only change the password or enrol TOTP. */
    restriction: z
      .enum(["PASSWORD_CHANGE_REQUIRED", "PASSWORD_EXPIRED", "MFA_ENROLMENT_REQUIRED"])
      .nullable(),
    passwordExpiresAt: z.string().nullable(),
    mfa: z.object({ required: z.boolean(), enrolled: z.boolean() }),
    /** A demo account (`luoshi demo`), usable only while the server runs in demo mode. */
    demo: z.boolean(),
  })
  .openapi("Me");

/** What the role may do, entity by entity, for the UI to hide what it may not. */
export const CapabilitiesSchema = z.record(z.string(), PoliciesSchema).openapi("Capabilities");

/** Response of login and `GET /api/auth/me`. */
export const MeResponse = z.object({ data: MeSchema, policies: CapabilitiesSchema });

/** Response of `POST /api/auth/totp/enrol`: the secret to type or scan (shown once). */
export const TotpEnrolResponse = z.object({ data: z.object({ secret: z.string(), uri: z.string() }) });

/** A plain acknowledgement. */
export const OkResponse = z.object({ data: z.object({ ok: z.literal(true) }) });
