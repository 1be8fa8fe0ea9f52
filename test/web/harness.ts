/**
 * What the browser tests stand on: the web build (rebuilt with Vite's JS API when web/ changed),
 * a real server on an embedded PGlite store in a temp dir seeded with the corpus and one account
 * per role, and headless Chromium.
 */
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { importDocument } from "../../src/import/index.js";
import { hashPassword } from "../../src/server/auth/passwords.js";
import { newTotpSecret } from "../../src/server/auth/totp.js";
import { resolveSettings, startServer, type RunningServer } from "../../src/server/index.js";
import { normalizeUsername } from "../../src/server/services/accounts.js";
import { listUnits, openStore, type Store, type UserRole } from "../../src/store/index.js";
import { ROOT } from "../store/helpers.js";
import { TEST_ARGON2 } from "../server/helpers.js";

/** Where the build goes and what it is built from. */
export const WEB_DIST = join(ROOT, "dist", "web");
const WEB_SOURCES = [join(ROOT, "web"), join(ROOT, "src", "server", "client.ts")];

/** Where the tests write screenshots and measurements. */
export const ARTIFACTS = join(ROOT, "artifacts");

function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(info.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Builds the web app into dist/web unless the build is newer than every source file. */
export async function ensureWebBuild(): Promise<void> {
  const index = join(WEB_DIST, "index.html");
  if (existsSync(index) && statSync(index).mtimeMs > Math.max(...WEB_SOURCES.map(newestMtime))) return;
  const { build } = await import("vite");
  // Vitest runs with NODE_ENV=test, which would make React's development build the bundle.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ configFile: join(ROOT, "web", "vite.config.ts"), logLevel: "warn" });
  } finally {
    process.env.NODE_ENV = previous;
  }
}

/** Gzip sizes of what the first page load fetches: index.html's script, modulepreloads and stylesheets. */
export function initialBundle(): { files: string[]; gzipBytes: number } {
  const html = readFileSync(join(WEB_DIST, "index.html"), "utf8");
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  const gzipBytes = files.reduce(
    (sum, f) => sum + gzipSync(readFileSync(join(WEB_DIST, f)), { level: 9 }).length,
    0,
  );
  return { files, gzipBytes };
}

/** The password of every seeded account. */
export const PASSWORD = "Browser-Test-2026";

/** A seeded account. */
export interface Account {
  username: string;
  role: UserRole;
  unitName: string | null;
  totpSecret: string | null;
}

/** The running server with its seeded accounts. */
export interface Seeded {
  server: RunningServer;
  store: Store;
  accounts: Record<
    "supervisor" | "leader" | "reporter" | "sysadmin" | "secadmin" | "auditor" | "totp",
    Account
  >;
  close(): Promise<void>;
}

/**
 * Starts a server on a fresh PGlite data directory: the corpus imported into region `ra`, the
 * three bootstrap administrators (one-time passwords, TOTP required), and ready-to-use accounts
 * per role. The reporter belongs to the unit that leads the most tasks; `totp` is a leader with a
 * second factor enrolled.
 */
export async function startSeededServer(): Promise<Seeded> {
  const dataDir = mkdtempSync(join(tmpdir(), "luoshi-web-data-"));
  const store = await openStore({ dataDir, env: {} });
  const settings = resolveSettings({ argon2: TEST_ARGON2 }, {});
  const regionId = "ra";
  const corpus = join(ROOT, "examples", "corpus");
  for (const filename of readdirSync(corpus)
    .filter((f) => f.endsWith(".txt"))
    .sort()) {
    await importDocument(store.db, { bytes: readFileSync(join(corpus, filename)), filename, regionId });
  }
  // Started before the accounts are made: the administrators are bootstrapped only into an empty users table.
  const server = await startServer({ store, settings, port: 0, host: "127.0.0.1", regionId });
  const busiest = (await listUnits(store.db, { regionId }))
    .filter((u) => u.kind !== "collective" && u.lead > 0)
    .sort((a, b) => b.lead - a.lead || a.canonicalName.localeCompare(b.canonicalName, "zh-CN"))[0]!;
  const hash = await hashPassword(PASSWORD, settings.argon2);
  const make = async (
    username: string,
    role: UserRole,
    unit: { id: string; name: string } | null = null,
    totpSecret: string | null = null,
  ): Promise<Account> => {
    await store.db
      .insertInto("users")
      .values({
        region_id: regionId,
        id: randomUUID(),
        username,
        username_norm: normalizeUsername(username),
        display_name: `${username}（测试）`,
        role,
        unit_id: unit?.id ?? null,
        password_hash: hash,
        password_changed_at: new Date(),
        must_change_password: false,
        mfa_required: totpSecret !== null,
        totp_secret: totpSecret,
        totp_pending_secret: null,
        totp_last_step: null,
        disabled_at: null,
        last_login_at: null,
      })
      .execute();
    return { username, role, unitName: unit?.name ?? null, totpSecret };
  };
  const accounts = {
    supervisor: await make("web-supervisor", "supervisor"),
    leader: await make("web-leader", "leader"),
    reporter: await make("web-reporter", "reporter", { id: busiest.unitId, name: busiest.canonicalName }),
    sysadmin: await make("web-sysadmin", "system_admin"),
    secadmin: await make("web-secadmin", "security_admin"),
    auditor: await make("web-auditor", "audit_admin"),
    totp: await make("web-totp", "leader", null, newTotpSecret()),
  };
  return {
    server,
    store,
    accounts,
    close: async () => {
      await server.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The Chromium flags of the environment (no network side traffic, no GPU, no sandbox in CI). */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Debian's Chromium with a fresh profile, at 1280×800. */
export async function launchBrowser(): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), "luoshi-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 800 },
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
  // Chromium's helper processes may still be writing into the profile as the context reports
  // closed: retry, and never let a leftover temp directory fail the run.
  context.on("close", () => {
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    } catch {
      // left for the OS's temp clean-up
    }
  });
  return context;
}

/** The screenshots folder, created on demand. */
export function screenshotsDir(): string {
  const dir = join(ARTIFACTS, "screenshots");
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * The main menu's entries. Waits for the first one: the layout (and its 退出登录 button) can
 * render before the menu has the caller's policies.
 */
export async function menuItems(page: Page): Promise<string[]> {
  const items = page.locator('nav[aria-label="主菜单"] li[role="menuitem"]');
  await items.first().waitFor();
  return items.allInnerTexts();
}

/** Records CSP violations in `window.__csp`, installed before any script of the page runs. */
export const CSP_PROBE = `
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push([e.violatedDirective, e.blockedURI, e.sample, e.sourceFile, e.lineNumber, e.columnNumber].join(" "));
});`;

/**
 * A browser whose pages record CSP violations (`window.__csp`) and whose dialogs are dismissed
 * and pushed onto `dialogs`: a script that ran (`alert(1)`) shows up there.
 */
export async function launchWatchedBrowser(dialogs: string[]): Promise<BrowserContext> {
  const context = await launchBrowser();
  await context.addInitScript({ content: CSP_PROBE });
  context.on("page", (page) =>
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    }),
  );
  return context;
}

/** Signs out through the button and waits for the sign-in form. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "退出登录" }).click();
  await page.getByLabel("用户名").waitFor();
}
