/**
 * Demo mode (`luoshi demo`, what `npm start` runs): a region filled with the corpus shipped in the
 * repository and one account per role, so a newcomer can sign in and click through. The accounts
 * have published passwords and are marked `demo`; the server logs them in only in demo mode.
 */
import { randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Kysely } from "kysely";
import { importDocument, IMPORTABLE_EXTENSIONS, type ImportResult } from "../import/index.js";
import { listUnits, loadRegistry, upsertRegion, type Database, type UserRole } from "../store/index.js";
import { appendAudit, auditedTransaction } from "./audit/log.js";
import { hashPassword, passwordProblems } from "./auth/passwords.js";
import type { Clock } from "./clock.js";
import { normalizeUsername } from "./services/accounts.js";
import type { ServerSettings } from "./settings.js";

/** The region the demo lives in. */
export const DEMO_REGION_ID = "demo";

/** The password of every demo account. Published on purpose: demo accounts work only in demo mode. */
export const DEMO_PASSWORD = "Luoshi-demo-2026";

/** A demo account as printed at start. */
export interface DemoAccount {
  username: string;
  displayName: string;
  role: UserRole;
  /** The unit of a department reporter. */
  unitName: string | null;
}

/** What `seedDemo` did. */
export interface DemoSeed {
  accounts: DemoAccount[];
  /** Documents imported at this start (0 once the demo has been seeded). */
  imported: number;
  documents: number;
  tasks: number;
}

const BUSINESS_ACCOUNTS: readonly Omit<DemoAccount, "unitName">[] = [
  { username: "demo-supervisor", displayName: "督查室（演示）", role: "supervisor" },
  { username: "demo-leader", displayName: "区领导（演示）", role: "leader" },
];

const ADMIN_ACCOUNTS: readonly Omit<DemoAccount, "unitName">[] = [
  { username: "demo-sysadmin", displayName: "系统管理员（演示）", role: "system_admin" },
  { username: "demo-secadmin", displayName: "安全管理员（演示）", role: "security_admin" },
  { username: "demo-auditadmin", displayName: "审计管理员（演示）", role: "audit_admin" },
];

/** Department reporters: the units leading the most tasks get an account each. */
const REPORTER_UNITS = 2;

/**
 * Seeds the demo region: imports every document of `corpusDir` (duplicates are skipped, so a
 * second start imports nothing) with one audit row each, then creates the demo accounts that do
 * not exist yet. Idempotent.
 */
export async function seedDemo(
  db: Kysely<Database>,
  options: { corpusDir: string; settings: ServerSettings; clock: Clock },
): Promise<DemoSeed> {
  const regionId = DEMO_REGION_ID;
  await upsertRegion(db, { regionId, name: "演示地区" });
  const imported = await importCorpus(db, regionId, options);
  const units = (await listUnits(db, { regionId }))
    .filter((u) => u.kind !== "collective" && u.lead > 0)
    .sort((a, b) => b.lead - a.lead || a.canonicalName.localeCompare(b.canonicalName, "zh-CN"))
    .slice(0, REPORTER_UNITS);
  const wanted: (DemoAccount & { unitId: string | null })[] = [
    ...BUSINESS_ACCOUNTS.map((a) => ({ ...a, unitName: null, unitId: null })),
    ...units.map((u, i) => ({
      username: `demo-dept${i + 1}`,
      displayName: `${u.canonicalName}（演示）`,
      role: "reporter" as const,
      unitName: u.canonicalName,
      unitId: u.unitId,
    })),
    ...ADMIN_ACCOUNTS.map((a) => ({ ...a, unitName: null, unitId: null })),
  ];
  await createMissingAccounts(db, regionId, wanted, options);
  const accounts = await db
    .selectFrom("users as u")
    .leftJoin("units as n", (j) => j.onRef("n.region_id", "=", "u.region_id").onRef("n.id", "=", "u.unit_id"))
    .select(["u.username", "u.display_name", "u.role", "n.canonical_name"])
    .where("u.region_id", "=", regionId)
    .where("u.demo", "=", true)
    .orderBy("u.username_norm")
    .execute();
  const counts = await db
    .selectFrom("documents")
    .select((eb) => [
      eb.fn.countAll<number>().as("documents"),
      eb
        .selectFrom("tasks")
        .select(eb.fn.countAll<number>().as("n"))
        .where("tasks.region_id", "=", regionId)
        .where("tasks.status", "=", "active")
        .as("tasks"),
    ])
    .where("region_id", "=", regionId)
    .executeTakeFirstOrThrow();
  const order = wanted.map((a) => a.username);
  accounts.sort((a, b) => order.indexOf(a.username) - order.indexOf(b.username));
  return {
    accounts: accounts.map((a) => ({
      username: a.username,
      displayName: a.display_name,
      role: a.role,
      unitName: a.canonical_name,
    })),
    imported,
    documents: Number(counts.documents),
    tasks: Number(counts.tasks ?? 0),
  };
}

