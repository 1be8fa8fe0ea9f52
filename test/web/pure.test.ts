/**
 * The web app's pure modules, in Node: which menu a role gets, how spans cut the text, the
 * responsibility matrix, which account actions a row offers, and how paths resolve.
 */
import { describe, expect, it } from "vitest";
import { targetPath } from "../../web/src/indicator-path.js";
import { buildMatrix } from "../../web/src/matrix.js";
import { homePath, mayOpen, menuFor, type Capabilities } from "../../web/src/menu.js";
import { matchPath, resolvePage } from "../../web/src/routes.js";
import {
  enclosingEnd,
  outlineTree,
  splitAtSpan,
  unitNameSpan,
  unresolvedNames,
} from "../../web/src/spans.js";
import { userActionsFor } from "../../web/src/user-actions.js";

/** The policies /api/auth/me returns, trimmed to what the menu reads. */
const SUPERVISOR: Capabilities = {
  document: { list: true, read: true, download: true, upload: true },
  task: { list: true, read: true },
  unit: { list: true, read: true, listUnresolved: true },
  user: { list: false },
  region: { list: true, read: true, update: false },
  audit: { list: false, export: false, verify: false },
};
const REPORTER: Capabilities = {
  document: { list: true, read: true, download: true, upload: false },
  task: { list: true, read: true },
  unit: { list: true, read: true, listUnresolved: false },
  user: { list: false },
  region: { list: true, read: true, update: false },
  audit: { list: false },
};
const SYSADMIN: Capabilities = {
  document: { list: false, read: false },
  task: { list: false },
  unit: { list: true, read: true, listUnresolved: false },
  user: {
    list: true,
    read: true,
    create: true,
    update: true,
    disable: true,
    enable: true,
    resetPassword: true,
  },
  region: { list: true, read: true, update: true },
  audit: { list: false },
};
const SECADMIN: Capabilities = {
  user: { list: true, read: true, setRole: true, setMfa: true, unlock: true, endSessions: true },
  unit: { list: true, read: true },
  region: { list: true, read: true, update: false },
};
const AUDITOR: Capabilities = { audit: { list: true, export: true, verify: true }, region: { list: true } };

describe("menu by role", () => {
  it("shows each role only the pages its policies allow", () => {
    expect(menuFor(SUPERVISOR, "supervisor").map((e) => e.label)).toEqual([
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
    ]);
    expect(menuFor(REPORTER).map((e) => e.label)).toEqual([
      "政策文件",
      "任务台账",
      "责任矩阵",
      "进展报送",
      "督办提醒",
      "考核评价",
    ]);
    // Once the server lists the period entity, its `list` decides.
    expect(menuFor({ ...REPORTER, period: { list: false } }).map((e) => e.label)).toEqual([
      "政策文件",
      "任务台账",
      "责任矩阵",
    ]);
    // With the period and evaluation policies of /api/auth/me: a leader reads scores, a department
    // its checklist; only the 督查室 may close periods.
    const LEADER_PERIODS = { list: true, supervise: true, close: false };
    expect(
      menuFor({ ...REPORTER, period: LEADER_PERIODS, evaluation: { read: true } }, "leader")
        .map((e) => e.label)
        .filter((l) => ["督办提醒", "周期管理", "考核评价"].includes(l)),
    ).toEqual(["督办提醒", "考核评价"]);
    expect(
      menuFor(
        { ...REPORTER, period: { list: true, supervise: false, close: false }, evaluation: { read: true } },
        "reporter",
      )
        .map((e) => e.label)
        .filter((l) => ["督办提醒", "周期管理", "考核评价"].includes(l)),
    ).toEqual(["督办提醒", "考核评价"]);
    expect(
      menuFor({ ...SUPERVISOR, period: { list: true, supervise: true, close: true } }, "supervisor")
        .map((e) => e.label)
        .filter((l) => ["督办提醒", "周期管理", "考核评价"].includes(l)),
    ).toEqual(["督办提醒", "周期管理", "考核评价"]);
    expect(mayOpen({ ...REPORTER, period: { list: true, close: false } }, "periods", "reporter")).toBe(false);
    expect(menuFor(SYSADMIN).map((e) => e.label)).toEqual(["用户管理", "责任单位", "地区设置"]);
    expect(menuFor(SECADMIN).map((e) => e.label)).toEqual(["用户管理", "责任单位"]);
    expect(menuFor(AUDITOR).map((e) => e.label)).toEqual(["审计日志"]);
    // 设置 shows to whoever may read the settings (督查室, leaders, the system administrator).
    expect(menuFor({ ...SYSADMIN, settings: { read: true } }).map((e) => e.label)).toEqual([
      "用户管理",
      "责任单位",
      "地区设置",
      "设置",
    ]);
    expect(menuFor({ ...REPORTER, settings: { read: false } }).map((e) => e.label)).not.toContain("设置");
  });

  it("lands each role on its first page and refuses typed URLs the menu hides", () => {
    expect(homePath(SUPERVISOR, "supervisor")).toBe("/dashboard");
    expect(homePath(REPORTER, "reporter")).toBe("/documents");
    expect(homePath(SYSADMIN)).toBe("/admin/users");
    expect(homePath(AUDITOR)).toBe("/audit");
    expect(homePath({})).toBe("/account");
    expect(mayOpen(AUDITOR, "users")).toBe(false);
    expect(mayOpen(AUDITOR, "account")).toBe(true);
    expect(mayOpen(SYSADMIN, "document")).toBe(false);
    expect(mayOpen(REPORTER, "document")).toBe(true);
  });
});

