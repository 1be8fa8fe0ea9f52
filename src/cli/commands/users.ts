import { ExitError } from "../exit-error.js";
import { parseFlags, regionOf, REGION_FLAG, withStore } from "./db.js";

const USAGE = "luoshi users list [--region 地区] [--json] | luoshi users reset-password 用户名";

/**
 * `luoshi users list`: the accounts. `luoshi users reset-password NAME`: the way back in when every
 * administrator is locked out — a new one-time password, printed once, the account's sessions
 * ended and its lock lifted; audited with actor `cli`. Needs shell access to the server.
 */
export async function runUsers(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseFlags(args, { ...REGION_FLAG, json: { type: "boolean" } }, USAGE);
  const [sub, name, ...rest] = positionals;
  if (rest.length > 0 || !(sub === "list" ? name === undefined : sub === "reset-password" && name)) {
    throw new ExitError(`用法 / usage: ${USAGE}`, 2);
  }
  const { resolveSettings, systemClock } = await import("../../server/index.js");
  const { cliResetPassword, listAccounts } = await import("../../server/services/cli.js");
  return withStore(async (store) => {
    if (sub === "list") {
      const rows = await listAccounts(store.db, regionOf(values));
      if (values.json) {
        out.write(`${JSON.stringify(rows, null, 2)}\n`);
        return 0;
      }
      for (const r of rows) {
        out.write(
          `${r.username.padEnd(20)} ${r.role.padEnd(16)} ${r.displayName}${r.disabled ? "（已停用）" : ""}\n`,
        );
      }
      return 0;
    }
    const password = await cliResetPassword(store.db, {
      username: name!,
      settings: resolveSettings(),
      clock: systemClock,
    });
    if (!password) throw new ExitError(`没有用户 ${name}`, 66);
    out.write(`已重置 ${name} 的密码，一次性密码（只显示这一次，登录后必须修改）：${password}\n`);
    return 0;
  });
}
