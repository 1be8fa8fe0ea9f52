import { ExitError } from "../exit-error.js";
import { parseFlags, REGION_FLAG, regionOf, withStore } from "./db.js";

const USAGE = "luoshi serve [--port 3000] [--host 127.0.0.1] [--region 地区]";

/** The parsed `--port`, 0–65535 (0: any free port). */
export function portOf(raw: string | undefined): number {
  if (raw === undefined) return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new ExitError(`--port 必须是 0–65535 的整数：${raw}`, 2);
  return port;
}

/**
 * `luoshi serve`: the HTTP API on 127.0.0.1:3000 until SIGINT/SIGTERM. On first start it creates
 * the three administrators and prints their one-time passwords, once.
 */
export async function runServe(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    { ...REGION_FLAG, port: { type: "string" }, host: { type: "string" } },
    USAGE,
  );
  if (positionals.length > 0) throw new ExitError(`用法 / usage: ${USAGE}`, 2);
  const port = portOf(values.port);
  const host = values.host ?? "127.0.0.1";
  const { resolveSettings, startServer } = await import("../../server/index.js");
  let settings;
  try {
    settings = resolveSettings();
  } catch (error) {
    throw new ExitError((error as Error).message, 2);
  }
  return withStore(async (store) => {
    const { loadSecretBox } = await import("../../server/auth/secret-box.js");
    // Next to the PGlite directory, or in the working directory for a PostgreSQL server.
    const keyFile =
      store.backend === "pglite" && !store.location.includes("://")
        ? `${store.location.replace(/\/+$/, "")}.key`
        : "luoshi-secret.key";
    let secrets;
    try {
      secrets = loadSecretBox(process.env, keyFile);
    } catch (error) {
      throw new ExitError(`无法读取密钥：${(error as Error).message}`, 78);
    }
    const server = await startServer({
      store,
      settings,
      port,
      host,
      regionId: regionOf(values),
      secrets: secrets.box,
    });
    out.write(`落实 Luoshi 服务已启动：${server.url}（${store.backend}：${store.location}）\n`);
    if (store.backend === "pglite") out.write(`注意：${store.warnings[0] ?? ""}\n`);
    if (settings.profile !== "production" && settings.secureCookies === "auto") {
      out.write(
        "开发模式：非 HTTPS 访问时会话 Cookie 名为 sid（不带 Secure）；生产环境请设置 LUOSHI_ENV=production 并使用 HTTPS\n",
      );
    }
    if (server.bootstrap.length > 0) {
      out.write("\n首次启动，已创建管理员账户。以下一次性密码只显示这一次，首次登录后必须修改：\n");
      for (const account of server.bootstrap)
        out.write(`  ${account.username.padEnd(12)} ${account.role.padEnd(16)} ${account.oneTimePassword}\n`);
      out.write("\n");
    }
    await untilStopped();
    out.write("正在停止服务…\n");
    await server.close();
    return 0;
  });
}

/** Resolves at SIGINT or SIGTERM (Ctrl+C, or the service manager stopping the process). */
export function untilStopped(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
}
