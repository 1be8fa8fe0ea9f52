/**
 * Measures the initial page load on a region with 10,000 tasks (20 generated documents × 500
 * tasks, each with a lead and two co units), in Chromium against a real server on PGlite:
 * navigation start → the first table row, with a cold and a warm browser cache. Not part of
 * `npm test` (the import takes a minute); run it with
 *
 *   npx tsx test/web/measure-load.ts
 *
 * and copy the figures from artifacts/web-load-10k.json into docs/web.md. With `--profile` it also
 * records, for one warm load of each page, the resource timings, long tasks and a CPU profile
 * (self time by script URL) into artifacts/web-load-profile.json — where the time goes.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { CDPSession, Page } from "playwright-core";
import { importDocument } from "../../src/import/index.js";
import { hashPassword } from "../../src/server/auth/passwords.js";
import { resolveSettings, startServer } from "../../src/server/index.js";
import { normalizeUsername } from "../../src/server/services/accounts.js";
import { openStore } from "../../src/store/index.js";
import { ARTIFACTS, ensureWebBuild, launchBrowser, PASSWORD } from "./harness.js";

const DOCUMENTS = 20;
const TASKS_PER_DOCUMENT = 500;
const RUNS = Number(process.env.LUOSHI_LOAD_RUNS ?? 5);
const UNITS = [
  "发展改革委",
  "财政局",
  "交通局",
  "教委",
  "卫生健康委",
  "生态环境局",
  "农业农村局",
  "商务局",
  "民政局",
  "水务局",
];
const WORDS = ["道路", "教育", "医疗", "产业", "生态", "乡村", "就业", "养老", "水利", "文化"];

function documentText(i: number): string {
  const lines = [`关于印发第${i + 1}号重点工作落实方案的通知`, `某府办发〔2026〕${i + 1}号`, "一、重点任务"];
  for (let k = 0; k < TASKS_PER_DOCUMENT; k++) {
    const unit = (n: number) => UNITS[(i * 7 + k * 3 + n) % UNITS.length]!;
    lines.push(
      `（${k + 1}）推进${WORDS[(i + k) % WORDS.length]}领域第${i + 1}-${k + 1}项工作。（牵头单位：区${unit(0)}；配合单位：区${unit(1)}、区${unit(2)}）`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Records in the page, with a MutationObserver installed before any script runs, the moment the
 * first table row (`.ant-table-row`, the selector of every measured page) enters the DOM.
 */
