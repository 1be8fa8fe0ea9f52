/**
 * The supervision pages in Chromium, each as every role that uses it, against the seeded corpus:
 * 周期管理 (close, 补报例外), 督办提醒 (generate; a department sees its own), 考核评价 (weights →
 * scores, the 测评指标 checklist: define, self-evaluate, verify), the document page's diagnostics
 * and citation links, and the Excel exports (任务分工表, 指标监测表, 工作台账 with the import
 * preview). Roles that may not act do not see the controls. Screenshots go to artifacts/screenshots/.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ensureWebBuild,
  launchWatchedBrowser,
  menuItems,
  PASSWORD,
  screenshotsDir,
  signOut,
  startSeededServer,
  type Account,
  type Seeded,
} from "./harness.js";

/** YYYY-MM-DD, `days` from today in Beijing. */
function day(days: number): string {
  const d = new Date(Date.now() + 8 * 3600_000 + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** Every cell of every sheet of a workbook, as text. */
async function cellsOf(bytes: Buffer): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: string[][] = [];
  book.eachSheet((sheet) =>
    sheet.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1);
      rows.push(
        values.map((v) =>
          v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v),
        ),
      );
    }),
  );
  return rows;
}

describe("the supervision pages in Chromium", () => {
  let seeded: Seeded;
  let context: BrowserContext;
  let base: string;
  const dialogs: string[] = [];
  /** The document the reporter has tasks in, and the two periods opened on it. */
  let documentId: string;
  let openPeriod: string;
  let closingPeriod: string;
  let reporterUnitId: string;

  beforeAll(async () => {
    await ensureWebBuild();
    seeded = await startSeededServer();
    base = seeded.server.url;
    context = await launchWatchedBrowser(dialogs);
    // The 督查室 opens two periods on a document of the reporter's unit: one due in five days
    // (reminders are due for it), one already past (to be closed).
    const page = await context.newPage();
    await signInAs(page, seeded.accounts.reporter);
    const own = (await call(page, "GET", "/api/tasks?limit=1")) as {
      data: { documentId: string; assignments: { unitId: string | null; canonicalName: string | null }[] }[];
    };
    documentId = own.data[0]!.documentId;
    reporterUnitId = own.data[0]!.assignments.find(
      (a) => a.canonicalName === seeded.accounts.reporter.unitName,
    )!.unitId!;
    await signOut(page);
    await signInAs(page, seeded.accounts.supervisor);
    const opened = (await call(page, "POST", `/api/documents/${documentId}/periods`, {
      year: Number(day(0).slice(0, 4)),
      periods: [
        {
          kind: "checkpoint",
          label: "测试节点（进行中）",
          start: day(-30),
          end: day(5),
          due: day(5),
          source: "测试",
        },
        {
          kind: "checkpoint",
          label: "测试节点（已到期）",
          start: day(-60),
          end: day(-20),
          due: day(-20),
          source: "测试",
        },
      ],
    })) as { data: { created: { id: string; label: string }[] } };
    openPeriod = opened.data.created.find((p) => p.label === "测试节点（进行中）")!.id;
    closingPeriod = opened.data.created.find((p) => p.label === "测试节点（已到期）")!.id;
    await signOut(page);
    await page.close();
  }, 240_000);
  afterAll(async () => {
    await context?.close();
    await seeded?.close();
  });

  async function call(page: Page, method: string, path: string, body?: unknown): Promise<unknown> {
    const result = (await page.evaluate(
      async ([m, p, b]) => {
        const res = await fetch(p as string, {
          method: m as string,
          ...(b === undefined
            ? {}
            : { headers: { "content-type": "application/json" }, body: JSON.stringify(b) }),
        });
        return { status: res.status, body: (await res.json()) as unknown };
      },
      [method, path, body] as const,
    )) as { status: number; body: unknown };
    if (result.status >= 300)
      throw new Error(`${method} ${path}: ${result.status} ${JSON.stringify(result.body)}`);
    return result.body;
  }

  async function signInAs(page: Page, account: Account): Promise<void> {
    await context.clearCookies();
    await page.goto(`${base}/`);
    await page.getByLabel("用户名").fill(account.username);
    await page.getByLabel("密码").fill(PASSWORD);
    await page.getByLabel("密码").press("Enter");
    await page.getByRole("button", { name: "退出登录" }).waitFor();
  }

  const menu = menuItems;

  async function cleanPage(page: Page): Promise<void> {
    expect(await page.evaluate("window.__csp")).toEqual([]);
    expect(dialogs).toEqual([]);
  }

  /** Clicks `button` and returns the downloaded file's name and bytes. */
  async function download(page: Page, button: string): Promise<{ name: string; bytes: Buffer }> {
    const [file] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: button }).click(),
    ]);
    const path = join(screenshotsDir(), "..", file.suggestedFilename());
    await file.saveAs(path);
    return { name: file.suggestedFilename(), bytes: readFileSync(path) };
  }

  function row(page: Page, text: string) {
    return page.locator(".ant-table-row").filter({ hasText: text });
  }

  it("周期管理: the 督查室 closes a period and grants a unit an exception; others do not see the page", async () => {
    const page = await context.newPage();
    await signInAs(page, seeded.accounts.supervisor);
    expect(await menu(page)).toEqual(expect.arrayContaining(["周期管理", "督办提醒", "考核评价"]));
    await page.goto(`${base}/periods?documentId=${documentId}`);
    await row(page, "测试节点（已到期）").waitFor();
    // An open period offers no exception (nothing to except from).
    expect(await row(page, "测试节点（进行中）").getByRole("button", { name: "补报例外" }).count()).toBe(0);
    await row(page, "测试节点（已到期）").getByRole("button", { name: "关闭周期" }).click();
    await page.getByRole("button", { name: /^确\s?定$/ }).click();
    await page.getByText("周期已关闭，已通过的报告已锁定").waitFor();
    await row(page, "测试节点（已到期）").getByText("已关闭").waitFor();
    await row(page, "测试节点（已到期）").getByRole("button", { name: "补报例外" }).click();
    const modal = page.getByRole("dialog");
    await modal.getByLabel("单位").click();
    await page
      .locator(".ant-select-item-option")
      .filter({ hasText: seeded.accounts.reporter.unitName! })
      .first()
      .click();
    await modal.getByRole("button", { name: "开通例外" }).click();
    // The reason is required.
    await modal.getByText("请填写开通例外的事由").waitFor();
    await modal.getByLabel("事由").fill("系统故障未能按时报送，经领导同意补报");
    await page.screenshot({ path: join(screenshotsDir(), "supervisor-periods-exception.png") });
    await modal.getByRole("button", { name: "开通例外" }).click();
    await page
      .getByText(`已为${seeded.accounts.reporter.unitName}开通“测试节点（已到期）”的补报例外`)
      .waitFor();
    const closed = (await call(page, "GET", `/api/periods/${closingPeriod}`)) as { data: { status: string } };
    expect(closed.data.status).toBe("closed");
    await page.screenshot({ path: join(screenshotsDir(), "supervisor-periods.png") });
    await cleanPage(page);
    await signOut(page);

    // The exception is real: the department still saves a report in the closed period.
    await signInAs(page, seeded.accounts.reporter);
    const task = (await call(page, "GET", `/api/tasks?documentId=${documentId}&limit=1`)) as {
      data: { id: string }[];
    };
    const opened = (await call(page, "POST", "/api/reports", {
      periodId: closingPeriod,
      taskId: task.data[0]!.id,
    })) as { data: { id: string; version: number } };
    const saved = (await call(page, "PATCH", `/api/reports/${opened.data.id}`, {
      version: opened.data.version,
      status: "in_progress",
      progress: 30,
      narrative: "补报：已完成前期工作",
      measures: "",
      problems: "",
      nextSteps: "",
      reason: null,
    })) as { data: { narrative: string } };
    expect(saved.data.narrative).toBe("补报：已完成前期工作");
    expect(await menu(page)).not.toContain("周期管理");
    await page.goto(`${base}/periods`);
    await page.getByText("无权访问").waitFor();
    await signOut(page);

    await signInAs(page, seeded.accounts.leader);
    expect(await menu(page)).not.toContain("周期管理");
    await page.goto(`${base}/periods`);
    await page.getByText("无权访问").waitFor();
    await signOut(page);
    await page.close();
  }, 120_000);

  /** Status of a call that may fail (`call` throws on anything but 2xx). */
  async function statusOf(page: Page, method: string, path: string, body?: unknown): Promise<number> {
    return page.evaluate(
      async ([m, p, b]) =>
        (
          await fetch(p as string, {
            method: m as string,
            ...(b === undefined
              ? {}
              : { headers: { "content-type": "application/json" }, body: JSON.stringify(b) }),
          })
        ).status,
      [method, path, body] as const,
    );
  }

  it("周期管理: the 督查室 sees the exception in force and revokes it (confirmed); the department is locked out again", async () => {
    const unit = seeded.accounts.reporter.unitName!;
    const page = await context.newPage();
    await signInAs(page, seeded.accounts.supervisor);
    await page.goto(`${base}/periods?documentId=${documentId}`);
    await row(page, "测试节点（已到期）").locator(".ant-table-row-expand-icon").click();
    const list = page.getByRole("table", { name: "测试节点（已到期）的补报例外" });
    const entry = list.locator("tr").filter({ hasText: unit });
    await entry.getByText("有效").waitFor();
    await entry.getByText("系统故障未能按时报送，经领导同意补报").waitFor();
    await entry.getByText("web-supervisor（测试）").waitFor();
    await page.screenshot({ path: join(screenshotsDir(), "supervisor-periods-exceptions.png") });
    await entry.getByRole("button", { name: /^撤\s?销$/ }).click();
    const confirm = page.locator(".ant-popconfirm");
    await confirm.getByText(`撤销${unit}的补报例外？`).waitFor();
    await confirm.getByRole("button", { name: /^撤\s?销$/ }).click();
    await page.getByText(`已撤销${unit}的补报例外，该单位不能再在本周期报送`).waitFor();
    await entry.getByText("已撤销").waitFor();
    expect(await entry.getByRole("button", { name: /^撤\s?销$/ }).count()).toBe(0);
    // A second revocation (another tab, a retry) changes nothing and says so.
    const again = (await call(
      page,
      "DELETE",
      `/api/periods/${closingPeriod}/exceptions/${reporterUnitId}`,
    )) as {
      data: { changed: boolean };
    };
    expect(again.data.changed).toBe(false);
    await cleanPage(page);
    await signOut(page);

    // The department sees its own exception, revoked, and its saves are locked (423) again.
    await signInAs(page, seeded.accounts.reporter);
    const mine = (await call(page, "GET", `/api/periods/${closingPeriod}/exceptions`)) as {
      data: { unitName: string; inForce: boolean }[];
    };
    expect(mine.data).toEqual([expect.objectContaining({ unitName: unit, inForce: false })]);
    const report = (await call(page, "GET", `/api/periods/${closingPeriod}/expected`)) as {
      data: { expected: { reportId: string | null; version: number | null }[] };
    };
    const opened = report.data.expected.find((e) => e.reportId !== null)!;
    expect(
      await statusOf(page, "PATCH", `/api/reports/${opened.reportId}`, {
        version: opened.version,
        status: "in_progress",
        progress: 40,
        narrative: "撤销后再报",
        measures: "",
        problems: "",
        nextSteps: "",
        reason: null,
      }),
    ).toBe(423);
    await signOut(page);
    await page.close();
  }, 120_000);

  it("督办提醒: the 督查室 generates today's reminders for every unit; a department sees its own; a leader reads", async () => {
    const page = await context.newPage();
    await signInAs(page, seeded.accounts.supervisor);
    await page.goto(`${base}/reminders?periodId=${openPeriod}`);
    await page.getByText("本周期还没有督办提醒").waitFor();
    await page.getByRole("button", { name: "生成今日督办提醒" }).click();
    await page.getByText(/^已生成今日督办提醒 \d+ 条$/).waitFor();
    await page.locator(".ant-table-row").first().waitFor();
    const all = (await call(page, "GET", `/api/reminders?periodId=${openPeriod}`)) as {
      data: { unitId: string }[];
    };
    expect(all.data.length).toBeGreaterThan(0);
    // Due in five days: the 7-day reminder.
    await page.locator(".ant-table-row").first().getByText("距报送截止还有7天").waitFor();
    await page.screenshot({ path: join(screenshotsDir(), "supervisor-reminders.png") });
    // Generating again the same day sends nothing twice.
    await page.getByRole("button", { name: "生成今日督办提醒" }).click();
    await page.getByText(/今天没有需要发出的督办提醒/).waitFor();
    await cleanPage(page);
    await signOut(page);

    await signInAs(page, seeded.accounts.reporter);
    await page.goto(`${base}/reminders?periodId=${openPeriod}`);
    await page.locator(".ant-table-row").first().waitFor();
    const own = all.data.filter((r) => r.unitId === reporterUnitId).length;
    expect(own).toBeGreaterThan(0);
    expect(await page.locator(".ant-table-row").count()).toBe(Math.min(own, 50));
    const units = await page.locator(".ant-table-row td:nth-child(4)").allInnerTexts();
    expect(new Set(units)).toEqual(new Set([seeded.accounts.reporter.unitName]));
    expect(await page.getByRole("button", { name: "生成今日督办提醒" }).count()).toBe(0);
    await page.screenshot({ path: join(screenshotsDir(), "reporter-reminders.png") });
    await cleanPage(page);
    await signOut(page);

    await signInAs(page, seeded.accounts.leader);
    await page.goto(`${base}/reminders?periodId=${openPeriod}`);
    await page.locator(".ant-table-row").first().waitFor();
    expect(await page.getByRole("button", { name: "生成今日督办提醒" }).count()).toBe(0);
    await signOut(page);
    await page.close();
  }, 120_000);

  it("督查首页: the region's rates for the year across documents, for the 督查室 and leaders", async () => {
    const page = await context.newPage();
    for (const account of [seeded.accounts.supervisor, seeded.accounts.leader]) {
      await signInAs(page, account);
      const year = day(5).slice(0, 4);
      await page.goto(`${base}/dashboard?periodId=${openPeriod}`);
      const rates = (await call(page, "GET", `/api/periods/rates?year=${year}`)) as {
        data: { periods: number; total: { expected: number; submitted: number } };
      };
      expect(rates.data.total.expected).toBeGreaterThan(0);
      await expect(page.getByTestId("region-rates-total").innerText()).resolves.toContain(
        `${year} 年截止的 ${rates.data.periods} 个周期`,
      );
      await expect(page.getByTestId("region-rates-total").innerText()).resolves.toContain(
        `应报 ${rates.data.total.expected}`,
      );
      if (account === seeded.accounts.supervisor)
        await page.screenshot({
          path: join(screenshotsDir(), "supervisor-dashboard-region-rates.png"),
          fullPage: true,
        });
      await cleanPage(page);
      await signOut(page);
    }
    await page.close();
  });

  it("我的账户: a department sets the e-mail its reminders go to, and a wrong address is refused", async () => {
    const page = await context.newPage();
    await signInAs(page, seeded.accounts.reporter);
    await page.goto(`${base}/account`);
    await page.getByLabel("邮箱").fill("not-an-address");
    await page.getByRole("button", { name: "保存邮箱" }).click();
    await page.getByText("邮箱地址格式不正确").waitFor();
    await page.getByLabel("邮箱").fill("duban@example.gov.cn");
    await page.getByRole("button", { name: "保存邮箱" }).click();
    await page.getByText("邮箱已保存：duban@example.gov.cn").waitFor();
    const me = (await call(page, "GET", "/api/auth/me")) as { data: { email: string | null } };
    expect(me.data.email).toBe("duban@example.gov.cn");
    await page.screenshot({ path: join(screenshotsDir(), "reporter-account-email.png") });
    await page.getByLabel("邮箱").fill("");
    await page.getByRole("button", { name: "保存邮箱" }).click();
    await page.getByText("已清除邮箱，今后只接收站内提醒").waitFor();
    const cleared = (await call(page, "GET", "/api/auth/me")) as { data: { email: string | null } };
    expect(cleared.data.email).toBeNull();
    await cleanPage(page);
    await signOut(page);
    await page.close();
  });

  it("考核评价: weights move the scores; the checklist is defined, self-evaluated and verified by the right roles", async () => {
    const page = await context.newPage();
    await signInAs(page, seeded.accounts.supervisor);
    await page.goto(`${base}/evaluation?periodId=${openPeriod}`);
    await page.getByRole("tab", { name: "得分与排名" }).waitFor();
    // Nothing is reported yet: every unit scores on "not returned" alone, 100 × 15 ÷ (40+30+15).
    await expect(page.locator(".ant-table-row").first().locator("td").nth(2).innerText()).resolves.toBe(
      "17.6",
    );
    await page.getByLabel("完成率权重").fill("80");
    await page.getByRole("button", { name: "保存权重" }).click();
    await page.getByText("考核权重已保存，得分与排名已更新").waitFor();
    const scores = (await call(page, "GET", `/api/periods/${openPeriod}/scores`)) as {
      data: { weights: { completion: number } };
    };
    expect(scores.data.weights.completion).toBe(80);
    // The ranking reloads under the new weights: 100 × 15 ÷ (80+30+15).
    await page.locator(".ant-table-row").first().locator("td").nth(2).getByText("12.0").waitFor();
    await page.screenshot({ path: join(screenshotsDir(), "supervisor-evaluation-scores.png") });

    await page.getByRole("tab", { name: "测评指标" }).click();
    await page.getByText("还没有测评指标，请在上方新增").waitFor();
    await page.getByLabel("测评项目").fill("按时报送重点任务进展");
    await page.getByLabel("分值").fill("10");
    await page.getByText("需提供佐证").click();
    await page.getByRole("button", { name: /新\s?增$/ }).click();
    await page.getByText("已新增测评指标").waitFor();
    await row(page, "按时报送重点任务进展").getByText("需佐证").waitFor();
    await page.screenshot({ path: join(screenshotsDir(), "supervisor-evaluation-checklist.png") });
    await cleanPage(page);
    await signOut(page);

    // The department: no scores tab, no add form; it fills in its self-evaluation.
    await signInAs(page, seeded.accounts.reporter);
    await page.goto(`${base}/evaluation?periodId=${openPeriod}`);
    await row(page, "按时报送重点任务进展").waitFor();
    expect(await page.getByRole("tab", { name: "得分与排名" }).count()).toBe(0);
    expect(await page.getByText("新增测评指标").count()).toBe(0);
    await row(page, "按时报送重点任务进展").getByRole("button", { name: "填写自评" }).click();
    const modal = page.getByRole("dialog");
    await modal.getByLabel("自评得分").fill("8");
    await modal.getByLabel("自评说明").fill("各项任务均按时报送");
    await modal.getByLabel(/佐证说明/).fill("见报送记录截图");
    await modal.locator('input[type="file"]').setInputFiles({
      name: "报送记录说明.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("各期进展均在截止日前报送。", "utf8"),
    });
    await page.getByText("已上传佐证材料 报送记录说明.txt").waitFor();
    await modal.getByRole("link", { name: "报送记录说明.txt" }).waitFor();
    await page.screenshot({ path: join(screenshotsDir(), "reporter-self-evaluation.png") });
    await modal.getByRole("button", { name: "保存自评" }).click();
    await page.getByText("自评已保存").waitFor();
    await row(page, "按时报送重点任务进展").getByText("8 分").waitFor();
    await cleanPage(page);
    await signOut(page);

    // The 督查室 verifies it.
    await signInAs(page, seeded.accounts.supervisor);
    await page.goto(`${base}/evaluation?periodId=${openPeriod}`);
    await page.getByRole("tab", { name: "测评指标" }).click();
    await page.getByRole("button", { name: /^核\s?定$/ }).click();
    const verify = page.getByRole("dialog");
    await verify.getByLabel("核定得分").fill("7");
    await verify.getByLabel("核定意见").fill("有 1 次逾期，扣 1 分");
    await verify.getByRole("button", { name: "确认核定" }).click();
    await page.getByText(`已核定 ${seeded.accounts.reporter.unitName} 的得分`).waitFor();
    await page.getByTestId("evaluation-1").getByText("7 分").waitFor();
    await page.getByTestId("evaluation-1").getByRole("link", { name: "报送记录说明.txt" }).waitFor();
    await page.screenshot({ path: join(screenshotsDir(), "supervisor-evaluation-verified.png") });
    await signOut(page);

    // A leader reads the weights and the checklist, and can change neither.
    await signInAs(page, seeded.accounts.leader);
    await page.goto(`${base}/evaluation?periodId=${openPeriod}`);
    await expect(page.getByTestId("weights-readonly").innerText()).resolves.toContain("完成率 80");
    expect(await page.getByRole("button", { name: "保存权重" }).count()).toBe(0);
    await page.getByRole("tab", { name: "测评指标" }).click();
    await page.getByTestId("evaluation-1").getByText("7 分").waitFor();
    expect(await page.getByRole("button", { name: /核\s?定/ }).count()).toBe(0);
    expect(await page.getByText("新增测评指标").count()).toBe(0);
    await cleanPage(page);
    await signOut(page);
    await page.close();
  }, 180_000);

  it("the document page marks a diagnostic's span, links citations both ways and exports the 任务分工表", async () => {
    const page = await context.newPage();
    await signInAs(page, seeded.accounts.supervisor);
    // A corpus document with a 文号 and a plain title, cited as 《title》（文号） by a document
    // whose own title does not contain it (a title naming 《X》 is X's own notice, not a citation).
    const list = (await call(page, "GET", "/api/documents?limit=100")) as {
      data: { id: string; title: string | null; docNumber: string | null }[];
    };
    const target = list.data.find((d) => d.docNumber && d.title && !/[《》]/.test(d.title))!;
    const citedId = target.id;
    const cited = { data: { title: target.title!, docNumber: target.docNumber } };
    const text = [
      "关于做好民族地区重点工作的实施意见",
      "某区办发〔2026〕99号",
      `根据《${cited.data.title}》${cited.data.docNumber ? `（${cited.data.docNumber}）` : ""}，结合实际，制定本方案。`,
      "一、重点任务",
      "（一）完善道路网络。新建城区支路五条。（责任单位：区交通局、区财政局、区交通局）",
      "",
    ].join("\n");
    const uploaded = (await page.evaluate(async (body) => {
      const form = new FormData();
      form.append("file", new File([body], "实施方案.txt", { type: "text/plain" }));
      const res = await fetch("/api/documents", { method: "POST", body: form });
      return (await res.json()) as { data: { id: string } };
    }, text)) as { data: { id: string } };
    const id = uploaded.data.id;
    const detail = (await call(page, "GET", `/api/documents/${id}`)) as {
      data: {
        text: string;
        diagnostics: { id: string; code: string; span: { start: number; end: number } | null }[];
        citations: {
          cites: { id: string; span: { start: number; end: number }; document: { id: string } | null }[];
        };
      };
    };
    const duplicate = detail.data.diagnostics.find((d) => d.code === "duplicate-unit")!;
    expect(duplicate.span).not.toBeNull();
    const citation = detail.data.citations.cites.find((c) => c.document?.id === citedId)!;
    expect(citation).toBeDefined();

    await page.goto(`${base}/documents/${id}`);
    await page.getByRole("tab", { name: /^诊断（\d+）$/ }).click();
    await page.locator(`[data-key="diagnostic:${duplicate.id}"]`).click();
    const mark = page.locator('[data-testid="source-text"] mark');
    await expect(mark.innerText()).resolves.toBe(
      detail.data.text.slice(duplicate.span!.start, duplicate.span!.end),
    );
    await expect(mark.innerText()).resolves.toBe("区交通局");
    await page.screenshot({ path: join(screenshotsDir(), "supervisor-document-diagnostics.png") });
    // Keyboard: Enter on a focused item marks it too.
    await page.getByRole("tab", { name: /^引用（\d+）$/ }).click();
    await page.locator(`[data-key="citation:${citation.id}"]`).focus();
    await page.keyboard.press("Enter");
    await expect(mark.innerText()).resolves.toBe(
      detail.data.text.slice(citation.span.start, citation.span.end),
    );
    await page.screenshot({ path: join(screenshotsDir(), "supervisor-document-citations.png") });
    await page.getByRole("link", { name: `打开 ${cited.data.title}` }).click();
    await page.waitForURL(`${base}/documents/${citedId}`);
    await page.getByRole("tab", { name: /^引用（\d+）$/ }).click();
    await page.getByRole("link", { name: "关于做好民族地区重点工作的实施意见" }).waitFor();

    // The 任务分工表 of this document, through the button.
    const table = await download(page, "导出任务分工表");
    expect(table.name).toMatch(/任务分工表\.xlsx$/);
    const cells = (await cellsOf(table.bytes)).flat().join("\n");
    expect(cells).toContain(cited.data.title);
    await cleanPage(page);
    await signOut(page);

    // A leader may export it too; a department may not, and sees no button.
    await signInAs(page, seeded.accounts.leader);
    await page.goto(`${base}/documents/${documentId}`);
    await page.getByRole("button", { name: "导出任务分工表" }).waitFor();
    await signOut(page);
    await signInAs(page, seeded.accounts.reporter);
    await page.goto(`${base}/documents/${documentId}`);
    await page.getByRole("tab", { name: /^引用（\d+）$/ }).click();
    await page.getByRole("link", { name: /下载原件/ }).waitFor();
    expect(await page.getByRole("button", { name: "导出任务分工表" }).count()).toBe(0);
    await signOut(page);
    await page.close();
  }, 120_000);

  it("the 指标监测表 and 工作台账 download through their buttons; a re-imported 台账 is previewed before anything is written", async () => {
    const page = await context.newPage();
    await signInAs(page, seeded.accounts.supervisor);
    await page.goto(`${base}/indicators?periodId=${openPeriod}`);
    const sheet = await download(page, "导出指标监测表");
    expect(sheet.name).toMatch(/指标监测表\.xlsx$/);
    expect((await cellsOf(sheet.bytes)).length).toBeGreaterThan(0);
    // 指标责任单位: the 督查室 names the reporter's unit as lead of the first indicator.
    const unitName = seeded.accounts.reporter.unitName!;
    await page.locator(".ant-table-row").first().click();
    const drawer = page.getByRole("dialog");
    await drawer.getByTestId("indicator-units").waitFor();
    await drawer.getByLabel("牵头单位").click();
    await drawer.getByLabel("牵头单位").fill(unitName);
    await page.locator(".ant-select-item-option").filter({ hasText: unitName }).first().click();
    await page.keyboard.press("Escape");
    await drawer.getByRole("button", { name: "保存责任单位" }).click();
    await page.getByText("已保存指标责任单位").waitFor();
    await drawer.getByTestId("indicator-units").getByText(`牵头：${unitName}`).waitFor();
    const indicators = (await call(page, "GET", `/api/periods/${openPeriod}/indicators`)) as {
      data: { indicators: { id: string; name: string }[] };
    };
    const firstName = await page.locator(".ant-table-row").first().locator("td").first().innerText();
    const first =
      indicators.data.indicators.find((i) => firstName.includes(i.name)) ?? indicators.data.indicators[0]!;
    const assigned = (await call(page, "GET", `/api/indicators/${first.id}/units`)) as {
      data: { units: { unitName: string; role: string }[] };
    };
    expect(assigned.data.units).toEqual([expect.objectContaining({ unitName, role: "lead" })]);
    await page.screenshot({ path: join(screenshotsDir(), "supervisor-indicator-units.png") });

    await page.goto(`${base}/reporting?periodId=${openPeriod}`);
    await page.locator(".ant-table-row").first().waitFor();
    const ledger = await download(page, "导出工作台账");
    expect(ledger.name).toMatch(/工作台账.*\.xlsx$/);
    const rows = await cellsOf(ledger.bytes);
    expect(rows.some((r) => r.includes("工作进展") && r.includes("存在问题"))).toBe(true);
    // Re-import it: a dry run first, shown row by row; cancelling writes nothing.
    const before = (await call(page, "GET", `/api/reports?periodId=${openPeriod}`)) as { data: unknown[] };
    await page.locator('input[type="file"]').setInputFiles({
      name: ledger.name,
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: ledger.bytes,
    });
    const preview = page.getByRole("dialog");
    await preview.getByText(/^这是预检结果，尚未写入。共 \d+ 行/).waitFor();
    expect(await preview.locator(".ant-table-row").count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(screenshotsDir(), "supervisor-ledger-import-preview.png") });
    await preview.getByRole("button", { name: /^取\s?消$/ }).click();
    const after = (await call(page, "GET", `/api/reports?periodId=${openPeriod}`)) as { data: unknown[] };
    expect(after.data.length).toBe(before.data.length);
    await cleanPage(page);
    await signOut(page);

    // A department sees neither export nor import; a leader exports but does not import.
    await signInAs(page, seeded.accounts.reporter);
    await page.goto(`${base}/reporting?periodId=${openPeriod}`);
    await page.locator(".ant-table-row").first().waitFor();
    expect(await page.getByRole("button", { name: "导出工作台账" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "导入台账" }).count()).toBe(0);
    await signOut(page);
    await signInAs(page, seeded.accounts.leader);
    await page.goto(`${base}/reporting?periodId=${openPeriod}`);
    await page.getByRole("button", { name: "导出工作台账" }).waitFor();
    expect(await page.getByRole("button", { name: "导入台账" }).count()).toBe(0);
    // The leader reads the indicator's responsible units and cannot change them.
    await page.goto(`${base}/indicators?periodId=${openPeriod}`);
    await page.locator(".ant-table-row").first().click();
    await page.getByRole("dialog").getByTestId("indicator-units").getByText(`牵头：${unitName}`).waitFor();
    expect(await page.getByRole("button", { name: "保存责任单位" }).count()).toBe(0);
    // Escape closes the drawer (keyboard).
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "hidden" });
    await signOut(page);
    await page.close();
  }, 120_000);
  it("进展报送: rows are reached with Tab and opened with Enter or Space", async () => {
    const page = await context.newPage();
    await signInAs(page, seeded.accounts.reporter);
    await page.goto(`${base}/reporting`);
    const first = page.locator(".ant-table-row").first();
    await first.waitFor();
    const label = (await first.getAttribute("aria-label"))!;
    expect(label).toMatch(/^打开报告：/);
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = (await page.evaluate("document.activeElement?.getAttribute('aria-label')")) === label;
    }
    expect(reached).toBe(true);
    await page.screenshot({ path: join(screenshotsDir(), "reporter-reporting-keyboard.png") });
    await page.keyboard.press("Enter");
    const drawer = page.getByRole("dialog");
    await drawer.getByLabel("工作进展").waitFor();
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "hidden" });
    await first.focus();
    await page.keyboard.press(" ");
    await page.getByRole("dialog").getByLabel("工作进展").waitFor();
    await page.keyboard.press("Escape");
    // Not cleanPage: the report drawer's opening motion sets one inline style attribute, which the
    // CSP blocks (harmlessly) however the drawer is opened; docs/web.md, known gaps.
    expect(dialogs).toEqual([]);
    await signOut(page);
    await page.close();
  }, 120_000);

  it("设置: the 督查室 edits the yellow threshold and reminder schedule; leaders read; the system administrator sees server facts", async () => {
    const page = await context.newPage();
    await signInAs(page, seeded.accounts.supervisor);
    expect(await menu(page)).toContain("设置");
    await page.goto(`${base}/settings`);
    await page.getByText("督查设置").waitFor();
    expect(await page.getByLabel("黄灯提前天数").inputValue()).toBe("7");
    expect(await page.getByLabel("督办提醒时间").inputValue()).toBe("-21, -7, -1, 1");
    expect(await page.getByTestId("offset-preview").innerText()).toMatch(
      /截止前21天\s*截止前7天\s*截止前1天\s*逾期1天/,
    );
    expect(await page.getByText("服务器参数").count()).toBe(0);
    await page.getByLabel("督办提醒时间").fill("-40, 0");
    await page.getByRole("button", { name: "保存设置" }).click();
    await page.getByText("提醒时间须在截止前30天到逾期90天之间（-30 到 90）").waitFor();
    await page.getByLabel("黄灯提前天数").fill("14");
    await page.getByLabel("督办提醒时间").fill("3，-10, 0");
    await page.getByRole("button", { name: "保存设置" }).click();
    await page.getByText("督查设置已保存").waitFor();
    expect(await page.getByLabel("督办提醒时间").inputValue()).toBe("-10, 0, 3");
    expect(await page.getByTestId("offset-preview").innerText()).toMatch(/截止前10天\s*截止当天\s*逾期3天/);
    const saved = (await call(page, "GET", "/api/settings")) as {
      data: { supervision: { yellowDays: number; reminderOffsets: number[] } };
    };
    expect(saved.data.supervision).toMatchObject({ yellowDays: 14, reminderOffsets: [-10, 0, 3] });
    await page.screenshot({ path: join(screenshotsDir(), "supervisor-settings.png") });
    await cleanPage(page);
    await signOut(page);

    await signInAs(page, seeded.accounts.leader);
    await page.goto(`${base}/settings`);
    await page.getByText("督查设置").waitFor();
    expect(await page.getByLabel("黄灯提前天数").inputValue()).toBe("14");
    expect(await page.getByLabel("黄灯提前天数").isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: "保存设置" }).count()).toBe(0);
    await signOut(page);

    await signInAs(page, seeded.accounts.reporter);
    expect(await menu(page)).not.toContain("设置");
    await page.goto(`${base}/settings`);
    await page.getByText("无权访问").waitFor();
    await signOut(page);

    await signInAs(page, seeded.accounts.sysadmin);
    expect(await menu(page)).toContain("设置");
    await page.goto(`${base}/settings`);
    await page.getByText("服务器参数").waitFor();
    await page.getByText("上传文件大小上限").waitFor();
    await page.getByText("未配置，督办提醒仅站内送达").waitFor();
    expect(await page.getByRole("button", { name: "保存设置" }).count()).toBe(0);
    const body = await page.locator(".ant-layout-content").innerText();
    expect(body).not.toMatch(/smtp:\/\/|密码|密钥/);
    await page.screenshot({ path: join(screenshotsDir(), "sysadmin-settings.png") });
    await signOut(page);

    // Back to the defaults, for whatever runs after.
    await signInAs(page, seeded.accounts.supervisor);
    await call(page, "PUT", "/api/settings", { yellowDays: 7, reminderOffsets: [-21, -7, -1, 1] });
    await signOut(page);
    await page.close();
  }, 120_000);
});
