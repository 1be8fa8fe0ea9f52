/** Chinese names of what the API spells in English. Pure data: no DOM, no React. */

/** The six roles. */
export type Role = "system_admin" | "security_admin" | "audit_admin" | "supervisor" | "reporter" | "leader";

/** Role names as an office calls them. */
export const ROLE_LABELS: Record<Role, string> = {
  system_admin: "系统管理员",
  security_admin: "安全管理员",
  audit_admin: "审计管理员",
  supervisor: "督查室",
  reporter: "责任单位",
  leader: "领导",
};

/** Roles whose accounts the system administrator keeps (三权分立: never an administrator's). */
export const LEDGER_ROLES: readonly Role[] = ["supervisor", "reporter", "leader"];

/** Administrator roles. */
export const ADMIN_ROLES: readonly Role[] = ["system_admin", "security_admin", "audit_admin"];

/** An assignment's role in a task. */
export const ASSIGNMENT_LABELS = { lead: "牵头", co: "配合" } as const;

/** Audit outcomes. */
export const OUTCOME_LABELS = { success: "成功", failure: "失败", denied: "拒绝" } as const;

/** Why an audit chain check failed at a row. */
export const CHAIN_BREAK_LABELS = {
  hash: "内容被修改",
  link: "记录被替换",
  gap: "记录被删除",
} as const;

/** Task states. */
export const TASK_STATUS_LABELS = { active: "有效", retired: "已撤销" } as const;