async function importCorpus(
  db: Kysely<Database>,
  regionId: string,
  options: { corpusDir: string; clock: Clock },
): Promise<number> {
  const files = (await readdir(options.corpusDir))
    .filter((f) => IMPORTABLE_EXTENSIONS.has(f.slice(f.lastIndexOf(".")).toLowerCase()))
    .filter((f) => f.toLowerCase() !== "readme.md")
    .sort();
  const registry = await loadRegistry(db, regionId);
  let imported = 0;
  for (const filename of files) {
    const bytes = await readFile(join(options.corpusDir, filename));
    const result: ImportResult = await importDocument(
      db,
      { bytes, filename, regionId },
      {
        registry,
        beforeCommit: async (trx, documentId) => {
          await appendAudit(trx, {
            at: options.clock.now(),
            regionId,
            actorId: null,
            actorName: "demo",
            unitId: null,
            ip: null,
            action: "document.import",
            objectType: "document",
            objectId: documentId,
            outcome: "success",
            before: null,
            after: { filename, demo: true },
            detail: null,
            requestId: null,
          });
        },
      },
    );
    if (result.status !== "duplicate") imported++;
  }
  return imported;
}

async function createMissingAccounts(
  db: Kysely<Database>,
  regionId: string,
  wanted: readonly (DemoAccount & { unitId: string | null })[],
  options: { settings: ServerSettings; clock: Clock },
): Promise<void> {
  const existing = new Set(
    (await db.selectFrom("users").select("username_norm").execute()).map((r) => r.username_norm),
  );
  const missing = wanted.filter((a) => !existing.has(normalizeUsername(a.username)));
  if (missing.length === 0) return;
  for (const a of missing) {
    const problems = passwordProblems(DEMO_PASSWORD, a.username, options.settings.password);
    if (problems.length > 0)
      throw new Error(`demo password refused for ${a.username}: ${problems.join("; ")}`);
  }
  const hash = await hashPassword(DEMO_PASSWORD, options.settings.argon2);
  const now = options.clock.now();
  await auditedTransaction(db, async (trx) => {
    for (const a of missing) {
      const id = randomUUID();
      await trx
        .insertInto("users")
        .values({
          region_id: regionId,
          id,
          username: a.username,
          username_norm: normalizeUsername(a.username),
          display_name: a.displayName,
          role: a.role,
          unit_id: a.unitId,
          password_hash: hash,
          password_changed_at: now,
          // A demo is for looking around: no forced change, no second factor.
          must_change_password: false,
          mfa_required: false,
          totp_secret: null,
          totp_pending_secret: null,
          totp_last_step: null,
          disabled_at: null,
          last_login_at: null,
          demo: true,
        })
        .execute();
      await appendAudit(trx, {
        at: now,
        regionId,
        actorId: null,
        actorName: "demo",
        unitId: a.unitId,
        ip: null,
        action: "user.create",
        objectType: "user",
        objectId: id,
        outcome: "success",
        before: null,
        after: { username: a.username, role: a.role, unitId: a.unitId, demo: true },
        detail: null,
        requestId: null,
      });
    }
  });
}
