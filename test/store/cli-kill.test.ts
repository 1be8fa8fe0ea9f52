import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "../../src/parse/index.js";
import { LATEST_SCHEMA_VERSION, openStore, type Backend, type Store } from "../../src/store/index.js";
import { backends, corpusBytes, corpusFiles, freshSchema, PG_URL, ROOT } from "./helpers.js";

const FILES = 24;

/** A folder of distinct documents: the corpus files, each copy with a different closing line. */
function makeFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), "luoshi-kill-"));
  const names = corpusFiles();
  for (let i = 0; i < FILES; i++) {
    const name = names[i % names.length]!;
    const body = Buffer.concat([corpusBytes(name), Buffer.from(`\n（第${i + 1}份副本）\n`)]);
    mkdirSync(join(dir, `batch${i % 3}`), { recursive: true });
    writeFileSync(join(dir, `batch${i % 3}`, `${String(i).padStart(2, "0")}-${name}`), body);
  }
  return dir;
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; with `killAfter`, sends SIGKILL once that many files have been reported done. */
function runCli(args: string[], env: Record<string, string>, killAfter?: number): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      const done = stderr.split("\n").filter((l) => /^\[\d+\/\d+\]/.test(l)).length;
      if (killAfter !== undefined && done >= killAfter && child.exitCode === null) child.kill("SIGKILL");
    });
    child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Every stored document has exactly the rows a fresh parse of its text gives: nothing half-written. */
async function checkConsistent(store: Store): Promise<number> {
  const docs = await store.db
    .selectFrom("documents")
    .select(["id", "text"])
    .where("region_id", "=", "kill")
    .execute();
  for (const doc of docs) {
    const { document, diagnostics } = parse(doc.text);
    const count = async (
      table: "tasks" | "assignments" | "indicators" | "citations" | "outline_nodes" | "diagnostics",
    ) =>
      Number(
        (
          await store.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("document_id", "=", doc.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count("tasks")).toBe(document.tasks.length);
    expect(await count("assignments")).toBe(document.tasks.reduce((n, t) => n + t.assignments.length, 0));
    expect(await count("indicators")).toBe(document.indicators.length);
    expect(await count("citations")).toBe(document.citations.length);
    expect(await count("diagnostics")).toBeGreaterThanOrEqual(diagnostics.length);
    expect(await count("outline_nodes")).toBeGreaterThan(0);
  }
  return docs.length;
}

describe.each(backends)("killing `luoshi import` with SIGKILL on %s", (backend: Backend) => {
  const folder = makeFolder();
  const dataDir = mkdtempSync(join(tmpdir(), "luoshi-kill-data-"));
  const schema = freshSchema();
  const env: Record<string, string> =
    backend === "pglite"
      ? { LUOSHI_DATA_DIR: dataDir, DATABASE_URL: "" }
      : { DATABASE_URL: PG_URL, LUOSHI_DB_SCHEMA: schema, LUOSHI_DATA_DIR: "" };
  const open = () =>
    backend === "pglite" ? openStore({ dataDir, env: {} }) : openStore({ databaseUrl: PG_URL, schema });

  afterAll(async () => {
    if (backend === "postgres") {
      const store = await open();
      await sql.raw(`DROP SCHEMA "${schema}" CASCADE`).execute(store.db);
      await store.close();
    }
  });

  it("leaves no half-imported document, and a re-run completes the batch", async () => {
    const args = ["import", folder, "--region", "kill"];
    const first = await runCli(args, env, 3);
    expect(first.signal).toBe("SIGKILL");
    const second = await runCli(args, env, 8);
    expect(second.signal).toBe("SIGKILL");

    const partial = await open();
    const stored = await checkConsistent(partial);
    await partial.close();
    expect(stored).toBeGreaterThanOrEqual(8);
    expect(stored).toBeLessThan(FILES);

    const last = await runCli(args, env);
    expect(last.stderr).not.toContain("内部错误");
    expect(last.code).toBe(0);
    expect(last.stdout).toContain(`新导入 ${FILES - stored} 份，重新解析 0 份，重复 ${stored} 份，失败 0 份`);

    const again = await runCli(args, env);
    expect(again.stdout).toContain(`新导入 0 份，重新解析 0 份，重复 ${FILES} 份，失败 0 份`);

    const done = await open();
    expect(await checkConsistent(done)).toBe(FILES);
    await done.close();
  }, 300_000);
});

describe("a second CLI process on a PGlite data directory in use", () => {
  it("gets DATADIR_LOCKED (exit 75) and works once the directory is free", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "luoshi-lock-data-"));
    const env = { LUOSHI_DATA_DIR: dataDir, DATABASE_URL: "" };
    const holder = await openStore({ dataDir, env: {} });
    try {
      const run = await runCli(["db", "status"], env);
      expect(run.code).toBe(75);
      expect(run.stderr).toContain("数据目录正被其他进程使用");
      expect(run.stderr).toContain("DATADIR_LOCKED");
    } finally {
      await holder.close();
    }
    const after = await runCli(["db", "status"], env);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain(`结构版本：${LATEST_SCHEMA_VERSION}`);
  }, 120_000);
});
