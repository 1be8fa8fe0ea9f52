/**
 * The navigation a role sees, from the `policies` the server returns at sign-in: an entry shows
 * only when the role may do what the page is for. Pure, so it is tested without a browser.
 */
import { PATHS, type PageKey } from "./routes.js";

/** What the role may do, entity → action → allowed (`policies` of /api/auth/me). */
export type Capabilities = Record<string, Record<string, boolean>>;

/** One menu entry. */
export interface MenuEntry {
  page: PageKey;
  path: string;
  label: string;
  group: "ledger" | "admin";
}

const can = (caps: Capabilities, entity: string, action: string) => caps[entity]?.[action] === true;

const ENTRIES: readonly (MenuEntry & { allowed: (caps: Capabilities, role: string) => boolean })[] = [
  {
    page: "dashboard",
    path: PATHS.dashboard,
    label: "督查首页",
    group: "ledger",
    // Rates and lights are the 督查室's and the leaders' (period `supervise`); a server that does
    // not list the period entity in /api/auth/me falls back to the role.
    allowed: (c, role) =>
      c.period ? can(c, "period", "supervise") : role === "supervisor" || role === "leader",
  },
  {
    page: "documents",
    path: PATHS.documents,
    label: "政策文件",
    group: "ledger",
    allowed: (c) => can(c, "document", "list"),
  },
  {
    page: "tasks",
    path: PATHS.tasks,
    label: "任务台账",
    group: "ledger",
    allowed: (c) => can(c, "task", "list"),
  },
  {
    page: "matrix",
    path: PATHS.matrix,
    label: "责任矩阵",
    group: "ledger",
    allowed: (c) => can(c, "task", "list") && can(c, "document", "list"),
  },
  {
    page: "reporting",
    path: PATHS.reporting,
    label: "进展报送",
    group: "ledger",
    // Without the period entity in /api/auth/me, the ledger roles (who may list tasks) report.
    allowed: (c) => (c.period ? can(c, "period", "list") : can(c, "task", "list")),
  },
  {
    page: "reminders",
    path: PATHS.reminders,
    label: "督办提醒",
    group: "ledger",
    // The 督查室 and leaders see every unit's, a department its own (whoever lists periods).
    allowed: (c) => (c.period ? can(c, "period", "list") : can(c, "task", "list")),
  },
  {
    page: "periods",
    path: PATHS.periods,
    label: "周期管理",
    group: "ledger",
    allowed: (c, role) => (c.period ? can(c, "period", "close") : role === "supervisor"),
  },
  {
    page: "indicators",
    path: PATHS.indicators,
    label: "指标监测",
    group: "ledger",
    allowed: (c, role) =>
      c.period ? can(c, "period", "supervise") : role === "supervisor" || role === "leader",
  },
  {
    page: "evaluation",
    path: PATHS.evaluation,
    label: "考核评价",
    group: "ledger",
    // Scores are the 督查室's and leaders' (period `supervise`); the checklist is also a
    // department's (evaluation `read`, for its self-evaluation).
    allowed: (c) =>
      c.period
        ? can(c, "period", "list") && (can(c, "period", "supervise") || can(c, "evaluation", "read"))
        : can(c, "task", "list"),
  },
  {
    page: "users",
    path: PATHS.users,
    label: "用户管理",
    group: "admin",
    allowed: (c) => can(c, "user", "list"),
  },
  {
    page: "units",
    path: PATHS.units,
    label: "责任单位",
    group: "admin",
    allowed: (c) => can(c, "unit", "list") && (can(c, "unit", "listUnresolved") || can(c, "user", "list")),
  },
  {
    page: "regions",
    path: PATHS.regions,
    label: "地区设置",
    group: "admin",
    allowed: (c) => can(c, "region", "update"),
  },
  {
    page: "settings",
    path: PATHS.settings,
    label: "设置",
    group: "admin",
    // The 督查室 edits, leaders and the system administrator read (settings `read`).
    allowed: (c) => can(c, "settings", "read"),
  },
  {
    page: "audit",
    path: PATHS.audit,
    label: "审计日志",
    group: "admin",
    allowed: (c) => can(c, "audit", "list"),
  },
];

/** The entries the role may see, in menu order. */
export function menuFor(caps: Capabilities, role = ""): MenuEntry[] {
  return ENTRIES.filter((e) => e.allowed(caps, role)).map(({ page, path, label, group }) => ({
    page,
    path,
    label,
    group,
  }));
}

/** Where a role lands after signing in: its first menu entry, or its account page. */
export function homePath(caps: Capabilities, role = ""): string {
  return menuFor(caps, role)[0]?.path ?? PATHS.account;
}

/** Whether the role may open `page` at all (typed URLs go through the same rule as the menu). */
export function mayOpen(caps: Capabilities, page: PageKey, role = ""): boolean {
  if (page === "account") return true;
  if (page === "document") return can(caps, "document", "read");
  return menuFor(caps, role).some((e) => e.page === page);
}
