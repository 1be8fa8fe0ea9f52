/**
 * Account administration by the system administrator (accounts of the ledger roles) and the
 * security administrator (roles, MFA, locks, sessions). Every change is audited with before/after;
 * passwords appear in no audit row, one-time passwords are returned once.
 */
import { randomUUID } from "node:crypto";
import type { Transaction } from "kysely";
import type { Database, UserRole } from "../../store/index.js";
import { hashPassword, randomPassword } from "../auth/passwords.js";
import { endUserSessions } from "../auth/sessions.js";
import type { RequestContext } from "../context.js";
import { ApiError, notFound } from "../errors.js";
import { userPolicy, type UserAction, type UserSubject } from "../policies/users.js";
import { normalizeUsername, type UserRow } from "./accounts.js";

/** The policy's view of an account. */
export function userSubject(row: UserRow): UserSubject {
  return { regionId: row.region_id, userId: row.id, role: row.role };
}

/** An account of the actor's region, or 404. */
export async function findUser(ctx: RequestContext, id: string): Promise<UserRow> {
  const row = await ctx.db
    .selectFrom("users")
    .selectAll()
    .where("region_id", "=", ctx.actor.regionId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

/** Loads an account and checks that the actor may do `action` to it. */
async function authorized(ctx: RequestContext, id: string, action: UserAction): Promise<UserRow> {
  userPolicy.authorize(ctx.actor, action);
  const row = await findUser(ctx, id);
  userPolicy.authorize(ctx.actor, action, userSubject(row));
  return row;
}

/** The accounts of the actor's region, by username. */
export async function listUsers(
  ctx: RequestContext,
  query: { limit: number; offset: number; role?: UserRole | undefined },
): Promise<{ rows: UserRow[]; total: number }> {
  userPolicy.authorize(ctx.actor, "list");
  let base = ctx.db.selectFrom("users").where("region_id", "=", ctx.actor.regionId);
  if (query.role) base = base.where("role", "=", query.role);
  const total = await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll()
    .orderBy("username_norm")
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return { rows, total: Number(total.n) };
}

/** One account. */
export async function getUser(ctx: RequestContext, id: string): Promise<UserRow> {
  return authorized(ctx, id, "read");
}

async function checkUnit(ctx: RequestContext, role: UserRole, unitId: string | null): Promise<void> {
  if (role === "reporter" && !unitId) {
    throw new ApiError(400, "VALIDATION_FAILED", "填报人员必须指定所属单位", {
      details: ["unitId: 填报人员必须指定所属单位"],
    });
  }
  if (!unitId) return;
  const unit = await ctx.db
    .selectFrom("units")
    .select("id")
    .where("region_id", "=", ctx.actor.regionId)
    .where("id", "=", unitId)
    .executeTakeFirst();
  if (!unit) throw new ApiError(400, "VALIDATION_FAILED", "单位不存在", { details: ["unitId: 单位不存在"] });
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505";
}

/** Creates an account with a one-time password that must be changed at first login. */
export async function createUser(
  ctx: RequestContext,
  input: {
    username: string;
    displayName: string;
    role: UserRole;
    unitId?: string | null | undefined;
    email?: string | null | undefined;
  },
): Promise<{ row: UserRow; oneTimePassword: string }> {
  const subject: UserSubject = { regionId: ctx.actor.regionId, userId: null, role: input.role };
  userPolicy.authorize(ctx.actor, "create", subject);
  const unitId = input.unitId ?? null;
  await checkUnit(ctx, input.role, unitId);
  const norm = normalizeUsername(input.username);
  const taken = await ctx.db
    .selectFrom("users")
    .select("id")
    .where("username_norm", "=", norm)
    .executeTakeFirst();
  if (taken) throw new ApiError(409, "USERNAME_TAKEN");
  const oneTimePassword = randomPassword();
  const hash = await hashPassword(oneTimePassword, ctx.settings.argon2);
  const now = ctx.clock.now();
  try {
    const row = await ctx.transaction(async (trx) => {
      const created = await trx
        .insertInto("users")
        .values({
          region_id: ctx.actor.regionId,
          id: randomUUID(),
          username: input.username,
          username_norm: norm,
          display_name: input.displayName,
          role: input.role,
          unit_id: unitId,
          email: input.email ?? null,
          password_hash: hash,
          password_changed_at: now,
          must_change_password: true,
          mfa_required: null,
          totp_secret: null,
          totp_pending_secret: null,
          totp_last_step: null,
          disabled_at: null,
          last_login_at: null,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await ctx.audit(trx, {
        objectId: created.id,
        after: {
          username: created.username,
          displayName: created.display_name,
          role: created.role,
          unitId,
          email: created.email,
        },
      });
      return created;
    });
    return { row, oneTimePassword };
  } catch (error) {
    if (isUniqueViolation(error)) throw new ApiError(409, "USERNAME_TAKEN");
    throw error;
  }
}

type UserChange = Partial<
  Pick<UserRow, "display_name" | "unit_id" | "role" | "mfa_required" | "disabled_at" | "email">
> & {
  totp_secret?: null;
  totp_pending_secret?: null;
  totp_last_step?: null;
  must_change_password?: boolean;
  password_hash?: string;
  password_changed_at?: Date;
};

/** Applies a change in one audited transaction; `after` lists what changed. */
async function change(
  ctx: RequestContext,
  row: UserRow,
  set: UserChange,
  audit: { before: unknown; after: unknown; detail?: unknown },
  extra?: (trx: Transaction<Database>) => Promise<unknown>,
): Promise<UserRow> {
  return ctx.transaction(async (trx) => {
    const updated = await trx
      .updateTable("users")
      .set({ ...set, updated_at: ctx.clock.now() })
      .where("region_id", "=", row.region_id)
      .where("id", "=", row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const detail = extra ? await extra(trx) : undefined;
    await ctx.audit(trx, {
      objectId: row.id,
      before: audit.before,
      after: audit.after,
      detail: audit.detail ?? detail ?? null,
    });
    return updated;
  });
}

/** Changes an account's display name, unit or e-mail address (null clears it). */
export async function updateUser(
  ctx: RequestContext,
  id: string,
  input: {
    displayName?: string | undefined;
    unitId?: string | null | undefined;
    email?: string | null | undefined;
  },
): Promise<UserRow> {
  const row = await authorized(ctx, id, "update");
  const set: UserChange = {};
  if (input.displayName !== undefined) set.display_name = input.displayName;
  if (input.unitId !== undefined) {
    await checkUnit(ctx, row.role, input.unitId);
    set.unit_id = input.unitId;
  }
  if (input.email !== undefined) set.email = input.email;
  return change(ctx, row, set, {
    before: { displayName: row.display_name, unitId: row.unit_id, email: row.email },
    after: {
      displayName: set.display_name ?? row.display_name,
      unitId: set.unit_id !== undefined ? set.unit_id : row.unit_id,
      email: set.email !== undefined ? set.email : row.email,
    },
  });
}

/** The signed-in user changes their own display name or e-mail address, in one audited change. */
export async function updateOwnAccount(
  ctx: RequestContext,
  input: { displayName?: string | undefined; email?: string | null | undefined },
): Promise<UserRow> {
  const row = await findUser(ctx, ctx.actor.userId);
  const set: UserChange = {};
  if (input.displayName !== undefined) set.display_name = input.displayName;
  if (input.email !== undefined) set.email = input.email;
  return change(ctx, row, set, {
    before: { displayName: row.display_name, email: row.email },
    after: {
      displayName: set.display_name ?? row.display_name,
      email: set.email !== undefined ? set.email : row.email,
    },
  });
}

/** Disables an account and ends its sessions at once. */
export async function disableUser(ctx: RequestContext, id: string): Promise<UserRow> {
  const row = await authorized(ctx, id, "disable");
  return change(
    ctx,
    row,
    { disabled_at: ctx.clock.now() },
    { before: { disabled: row.disabled_at !== null }, after: { disabled: true } },
    async (trx) => ({
      sessionsEnded: await endUserSessions(trx, row.region_id, row.id),
    }),
  );
}

/** Enables a disabled account. */
export async function enableUser(ctx: RequestContext, id: string): Promise<UserRow> {
  const row = await authorized(ctx, id, "enable");
  return change(
    ctx,
    row,
    { disabled_at: null },
    { before: { disabled: row.disabled_at !== null }, after: { disabled: false } },
  );
}

/** Gives an account a new one-time password and ends its sessions. */
export async function resetPassword(
  ctx: RequestContext,
  id: string,
): Promise<{ row: UserRow; oneTimePassword: string }> {
  const row = await authorized(ctx, id, "resetPassword");
  const oneTimePassword = randomPassword();
  const hash = await hashPassword(oneTimePassword, ctx.settings.argon2);
  const updated = await change(
    ctx,
    row,
    { password_hash: hash, password_changed_at: ctx.clock.now(), must_change_password: true },
    { before: null, after: { mustChangePassword: true } },
    async (trx) => ({ sessionsEnded: await endUserSessions(trx, row.region_id, row.id) }),
  );
  return { row: updated, oneTimePassword };
}

/** Changes an account's role (and unit, which a reporter needs); its sessions end so the new role applies. */
export async function setRole(
  ctx: RequestContext,
  id: string,
  input: { role: UserRole; unitId?: string | null | undefined },
): Promise<UserRow> {
  const row = await authorized(ctx, id, "setRole");
  const unitId = input.unitId !== undefined ? input.unitId : row.unit_id;
  await checkUnit(ctx, input.role, unitId);
  return change(
    ctx,
    row,
    { role: input.role, unit_id: unitId },
    { before: { role: row.role, unitId: row.unit_id }, after: { role: input.role, unitId } },
    async (trx) => ({ sessionsEnded: await endUserSessions(trx, row.region_id, row.id) }),
  );
}

/** Sets whether an account must use TOTP (`null`: the role's default); `reset` forgets its enrolment. */
export async function setMfa(
  ctx: RequestContext,
  id: string,
  input: { required: boolean | null; reset?: boolean | undefined },
): Promise<UserRow> {
  const row = await authorized(ctx, id, "setMfa");
  const set: UserChange = { mfa_required: input.required };
  if (input.reset) Object.assign(set, { totp_secret: null, totp_pending_secret: null, totp_last_step: null });
  return change(ctx, row, set, {
    before: { mfaRequired: row.mfa_required, enrolled: row.totp_secret !== null },
    after: { mfaRequired: input.required, enrolled: input.reset ? false : row.totp_secret !== null },
  });
}

/** Lifts a login lock early. */
export async function unlockUser(ctx: RequestContext, id: string): Promise<UserRow> {
  const row = await authorized(ctx, id, "unlock");
  return change(ctx, row, {}, { before: null, after: { unlocked: true } }, async (trx) => {
    const result = await trx
      .deleteFrom("login_throttle")
      .where("username_norm", "=", row.username_norm)
      .executeTakeFirst();
    return { cleared: Number(result.numDeletedRows) };
  });
}

/** Ends every session of an account; returns how many. */
export async function endSessions(ctx: RequestContext, id: string): Promise<number> {
  const row = await authorized(ctx, id, "endSessions");
  return ctx.transaction(async (trx) => {
    const ended = await endUserSessions(trx, row.region_id, row.id);
    await ctx.audit(trx, { objectId: row.id, detail: { sessionsEnded: ended } });
    return ended;
  });
}
