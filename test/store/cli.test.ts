import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBackup } from "../../src/cli/commands/backup.js";
import { runDb } from "../../src/cli/commands/db.js";
import { runImport } from "../../src/cli/commands/import.js";
import { runRestore } from "../../src/cli/commands/restore.js";
import { runSearch } from "../../src/cli/commands/search.js";
import { runTasks } from "../../src/cli/commands/tasks.js";
import { runUnits } from "../../src/cli/commands/units.js";
import { ExitError } from "../../src/cli/exit-error.js";
import { openStore, type Backend } from "../../src/store/index.js";
import { backends, CORPUS, freshSchema, PG_URL } from "./helpers.js";

/** Collects what a command writes. */
function sink(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

type Command = (args: string[], out: NodeJS.WritableStream) => Promise<number>;

async function run(command: Command, args: string[]): Promise<{ code: number; out: string }> {
  const out = sink();
  const code = await command(args, out.stream);
  return { code, out: out.text() };
}

/** The environment the CLI reads its store from, for one backend. */
function storeEnv(backend: Backend): Record<string, string> {
  return backend === "pglite"
    ? { LUOSHI_DATA_DIR: mkdtempSync(join(tmpdir(), "luoshi-cli-")), DATABASE_URL: "", LUOSHI_DB_SCHEMA: "" }
    : { DATABASE_URL: PG_URL, LUOSHI_DB_SCHEMA: freshSchema(), LUOSHI_DATA_DIR: "" };
}

function useEnv(env: Record<string, string>): void {
  for (const [k, v] of Object.entries(env)) process.env[k] = v;
}

async function dropSchema(env: Record<string, string>): Promise<void> {
  if (!env.LUOSHI_DB_SCHEMA) return;
  const store = await openStore({ databaseUrl: PG_URL, schema: env.LUOSHI_DB_SCHEMA, migrate: false });
  await sql.raw(`DROP SCHEMA IF EXISTS "${env.LUOSHI_DB_SCHEMA}" CASCADE`).execute(store.db);
  await store.close();
}

describe.each(backends)("store commands on %s", (backend) => {
  const env = storeEnv(backend);
  const saved = { ...process.env };
  beforeAll(() => {
    useEnv({ ...env, LUOSHI_REGION: "wz" });
  });
  afterAll(async () => {
    await dropSchema(env);
    process.env = saved;
  });

  it("import: counts, failures with reasons, then duplicates", async () => {
    const first = await run(runImport, [CORPUS]);
    expect(first.code).toBe(0);
    expect(first.out).toContain("导入完成：新导入 5 份，重新解析 0 份，重复 0 份，失败 0 份");
    expect(first.out).toContain("未能识别的责任单位 7 个");
    const again = await run(runImport, [CORPUS, "/nonexistent.txt"]);
    expect(again.code).toBe(1);
    expect(again.out).toContain("新导入 0 份，重新解析 0 份，重复 5 份，失败 1 份");
    expect(again.out).toContain("/nonexistent.txt：文件或目录不存在 [IMPORT_READ_FAILED]");
  });

  it("search: marks the matched words", async () => {
    const r = await run(runSearch, ["乡村振兴", "交通", "--kind", "task", "--limit", "3"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("检索词：乡村 + 振兴 + 交通");
    expect(r.out).toMatch(/【交通】/);
    const none = await run(runSearch, ["量子计算机"]);
    expect(none.out).toContain("显示 0 条");
    await expect(run(runSearch, ["交通", "--kind", "people"])).rejects.toBeInstanceOf(ExitError);
  });

  it("tasks: a unit by its short name, and the matrix of a document", async () => {
    const unit = await run(runTasks, ["--unit", "区发改委"]);
    expect(unit.out.split("\n")[0]).toBe("区发改委（即 区发展改革委）：任务 22 项");
    const matrix = await run(runTasks, ["--doc", "万州府办发〔2017〕83号"]);
    expect(matrix.out).toContain("（任务 29 项，");
    expect(matrix.out).toContain("1. 坚持因地制宜");
    expect(matrix.out).toContain("牵头：区乡村振兴局");
    const json = JSON.parse((await run(runTasks, ["--unit", "区卫生健康委", "--json"])).out) as {
      tasks: unknown[];
    };
    expect(json.tasks).toHaveLength(5);
  });

  it("units: the unresolved list, resolution with history, registry override", async () => {
    const unresolved = await run(runUnits, ["--unresolved"]);
    expect(unresolved.out.split("\n")[0]).toBe("未识别的责任单位 7 个（地区 wz）");
    const resolved = await run(runUnits, ["resolve", "区卫生计生委", "--year", "2020"]);
    expect(resolved.out).toBe(
      "区卫生计生委 → 区卫生健康委  沿革：卫生计生委→卫生健康委（2018）  （成文时已是旧称）\n",
    );
    const file = join(mkdtempSync(join(tmpdir(), "luoshi-reg-")), "wz.json");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        entries: [{ key: "x-customs", name: "检疫检验局" }],
        places: { 万州: "区" },
      }),
    );
    const set = await run(runUnits, ["registry", "set", file]);
    expect(set.out).toContain("1 条分工改为新的单位");
    expect((await run(runUnits, ["--unresolved"])).out.split("\n")[0]).toBe(
      "未识别的责任单位 6 个（地区 wz）",
    );
    writeFileSync(file, JSON.stringify({ version: 1, entries: [{ key: "x", name: "发改委" }] }));
    await expect(run(runUnits, ["registry", "set", file])).rejects.toMatchObject({ code: 65 });
  });

  it("db: status and the citation graph", async () => {
    const status = await run(runDb, ["status"]);
    expect(status.out).toMatch(/documents\s+5\n/);
    const graph = await run(runDb, ["graph", "万州府办发〔2017〕83号"]);
    expect(graph.out).toContain("→ 渝府办发〔2017〕54号 重庆市人民政府办公厅关于贯彻落实");
    await expect(run(runDb, ["graph", "不存在〔2099〕1号"])).rejects.toMatchObject({ code: 66 });
  });

  it("backup, then restore into the other backend; a second restore needs --replace", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "luoshi-bk-")), "ledger.jsonl.gz");
    const backup = await run(runBackup, [file]);
    expect(backup.out).toContain(`已备份到 ${file}`);
    const other = storeEnv(backend === "pglite" ? "postgres" : "pglite");
    useEnv(other);
    try {
      const restore = await run(runRestore, [file]);
      expect(restore.out).toContain(`已从 ${file} 恢复`);
      expect((await run(runTasks, ["--unit", "区发改委"])).out.split("\n")[0]).toBe(
        "区发改委（即 区发展改革委）：任务 22 项",
      );
      await expect(run(runRestore, [file])).rejects.toMatchObject({ code: 1 });
      expect((await run(runRestore, [file, "--replace"])).code).toBe(0);
    } finally {
      await dropSchema(other);
      useEnv(env);
    }
  });
});