describe("routes", () => {
  it("matches :params, decodes them, and refuses other shapes", () => {
    expect(matchPath("/documents/:id", "/documents/a%20b")).toEqual({ id: "a b" });
    expect(matchPath("/documents/:id", "/documents")).toBeNull();
    expect(matchPath("/documents/:id", "/documents/%E0%A4%A")).toBeNull();
    expect(resolvePage("/admin/users")).toEqual({ page: "users", params: {} });
    expect(resolvePage("/documents/x1")).toEqual({ page: "document", params: { id: "x1" } });
    expect(resolvePage("/nowhere")).toBeNull();
  });
});

describe("spans", () => {
  // "𠮷" is outside the BMP: two UTF-16 code units, so offsets after it are shifted by 2, not 1.
  const text = "一、总体要求\n（一）𠮷祥路改造。（牵头单位：区交通局；配合单位：区财政局）\n二、保障";

  it("cuts the text at UTF-16 offsets, clamped to the text", () => {
    expect(splitAtSpan(text, { start: 10, end: 17 })).toEqual({
      before: "一、总体要求\n（一）",
      marked: "𠮷祥路改造。",
      after: text.slice(17),
    });
    expect(splitAtSpan("abc", { start: 2, end: 99 })).toEqual({ before: "ab", marked: "c", after: "" });
    expect(splitAtSpan("abc", { start: 5, end: 1 })).toEqual({ before: "abc", marked: "", after: "" });
  });

  it("finds a unit's name after its task, inside the paragraph only", () => {
    const task = { start: 10, end: 17 };
    const paragraph = { start: 7, end: 42 };
    expect(enclosingEnd([{ start: 0, end: 48 }, paragraph], task)).toBe(42);
    expect(enclosingEnd([], task)).toBe(17);
    // "（牵头单位：" is 6 code units after the task's end at 17.
    expect(unitNameSpan(text, task, "区交通局", 42)).toEqual({ start: 23, end: 27 });
    expect(text.slice(23, 27)).toBe("区交通局");
    expect(unitNameSpan(text, task, "区财政局", 42)).toEqual({ start: 33, end: 37 });
    expect(unitNameSpan(text, task, "区财政局", 30)).toBeNull();
    expect(unitNameSpan(text, task, "区教委", 42)).toBeNull();
  });

  it("nests headings and tables into a tree, skipping paragraphs", () => {
    const tree = outlineTree([
      {
        id: "h1",
        parentId: null,
        seq: 0,
        type: "heading",
        marker: "一、",
        title: "总体要求",
        span: { start: 0, end: 6 },
      },
      {
        id: "p1",
        parentId: "h1",
        seq: 1,
        type: "paragraph",
        marker: null,
        title: null,
        span: { start: 7, end: 42 },
      },
      {
        id: "t1",
        parentId: "p1",
        seq: 2,
        type: "table",
        marker: null,
        title: null,
        span: { start: 8, end: 9 },
      },
      {
        id: "h2",
        parentId: null,
        seq: 3,
        type: "heading",
        marker: "二、",
        title: null,
        span: { start: 43, end: 48 },
      },
    ]);
    expect(tree).toEqual([
      {
        key: "h1",
        title: "一、 总体要求",
        span: { start: 0, end: 6 },
        children: [{ key: "t1", title: "表格", span: { start: 8, end: 9 }, children: [] }],
      },
      { key: "h2", title: "二、", span: { start: 43, end: 48 }, children: [] },
    ]);
  });

  it("counts unresolved unit names by task, most named first", () => {
    const a = (unitName: string, unitId: string | null) => ({
      unitName,
      unitId,
      canonicalName: unitId ? unitName : null,
      role: "lead" as const,
    });
    expect(
      unresolvedNames([
        { assignments: [a("某某中心", null), a("区交通局", "u1"), a("某某中心", null)] },
        { assignments: [a("某某中心", null), a("甲办", null)] },
        { assignments: [] },
      ]),
    ).toEqual([
      { name: "某某中心", tasks: 2 },
      { name: "甲办", tasks: 1 },
    ]);
  });
});