const FIRST_ROW_OBSERVER = `(() => {
  const selector = ".ant-table-row";
  const observer = new MutationObserver(() => {
    if (window.__luoshiFirstRow === undefined && document.querySelector(selector)) {
      window.__luoshiFirstRow = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

/**
 * One load: `inPage` is navigation start → the first row in the DOM, recorded by the page itself;
 * `polled` is the older figure — navigation start → when Playwright saw the row and asked the page
 * for the time, which also counts whatever script ran in between (the streamed batches).
 */
async function firstRow(
  page: Page,
  url: string,
  selector: string,
): Promise<{ inPage: number; polled: number }> {
  await page.goto(url);
  await page.locator(selector).first().waitFor({ timeout: 60_000 });
  const polled = (await page.evaluate("performance.now()")) as number;
  const inPage = (await page.evaluate("window.__luoshiFirstRow")) as number;
  return { inPage, polled };
}

async function firstRowMs(page: Page, url: string, selector: string): Promise<number> {
  return (await firstRow(page, url, selector)).polled;
}

/** One warm load with resource timings, long tasks and a sampled CPU profile summed by script. */
async function profileLoad(page: Page, cdp: CDPSession, url: string, selector: string) {
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  await page.goto(url);
  await page.locator(selector).first().waitFor({ timeout: 60_000 });
  const firstRowMs = (await page.evaluate("window.__luoshiFirstRow")) as number;
  const { profile } = (await cdp.send("Profiler.stop")) as unknown as {
    profile: {
      nodes: { id: number; callFrame: { url: string; functionName: string } }[];
      samples: number[];
      timeDeltas: number[];
    };
  };
  const byNode = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const byUrl = new Map<string, number>();
  const byFunction = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byNode.get(id);
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const file = frame?.url ? frame.url.replace(/^.*\//, "") : `(${frame?.functionName || "native"})`;
    byUrl.set(file, (byUrl.get(file) ?? 0) + ms);
    const fn = `${frame?.functionName || "(anonymous)"} ${file}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
  });
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => [k, Math.round(v)] as const);
  const timings = (await page.evaluate(`JSON.parse(JSON.stringify({
    nav: performance.getEntriesByType("navigation")[0],
    resources: performance.getEntriesByType("resource").map((r) => ({
      name: r.name.replace(location.origin, ""), start: Math.round(r.startTime),
      end: Math.round(r.responseEnd), bytes: r.transferSize })),
    paints: performance.getEntriesByType("paint").map((p) => ({ name: p.name, at: Math.round(p.startTime) })),
  }))`)) as unknown;
  return {
    url,
    firstRowMs,
    selfTimeByScript: top(byUrl, 15),
    selfTimeByFunction: top(byFunction, 25),
    timings,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  await ensureWebBuild();
  const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), "luoshi-load-")), env: {} });
  const settings = resolveSettings({}, {});
  const regionId = "load";
  const started = Date.now();
  for (let i = 0; i < DOCUMENTS; i++) {
    await importDocument(store.db, {
      bytes: new TextEncoder().encode(documentText(i)),
      filename: `load-${i}.txt`,
      regionId,
    });
  }
  console.log(
    `imported ${DOCUMENTS * TASKS_PER_DOCUMENT} tasks in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  const server = await startServer({ store, settings, port: 0, host: "127.0.0.1", regionId });
  await store.db
    .insertInto("users")
    .values({
      region_id: regionId,
      id: randomUUID(),
      username: "load-supervisor",
      username_norm: normalizeUsername("load-supervisor"),
      display_name: "督查室（测量）",
      role: "supervisor",
      unit_id: null,
      password_hash: await hashPassword(PASSWORD, settings.argon2),
      password_changed_at: new Date(),
      must_change_password: false,
      mfa_required: false,
      totp_secret: null,
      totp_pending_secret: null,
      totp_last_step: null,
      disabled_at: null,
      last_login_at: null,
    })
    .execute();
  const context = await launchBrowser();
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByLabel("用户名").fill("load-supervisor");
    await page.getByLabel("密码").fill(PASSWORD);
    await page.getByLabel("密码").press("Enter");
    await page.getByRole("button", { name: "退出登录" }).waitFor();
    const total = (
      (await page.evaluate(`fetch("/api/tasks?limit=1").then((r) => r.json())`)) as {
        page: { total: number };
      }
    ).page.total;
    const cdp = await context.newCDPSession(page);
    const pages = [
      ["/tasks", ".ant-table-row"],
      ["/documents", ".ant-table-row"],
      ["/matrix", ".ant-table-row"],
    ] as const;
    await context.addInitScript(FIRST_ROW_OBSERVER);
    const results: Record<
      string,
      { coldMs: number[]; warmMs: number[]; coldPolledMs: number[]; warmPolledMs: number[] }
    > = {};
    for (const [path, selector] of pages) {
      const cold: number[] = [];
      const warm: number[] = [];
      const coldPolled: number[] = [];
      const warmPolled: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        await cdp.send("Network.clearBrowserCache");
        const c = await firstRow(page, `${server.url}${path}`, selector);
        const w = await firstRow(page, `${server.url}${path}`, selector);
        cold.push(c.inPage);
        coldPolled.push(c.polled);
        warm.push(w.inPage);
        warmPolled.push(w.polled);
      }
      results[path] = { coldMs: cold, warmMs: warm, coldPolledMs: coldPolled, warmPolledMs: warmPolled };
      console.log(
        `${path}: first row in the DOM — cold median ${median(cold).toFixed(0)} ms, warm median ${median(warm).toFixed(0)} ms; ` +
          `polled — cold ${median(coldPolled).toFixed(0)} ms, warm ${median(warmPolled).toFixed(0)} ms`,
      );
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    if (process.argv.includes("--profile")) {
      const profiles = [];
      for (const [path, selector] of pages) {
        await firstRowMs(page, `${server.url}${path}`, selector);
        profiles.push(await profileLoad(page, cdp, `${server.url}${path}`, selector));
      }
      writeFileSync(join(ARTIFACTS, "web-load-profile.json"), JSON.stringify(profiles, null, 2));
      console.log(
        JSON.stringify(
          profiles.map(({ timings: _t, ...p }) => p),
          null,
          1,
        ),
      );
    }
    writeFileSync(
      join(ARTIFACTS, "web-load-10k.json"),
      JSON.stringify(
        {
          tasks: total,
          runs: RUNS,
          webDir: process.env.LUOSHI_WEB_DIR ?? "dist/web",
          loadAverage: loadavg(),
          results,
          at: new Date().toISOString(),
        },
        null,
        2,
      ),
    );
  } finally {
    await context.close();
    await server.close();
    await store.close();
  }
}

await main();
