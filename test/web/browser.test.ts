/**
 * The web app end to end in Debian's Chromium (playwright-core, headless) against a real server
 * on PGlite seeded with the corpus: the build's CSP fitness and bundle budget, sign-in with its
 * lockout, forced password change and TOTP steps, each role's menu and pages, the supervisor's
 * upload and the span highlight, stored markup rendered as text, the audit log, and the initial
 * load time. Screenshots of each page go to artifacts/screenshots/.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totpCode } from "../../src/server/auth/totp.js";
import {
  ARTIFACTS,
  ensureWebBuild,
  initialBundle,
  launchWatchedBrowser,
  menuItems,
  PASSWORD,
  screenshotsDir,
  signOut,
  startSeededServer,
  WEB_DIST,
  type Account,
  type Seeded,
} from "./harness.js";

/** The main bundle budget: gzip bytes of everything index.html loads before the first page chunk. */
const MAIN_BUNDLE_BUDGET_GZIP = 250 * 1024;

/** A stored-XSS probe as a document would carry it. */
const XSS = "<img src=x onerror=alert(1)>";
const XSS_DOC = `关于推进${XSS}工作的通知
某府办发〔2026〕7号
一、重点任务
（一）推进${XSS}道路建设。完成城区道路改造。（牵头单位：区交通局；配合单位：区财政局）
（二）加强教育保障。新建中小学校两所。（牵头单位：区教委）
`;