describe("responsibility matrix", () => {
  it("gives each unit one row with its cells and workload, heaviest first", () => {
    const lead = (unitName: string, unitId: string | null) => ({
      unitName,
      unitId,
      canonicalName: unitId ? `${unitName}（规范）` : null,
      role: "lead" as const,
    });
    const co = (unitName: string, unitId: string | null) => ({
      ...lead(unitName, unitId),
      role: "co" as const,
    });
    const rows = buildMatrix([
      { id: "t1", assignments: [lead("交通局", "u1"), co("财政局", "u2")] },
      { id: "t2", assignments: [lead("教委", "u3"), co("财政局", "u2"), co("某中心", null)] },
      // Named as co and as lead in one task: counts once, as lead.
      { id: "t3", assignments: [co("财政局", "u2"), lead("财政局", "u2")] },
    ]);
    expect(rows).toEqual([
      {
        key: "u2",
        name: "财政局（规范）",
        resolved: true,
        lead: 1,
        co: 2,
        cells: { t1: "co", t2: "co", t3: "lead" },
      },
      { key: "u1", name: "交通局（规范）", resolved: true, lead: 1, co: 0, cells: { t1: "lead" } },
      { key: "u3", name: "教委（规范）", resolved: true, lead: 1, co: 0, cells: { t2: "lead" } },
      { key: "name:某中心", name: "某中心", resolved: false, lead: 0, co: 1, cells: { t2: "co" } },
    ]);
  });
});

describe("indicator target path", () => {
  it("runs straight from the baseline to the target, year by year", () => {
    expect(targetPath({ value: 50, year: 2020 }, { value: 60 }, 2025)).toEqual([
      [2020, 50],
      [2021, 52],
      [2022, 54],
      [2023, 56],
      [2024, 58],
      [2025, 60],
    ]);
    // No baseline year: five years before the target year, as the server counts.
    expect(targetPath({ value: 10 }, { value: 7 }, 2025)).toEqual([
      [2020, 10],
      [2021, 9.4],
      [2022, 8.8],
      [2023, 8.2],
      [2024, 7.6],
      [2025, 7],
    ]);
  });

  it("has no path without numbers or with the target before the baseline", () => {
    expect(targetPath({ raw: "显著提升" }, { value: 60 }, 2025)).toBeNull();
    expect(targetPath({ value: 50, year: 2020 }, { raw: "稳步提高" }, 2025)).toBeNull();
    expect(targetPath({ value: 50, year: 2026 }, { value: 60 }, 2025)).toBeNull();
    expect(targetPath({ value: 50, year: 2020 }, { value: 60 }, null)).toBeNull();
  });
});

describe("account actions per row", () => {
  const reporter = { id: "r1", role: "reporter" as const, disabled: false };
  const admin = { id: "a1", role: "security_admin" as const, disabled: false };

  it("the system administrator keeps ledger accounts but never an administrator's or its own", () => {
    expect(userActionsFor(SYSADMIN, "me", reporter)).toEqual(["update", "disable", "resetPassword"]);
    expect(userActionsFor(SYSADMIN, "me", { ...reporter, disabled: true })).toEqual([
      "update",
      "enable",
      "resetPassword",
    ]);
    expect(userActionsFor(SYSADMIN, "me", admin)).toEqual([]);
    expect(userActionsFor(SYSADMIN, "r1", reporter)).toEqual([]);
  });

  it("the security administrator sets roles, MFA, locks and sessions, on anyone but itself", () => {
    expect(userActionsFor(SECADMIN, "me", admin)).toEqual(["setRole", "setMfa", "unlock", "endSessions"]);
    expect(userActionsFor(SECADMIN, "a1", admin)).toEqual([]);
    expect(userActionsFor(AUDITOR, "me", reporter)).toEqual([]);
  });
});
