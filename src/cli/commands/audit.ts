import { ExitError } from "../exit-error.js";
import { parseFlags, withStore } from "./db.js";

const USAGE = "luoshi audit verify [--json] | luoshi audit purge --before YYYY-MM-DD";

const REASONS = {
  hash: "内容与哈希不符（记录被改动）",
  link: "与上一条记录的哈希链接不符（记录被替换或插入）",
  gap: "之前有记录缺失（记录被删除）",
} as const;

/**
 * `luoshi audit verify`: recomputes the audit log's hash chain and names the first row that does
 * not fit (exit 1). `luoshi audit purge --before DATE`: deletes rows older than DATE, never rows
 * younger than the retention period (180 days at least).
 */
export async function runAudit(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    { json: { type: "boolean" }, before: { type: "string" } },
    USAGE,
  );
  const [sub, ...rest] = positionals;
  if (rest.length > 0 || (sub !== "verify" && sub !== "purge"))
    throw new ExitError(`用法 / usage: ${USAGE}`, 2);
  const { verifyAudit, purgeAudit, resolveSettings, systemClock, ApiError } =
    await import("../../server/index.js");
  if (sub === "verify") {
    return withStore(async (store) => {
      const result = await verifyAudit(store.db);
      if (values.json) {
        out.write(`${JSON.stringify(result)}\n`);
        return result.ok ? 0 : 1;
      }
      if (result.ok) {
        out.write(
          `审计日志完整：${result.rows} 条记录${result.rows > 0 ? `（序号 ${result.firstSeq}–${result.lastSeq}）` : ""}，哈希链校验通过\n`,
        );
        return 0;
      }
      const bad = result.firstBad!;
      throw new ExitError(
        `审计日志校验失败：序号 ${bad.seq} 的记录${REASONS[bad.reason]} [AUDIT_CHAIN_BROKEN]`,
        1,
      );
    });
  }
  if (!values.before || !/^\d{4}-\d{2}-\d{2}$/.test(values.before))
    throw new ExitError(`用法 / usage: ${USAGE}`, 2);
  const before = new Date(`${values.before}T00:00:00Z`);
  if (Number.isNaN(before.getTime())) throw new ExitError(`无效的日期：${values.before}`, 2);
  return withStore(async (store) => {
    try {
      const result = await purgeAudit(store.db, {
        before,
        clock: systemClock,
        retentionDays: resolveSettings().audit.retentionDays,
        actorName: "cli",
      });
      out.write(
        `已删除 ${result.deleted} 条 ${values.before} 之前的审计记录${result.anchorSeq ? `，哈希链自序号 ${result.anchorSeq} 起` : ""}\n`,
      );
      return 0;
    } catch (error) {
      if (error instanceof ApiError) throw new ExitError(`${error.message} [${error.code}]`, 1);
      throw error;
    }
  });
}