describe("the web app in Chromium", () => {
  let seeded: Seeded;
  let context: BrowserContext;
  let base: string;
  const dialogs: string[] = [];
  const shots = () => screenshotsDir();

  beforeAll(async () => {
    await ensureWebBuild();
    seeded = await startSeededServer();
    base = seeded.server.url;
    context = await launchWatchedBrowser(dialogs);
  }, 240_000);
  afterAll(async () => {
    await context?.close();
    await seeded?.close();
  });

  async function cspViolations(page: Page): Promise<string[]> {
    return (await page.evaluate("window.__csp")) as string[];
  }

  async function signIn(page: Page, username: string, password: string): Promise<void> {
    // A test that failed half-way may have left a session behind.
    await context.clearCookies();
    await page.goto(`${base}/`);
    await page.getByLabel("用户名").fill(username);
    await page.getByLabel("密码").fill(password);
    await page.getByRole("button", { name: /^登\s?录$/ }).click();
  }

  async function signInAs(page: Page, account: Account): Promise<void> {
    await signIn(page, account.username, PASSWORD);
    await page.getByRole("button", { name: "退出登录" }).waitFor();
  }

  const menu = menuItems;

  it("the build has no inline script and the main bundle stays within its budget", async () => {
    const html = readFileSync(join(WEB_DIST, "index.html"), "utf8");
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBe(1);
    expect(scripts[0]![0]).toMatch(
      /^<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>$/,
    );
    expect(html).not.toMatch(/\son[a-z]+=/i);
    const bundle = initialBundle();
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, "web-bundle.json"), JSON.stringify(bundle, null, 2));
    console.log(
      `main bundle: ${bundle.files.length} files, ${(bundle.gzipBytes / 1024).toFixed(1)} KiB gzip`,
    );
    expect(bundle.files.some((f) => f.includes("WorkloadChart"))).toBe(false);
    expect(bundle.gzipBytes).toBeLessThanOrEqual(MAIN_BUNDLE_BUDGET_GZIP);
  });

  it("serves the page under the CSP with a style nonce, and antd's styles apply under it", async () => {
    const page = await context.newPage();
    const res = await page.goto(`${base}/`);
    const csp = res!.headers()["content-security-policy"]!;
    expect(csp).toMatch(/^default-src 'self'; .*; style-src 'self' 'nonce-[A-Za-z0-9+/=]+'$/);
    expect(csp).not.toContain("unsafe-inline");
    const button = page.getByRole("button", { name: /^登\s?录$/ });
    await button.waitFor();
    // antd's primary colour comes from its CSS-in-JS <style>: it applies only if the nonce worked.
    const color = await page.evaluate(
      'getComputedStyle(document.querySelector("button.ant-btn-primary")).backgroundColor',
    );
    expect(color).toBe("rgb(192, 57, 43)");
    expect(await cspViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots(), "login.png") });
    await page.close();
  });

  it("a wrong password shows the server's message; five failures lock the name with the lock message", async () => {
    const page = await context.newPage();
    await signIn(page, "nobody-at-all", "Wrong-password-1");
    await expect(page.locator(".ant-alert-error").innerText()).resolves.toContain("用户名或密码错误");
    // Again from the keyboard: Enter in the password field submits.
    const attempt = async () => {
      const answered = page.waitForResponse((r) => r.url().endsWith("/api/auth/login"));
      await page.getByLabel("密码").press("Enter");
      return (await answered).status();
    };
    for (let i = 0; i < 4; i++) expect(await attempt()).toBe(401);
    expect(await attempt()).toBe(429);
    await page.getByText(/账户已锁定，请 30 分钟后再试/).waitFor();
    await page.screenshot({ path: join(shots(), "login-locked.png") });
    await page.close();
  });

  it("first sign-in of a bootstrap administrator: one-time password, forced change, TOTP enrolment, then the app", async () => {
    const admin = seeded.server.bootstrap.find((a) => a.username === "sysadmin")!;
    const page = await context.newPage();
    await signIn(page, admin.username, admin.oneTimePassword);
    await page.getByText("首次登录，请修改密码").waitFor();
    await page.screenshot({ path: join(shots(), "forced-password-change.png") });
    await page.getByLabel("一次性密码").fill(admin.oneTimePassword);
    await page.getByLabel("新密码", { exact: true }).fill("Admin-Change-2026");
    await page.getByLabel("确认新密码").fill("Admin-Change-2026");
    await page.getByRole("button", { name: "修改密码" }).click();
    await page.getByText("请启用动态验证码").waitFor();
    await page.getByRole("button", { name: "生成密钥" }).click();
    const secret = (await page.getByTestId("totp-secret").innerText()).trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.screenshot({ path: join(shots(), "totp-enrolment.png") });
    await page.getByPlaceholder("6 位验证码").fill(totpCode(secret, new Date()));
    await page.getByRole("button", { name: "验证并启用" }).click();
    await page.getByRole("button", { name: "退出登录" }).waitFor();
    expect(await menu(page)).toEqual(["用户管理", "责任单位", "地区设置", "设置"]);
    await signOut(page);
    await page.close();
  });

  it("an account with TOTP asks for the code after the password", async () => {
    const page = await context.newPage();
    await signIn(page, seeded.accounts.totp.username, PASSWORD);
    await page.getByLabel("动态验证码").fill(totpCode(seeded.accounts.totp.totpSecret!, new Date()));
    await page.screenshot({ path: join(shots(), "login-totp.png") });
    await page.getByRole("button", { name: "验证并登录" }).click();
    await page.getByRole("button", { name: "退出登录" }).waitFor();
    expect(await menu(page)).toEqual([
      "督查首页",
      "政策文件",
      "任务台账",
      "责任矩阵",
      "进展报送",
      "督办提醒",
      "指标监测",
      "考核评价",
      "设置",
    ]);
    await signOut(page);
    await page.close();
  });

  it("each role signs in to its own menu and pages, rendered without CSP violations", async () => {
    const expected: [keyof Seeded["accounts"], string[]][] = [
      [
        "supervisor",
        [
          "督查首页",
          "政策文件",
          "任务台账",
          "责任矩阵",
          "进展报送",
          "督办提醒",
          "周期管理",
          "指标监测",
          "考核评价",
          "责任单位",
          "设置",
        ],
      ],
      [
        "leader",
        [
          "督查首页",
          "政策文件",
          "任务台账",
          "责任矩阵",
          "进展报送",
          "督办提醒",
          "指标监测",
          "考核评价",
          "设置",
        ],
      ],
      ["reporter", ["政策文件", "任务台账", "责任矩阵", "进展报送", "督办提醒", "考核评价"]],
      ["sysadmin", ["用户管理", "责任单位", "地区设置", "设置"]],
      ["secadmin", ["用户管理", "责任单位"]],
      ["auditor", ["审计日志"]],
    ];
    const page = await context.newPage();
    for (const [role, labels] of expected) {
      await signInAs(page, seeded.accounts[role]);
      expect(await menu(page), role).toEqual(labels);
      for (const label of labels) {
        await page.locator('nav[aria-label="主菜单"]').getByText(label, { exact: true }).click();
        await page.locator(".ant-layout-content h3").first().waitFor();
        // Wait for the data, not the skeleton.
        await page.locator(".ant-table-row, .ant-empty, canvas, .ant-form").first().waitFor();
        await page.waitForLoadState("networkidle");
        await page.screenshot({ path: join(shots(), `${role}-${label}.png`) });
      }
      expect(await cspViolations(page), role).toEqual([]);
      await signOut(page);
    }
    await page.close();
  }, 180_000);

  it("a typed URL the role may not use says so instead of showing the page", async () => {
    const page = await context.newPage();
    await signInAs(page, seeded.accounts.auditor);
    await page.goto(`${base}/admin/users`);
    await page.getByText("无权访问").waitFor();
    await signOut(page);
    await page.close();
  });

  it("the supervisor uploads a document, sees its tasks, and a click marks the exact span; markup stays text", async () => {
    const page = await context.newPage();
    await signInAs(page, seeded.accounts.supervisor);
    await page.goto(`${base}/documents`);
    await page.getByRole("button", { name: "上传文件" }).click();
    await page.locator('input[type="file"]').setInputFiles({
      name: "xss-probe.txt",
      mimeType: "text/plain",
      buffer: Buffer.from(XSS_DOC, "utf8"),
    });
    const result = page.getByTestId("parse-result");
    await result.waitFor();
    await expect(result.innerText()).resolves.toContain("2 项");
    await page.screenshot({ path: join(shots(), "supervisor-upload.png") });
    await result.getByRole("link").click();
    await page.getByTestId("source-text").waitFor();
    const id = new URL(page.url()).pathname.split("/").pop()!;
    await page.getByRole("tab", { name: /任务（2）/ }).click();
    const detail = (await page.evaluate(`fetch("/api/documents/${id}").then((r) => r.json())`)) as {
      data: { text: string; taskList: { id: string; text: string; span: { start: number; end: number } }[] };
    };
    const task = detail.data.taskList[0]!;
    await page.locator(`[data-key="task:${task.id}"]`).click();
    const marked = await page.locator('[data-testid="source-text"] mark').innerText();
    expect(marked).toBe(detail.data.text.slice(task.span.start, task.span.end));
    expect(marked).toBe("完成城区道路改造。");
    // The probe is on the page as characters, and no element came out of it.
    await page.getByText(`推进${XSS}道路建设。`).first().waitFor();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await page.screenshot({ path: join(shots(), "supervisor-document.png") });

    await page.goto(`${base}/tasks?documentId=${id}`);
    await expect(page.getByTestId("task-count").innerText()).resolves.toBe("共 2 项");
    await page.locator(".ant-table-row").first().waitFor();
    expect(await page.locator(".ant-table-row").count()).toBe(2);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await page.screenshot({ path: join(shots(), "supervisor-tasks-uploaded.png") });
    expect(dialogs).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
    await signOut(page);
    await page.close();
  });

  it("the reporter's tasks are only those its unit leads or co-operates on", async () => {
    const page = await context.newPage();
    const reporter = seeded.accounts.reporter;
    await signInAs(page, reporter);
    await page.goto(`${base}/tasks`);
    await page.locator(".ant-table-row").first().waitFor();
    const all = (await page.evaluate(`fetch("/api/tasks?limit=500").then((r) => r.json())`)) as {
      data: { assignments: { canonicalName: string | null }[] }[];
      page: { total: number };
    };
    expect(all.page.total).toBeGreaterThan(0);
    expect(all.data.every((t) => t.assignments.some((a) => a.canonicalName === reporter.unitName))).toBe(
      true,
    );
    await expect(page.getByTestId("task-count").innerText()).resolves.toBe(`共 ${all.page.total} 项`);
    await signOut(page);
    await page.close();
  });

  it("a department files a report, a conflicting save is caught, the supervisor returns it, it is fixed and accepted", async () => {
    const page = await context.newPage();
    const reporter = seeded.accounts.reporter;
    await signInAs(page, reporter);
    const own = (await page.evaluate(`fetch("/api/tasks?limit=1").then((r) => r.json())`)) as {
      data: { documentTitle: string }[];
    };
    const title = own.data[0]!.documentTitle;
    await signOut(page);

    // The 督查室 opens the year's periods of the document (proposed from its text: 每年底报送).
    await signInAs(page, seeded.accounts.supervisor);
    await page.goto(`${base}/reporting`);
    await page.getByLabel("开启周期的文件").fill(title.slice(0, 12));
    await page.getByLabel("开启周期的文件").press("Enter");
    await page.getByLabel("年份").fill("2026");
    await page.getByRole("button", { name: "开启报送周期" }).click();
    await page.getByText("已开启 1 个报送周期").waitFor();
    await signOut(page);

    // The department opens its first report and writes; autosave keeps it.
    await signInAs(page, reporter);
    await page.goto(`${base}/reporting`);
    await page.locator(".ant-table-row").first().click();
    const drawer = page.getByRole("dialog");
    await drawer.getByLabel("工作进展").fill(`已完成调研。${XSS}`);
    await expect(drawer.getByTestId("save-state").innerText()).resolves.toMatch(
      /^(有未保存的修改|正在保存…)$/,
    );
    await drawer.getByText(/^已自动保存/).waitFor();
    // Someone else saves first (the same report, through the API, on the current version) …
    const reportId = (await page.evaluate(
      `fetch("/api/reports").then((r) => r.json()).then((b) => b.data.find((r) => r.narrative.startsWith("已完成调研")).id)`,
    )) as string;
    const theirs = (await page.evaluate(`fetch("/api/reports/${reportId}").then((r) => r.json()).then((b) =>
      fetch("/api/reports/${reportId}", { method: "PATCH", headers: { "content-type": "application/json" },
        body: JSON.stringify({ version: b.data.version, status: "in_progress", progress: 40, narrative: "他人的版本",
          measures: "", problems: "", nextSteps: "", reason: null }) }).then((r) => r.status))`)) as number;
    expect(theirs).toBe(200);
    // … so this form's next autosave is refused and says so.
    await drawer.getByLabel("存在问题").fill("资金缺口");
    await drawer.getByTestId("conflict").waitFor();
    await expect(drawer.getByTestId("conflict").innerText()).resolves.toContain("他人已先保存了这份报告");
    await page.screenshot({ path: join(shots(), "reporter-report-conflict.png") });
    await drawer.getByRole("button", { name: "载入最新版本" }).click();
    await expect(drawer.getByLabel("工作进展").inputValue()).resolves.toBe("他人的版本");
    await drawer.getByLabel("工作进展").fill(`已完成调研。${XSS}`);
    await drawer.getByText(/^已自动保存/).waitFor();
    await page.screenshot({ path: join(shots(), "reporter-report-form.png") });
    await drawer.getByRole("button", { name: /^报\s?送$/ }).click();
    await page.getByText("已报送").first().waitFor();
    await page.getByRole("cell", { name: "待审核" }).first().waitFor();
    await signOut(page);

    // The 督查室 returns it with a comment.
    await signInAs(page, seeded.accounts.supervisor);
    await page.goto(`${base}/reporting`);
    await page.getByRole("button", { name: "待审核（1）" }).click();
    await page.locator(".ant-table-row").first().click();
    await expect(drawer.getByLabel("工作进展").inputValue()).resolves.toBe(`已完成调研。${XSS}`);
    await drawer.getByLabel("审核意见").fill("请补充资金到位数据");
    await page.screenshot({ path: join(shots(), "supervisor-review.png") });
    await drawer.getByRole("button", { name: "退回修改" }).click();
    await page.getByText("已退回").first().waitFor();
    await signOut(page);

    // The department sees why, fixes it and submits again.
    await signInAs(page, reporter);
    await page.goto(`${base}/reporting`);
    await page.getByRole("cell", { name: "已退回" }).first().click();
    await drawer.getByText("请补充资金到位数据").waitFor();
    await drawer.getByLabel("存在问题").fill("资金已到位 120 万元");
    await drawer.locator('input[type="file"]').setInputFiles({
      name: "资金到位证明.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("区财政局拨款通知：120 万元已于 2026 年 11 月拨付。", "utf8"),
    });
    await drawer.getByRole("link", { name: /资金到位证明\.txt/ }).waitFor();
    await drawer.getByText(/^已自动保存/).waitFor();
    await drawer.getByRole("button", { name: /^报\s?送$/ }).click();
    await page.getByRole("cell", { name: "待审核" }).first().waitFor();
    await signOut(page);

    // The 督查室 accepts it.
    await signInAs(page, seeded.accounts.supervisor);
    await page.goto(`${base}/reporting?queue=1`);
    await page.locator(".ant-table-row").first().click();
    await expect(drawer.getByLabel("存在问题").inputValue()).resolves.toBe("资金已到位 120 万元");
    await drawer.getByRole("button", { name: "审核通过" }).click();
    await page.getByText("已审核通过").waitFor();
    // The queue (待审核 only, from the URL) is empty now.
    await page.getByRole("button", { name: "待审核（0）" }).waitFor();
    await page.getByText("没有待审核的报告").waitFor();
    await page.screenshot({ path: join(shots(), "supervisor-review-queue-empty.png") });
    // The dashboard counts the accepted report.
    const periodId =
      new URL(await page.evaluate("location.href")).searchParams.get("periodId") ??
      ((await page.evaluate(
        `fetch("/api/periods").then((r) => r.json()).then((b) => b.data[0].id)`,
      )) as string);
    const rates = (await page.evaluate(`fetch("/api/periods/${periodId}/rates").then((r) => r.json())`)) as {
      data: { total: { submitted: number; expected: number } };
    };
    expect(rates.data.total.submitted).toBe(1);
    await page.goto(`${base}/dashboard?periodId=${periodId}`);
    await page.getByText(`已报 1 / 应报 ${rates.data.total.expected}`).waitFor();
    await page.getByText("考核得分与排名").waitFor();
    await page.screenshot({ path: join(shots(), "supervisor-dashboard.png") });
    await page.goto(`${base}/indicators?periodId=${periodId}`);
    await page.locator(".ant-table-row, .ant-empty").first().waitFor();
    await page.screenshot({ path: join(shots(), "supervisor-indicators.png") });
    // The 工作台账 downloaded through its button carries the accepted report.
    await page.goto(`${base}/reporting?periodId=${periodId}`);
    await page.locator(".ant-table-row").first().waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "导出工作台账" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/工作台账.*\.xlsx$/);
    const ledgerPath = join(ARTIFACTS, download.suggestedFilename());
    await download.saveAs(ledgerPath);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(ledgerPath);
    const sheet = book.worksheets[0]!;
    let header: string[] = [];
    let accepted: string[] | null = null;
    sheet.eachRow((row) => {
      const cells = (row.values as unknown[]).slice(1).map((v) => (v == null ? "" : String(v)));
      if (cells.includes("工作进展") && cells.includes("存在问题")) header = cells;
      else if (header.length && cells[header.indexOf("存在问题")] === "资金已到位 120 万元") accepted = cells;
    });
    expect(accepted).not.toBeNull();
    expect(accepted![header.indexOf("工作进展")]).toBe(`已完成调研。${XSS}`);
    expect(accepted![header.indexOf("责任单位")]).toBe(reporter.unitName);
    // Closing the period locks the accepted report.
    await page.goto(`${base}/reporting?periodId=${periodId}`);
    await page.getByRole("button", { name: "关闭周期" }).click();
    await page.getByRole("button", { name: /^确\s?定$/ }).click();
    await page.getByText("周期已关闭，已通过的报告已锁定").waitFor();
    const report = (await page.evaluate(`fetch("/api/reports/${reportId}").then((r) => r.json())`)) as {
      data: { workflow: string; returnCount: number };
    };
    // Accepted once after one return, and locked by the close.
    expect([report.data.workflow, report.data.returnCount]).toEqual(["locked", 1]);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
    await signOut(page);
    await page.close();
  }, 240_000);

  it("the audit administrator filters the log and checks the chain", async () => {
    const page = await context.newPage();
    await signInAs(page, seeded.accounts.auditor);
    await page.getByRole("button", { name: /校验完整性/ }).click();
    await expect(page.getByTestId("chain-result").innerText()).resolves.toMatch(/^哈希链完整：共 \d+ 条记录/);
    await page.getByPlaceholder("操作，如 login").fill("document.upload");
    await page.getByPlaceholder("操作，如 login").press("Enter");
    await page.getByRole("cell", { name: "document.upload" }).first().waitFor();
    const actions = await page.locator(".ant-table-row td:nth-child(5)").allInnerTexts();
    expect(actions).toEqual(["document.upload"]);
    const csv = await page.request.get(`${base}/api/audit/export?format=csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toMatch(/^text\/csv/);
    await page.screenshot({ path: join(shots(), "auditor-audit-filtered.png") });
    await signOut(page);
    await page.close();
  });

  it("measures the initial load of the tasks page (navigation start → first row)", async () => {
    const page = await context.newPage();
    await signInAs(page, seeded.accounts.supervisor);
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      await page.goto(`${base}/tasks`);
      await page.locator(".ant-table-row").first().waitFor();
      times.push((await page.evaluate("performance.now()")) as number);
    }
    const tasks = (await page.evaluate(`fetch("/api/tasks?limit=1").then((r) => r.json())`)) as {
      page: { total: number };
    };
    const median = [...times].sort((a, b) => a - b)[1]!;
    writeFileSync(
      join(ARTIFACTS, "web-load.json"),
      JSON.stringify({ page: "/tasks", tasks: tasks.page.total, runsMs: times, medianMs: median }, null, 2),
    );
    console.log(
      `tasks page, ${tasks.page.total} tasks: first row after ${median.toFixed(0)} ms (runs ${times.map((t) => t.toFixed(0)).join(", ")})`,
    );
    // The target is 1.5 s; the bound leaves room for a CI machine shared with other jobs.
    expect(median).toBeLessThan(3000);
    await signOut(page);
    await page.close();
  });
});
