import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "../../parse/index.js";
import { openStore } from "../../store/index.js";
import { ExitError } from "../exit-error.js";
import { readDocument } from "../read-document.js";
import { parseFlags, toExitError } from "./db.js";
import { portOf, untilStopped } from "./serve.js";

const USAGE = "luoshi demo [--port 3000] [--host 127.0.0.1] [--summary]";

const ROLE_LABELS: Record<string, string> = {
  supervisor: "督查室",
  leader: "领导（只读）",
  reporter: "责任单位填报",
  system_admin: "系统管理员",
  security_admin: "安全管理员",
  audit_admin: "审计管理员",
};

/** The demo corpus shipped in the repository (examples/corpus), found from this module's location. */
export function demoCorpusDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6 && !existsSync(join(dir, "package.json")); i++) dir = resolve(dir, "..");
  return join(dir, "examples", "corpus");
}

/**
 * `luoshi demo` (what `npm start` runs): serves the app on an embedded store of its own
 * (`./demo-data`, or LUOSHI_DEMO_DIR; never DATABASE_URL or the real `./data`), filled with the
 * demo corpus and one demo account per role. `--summary` only prints what the parser finds.
 */
export async function runDemo(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    { port: { type: "string" }, host: { type: "string" }, summary: { type: "boolean" } },
    USAGE,
  );
  if (positionals.length > 0) throw new ExitError(`用法 / usage: ${USAGE}`, 2);
  if (values.summary) return summariseCorpus(out);
  const port = portOf(values.port);
  const host = values.host ?? "127.0.0.1";
  const dataDir = resolve(process.env.LUOSHI_DEMO_DIR || "demo-data");
  const { resolveSettings, seedDemo, startServer, systemClock, DEMO_PASSWORD, DEMO_REGION_ID } =
    await import("../../server/index.js");
  const settings = resolveSettings({ demo: true });
  out.write(`落实 Luoshi 演示：准备演示数据（${relative(process.cwd(), dataDir) || dataDir}）…\n`);
  let store;
  try {
    store = await openStore({ dataDir, env: {} });
  } catch (error) {
    throw toExitError(error);
  }
  try {
    const seed = await seedDemo(store.db, { corpusDir: demoCorpusDir(), settings, clock: systemClock });
    const { loadSecretBox } = await import("../../server/auth/secret-box.js");
    const secrets = loadSecretBox({}, `${dataDir}.key`).box;
    const server = await startServer({ store, settings, port, host, regionId: DEMO_REGION_ID, secrets });
    out.write(
      `已载入示例文件 ${seed.documents} 份（本次导入 ${seed.imported} 份），任务 ${seed.tasks} 项。\n\n` +
        `落实 Luoshi 演示已启动：${server.url}\n` +
        `  接口文档：${server.url}/api/openapi.json\n\n` +
        `演示账户（仅在演示模式下可登录；正式使用请运行 luoshi serve，首次启动会生成管理员一次性密码）：\n`,
    );
    for (const a of seed.accounts) {
      const unit = a.unitName ? `（${a.unitName}）` : "";
      out.write(`  ${a.username.padEnd(18)} ${DEMO_PASSWORD}   ${ROLE_LABELS[a.role] ?? a.role}${unit}\n`);
    }
    out.write("\n按 Ctrl+C 停止。\n");
    await untilStopped();
    out.write("正在停止服务…\n");
    await server.close();
    return 0;
  } catch (error) {
    throw toExitError(error);
  } finally {
    await store.close();
  }
}

/** `luoshi demo --summary`: parses every document of the demo corpus and prints what was found in each. */
export async function summariseCorpus(out: NodeJS.WritableStream): Promise<number> {
  const dir = demoCorpusDir();
  const files = (await readdir(dir)).filter((f) => /\.(txt|html?|docx|pdf)$/i.test(f)).sort();
  out.write(
    `落实 Luoshi — 政策文件解析演示（${files.length} 份示例文件，目录 ${relative(process.cwd(), dir) || dir}）\n\n`,
  );
  for (const file of files) {
    const path = join(dir, file);
    const input = await readDocument(path);
    const started = performance.now();
    const { document, diagnostics } = parse(input.text, { facts: input.facts });
    const ms = performance.now() - started;
    const units = new Set(document.tasks.flatMap((t) => t.assignments.map((a) => a.unit)));
    out.write(`■ ${file}\n`);
    out.write(`  标题：${document.meta.title?.value ?? "（未识别）"}\n`);
    out.write(
      `  文号：${document.meta.docNumber?.value ?? "—"}   日期：${document.meta.date?.value ?? "—"}\n`,
    );
    out.write(
      `  任务 ${document.tasks.length} 项，责任单位 ${units.size} 个，指标 ${document.indicators.length} 项，` +
        `阶段 ${document.phases.length} 个，引用 ${document.citations.length} 处，专栏 ${document.boxes.length} 个，` +
        `诊断 ${diagnostics.length} 条（解析用时 ${ms.toFixed(1)} 毫秒）\n`,
    );
    const sample = document.tasks[0];
    if (sample) {
      const lead = sample.assignments.filter((a) => a.role === "lead").map((a) => a.unit);
      out.write(
        `  例：${sample.path.join(" > ")}\n      ${sample.text.slice(0, 50)}…\n      牵头：${lead.join("、") || "—"}\n`,
      );
    }
    out.write("\n");
  }
  out.write("查看单个文件的完整结果：npx luoshi parse examples/corpus/001_074c1061270704e5.txt\n");
  return 0;
}
