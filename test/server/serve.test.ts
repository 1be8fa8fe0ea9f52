/**
 * The server over real loopback HTTP (@hono/node-server): first start, login with a one-time
 * password, the client's socket address in the audit row, a chunked upload over the limit, and
 * `luoshi serve` as a process that prints its URL and stops on SIGTERM.
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createWorkerParser,
  resolveSettings,
  startServer,
  type RunningServer,
} from "../../src/server/index.js";
import { openStore, type Store } from "../../src/store/index.js";
import { ROOT } from "../store/helpers.js";
import { TEST_ARGON2 } from "./helpers.js";

/** Sends a chunked POST of `chunks` × 64 KiB with a raw node:http request (no Content-Length). */
function chunkedPost(url: string, path: string, cookie: string, chunks: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, {
      method: "POST",
      headers: { cookie, "content-type": "multipart/form-data; boundary=zz", "transfer-encoding": "chunked" },
    });
    req.on("response", (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      // The server may close the socket after answering 413; the answer is what counts.
      if (error.code !== "EPIPE" && error.code !== "ECONNRESET") reject(error);
    });
    req.write('--zz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n');
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    let sent = 0;
    const pump = () => {
      while (sent < chunks) {
        sent++;
        if (!req.write(chunk)) return req.once("drain", pump);
      }
      req.end("\r\n--zz--\r\n");
    };
    pump();
  });
}

describe("the server over loopback HTTP", () => {
  let store: Store;
  let server: RunningServer;
  beforeAll(async () => {
    store = await openStore({ memory: true });
    const settings = resolveSettings({ argon2: TEST_ARGON2, limits: { uploadBytes: 256 * 1024 } }, {});
    server = await startServer({
      store,
      settings,
      port: 0,
      host: "127.0.0.1",
      regionId: "ra",
      parser: createWorkerParser({ timeoutMs: 20_000, maxOldGenerationMb: 256, concurrency: 1, queue: 2 }),
    });
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
  });

  it("first start: three administrators; the system administrator logs in with the printed password", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.bootstrap.map((a) => a.username)).toEqual(["sysadmin", "secadmin", "auditadmin"]);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    const sys = server.bootstrap[0]!;
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: sys.username, password: sys.oneTimePassword }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { restriction: string } }).data.restriction).toBe(
      "PASSWORD_CHANGE_REQUIRED",
    );
    const row = await store.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "login")
      .executeTakeFirstOrThrow();
    // The address comes from the socket (no proxy is trusted by default).
    expect(row).toMatchObject({ outcome: "success", ip: "127.0.0.1", actor_name: "sysadmin" });
  });

  it("a chunked upload over the limit gets 413 over a real socket", async () => {
    const sec = server.bootstrap[0]!;
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: sec.username, password: sec.oneTimePassword }),
    });
    const cookie = login.headers.getSetCookie()[0]!.split(";")[0]!;
    // Still restricted (must change its password): refused before its body is read.
    expect(await chunkedPost(server.url, "/api/documents", cookie, 2)).toBe(403);
    // Made a supervisor behind the API's back, to have someone who may upload.
    await store.db
      .updateTable("users")
      .set({ role: "supervisor", must_change_password: false })
      .where("username", "=", "sysadmin")
      .execute();
    expect(await chunkedPost(server.url, "/api/documents", cookie, 10)).toBe(413);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});

describe("luoshi serve", () => {
  it("starts on the given port, prints the one-time passwords once, answers /health, stops on SIGTERM", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "luoshi-serve-"));
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/cli/main.ts", "serve", "--port", "0", "--region", "ra"],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: "", LUOSHI_DATA_DIR: dataDir },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        stdout += d.toString();
        const match = /服务已启动：(http:\/\/[^（\s]+)/.exec(stdout);
        if (match && stdout.includes("auditadmin")) resolve(match[1]!);
      });
      child.on("exit", (code) => reject(new Error(`exited ${code}: ${stdout}`)));
    });
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect(stdout).toMatch(/sysadmin\s+system_admin\s+\S{16}/);
    expect(stdout).toContain("开发模式");
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 60_000);
});

describe("luoshi demo (npm start)", () => {
  it("seeds its own data directory, prints the address and the demo logins, serves them, stops on SIGTERM", async () => {
    const demoDir = join(mkdtempSync(join(tmpdir(), "luoshi-demo-")), "demo-data");
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "demo", "--port", "0"], {
      cwd: ROOT,
      // A DATABASE_URL must not pull the demo into a real server's database.
      env: { ...process.env, DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none", LUOSHI_DEMO_DIR: demoDir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        stdout += d.toString();
        const match = /演示已启动：(http:\/\/\S+)/.exec(stdout);
        if (match && stdout.includes("Ctrl+C")) resolve(match[1]!);
      });
      child.on("exit", (code) => reject(new Error(`exited ${code}: ${stdout}`)));
    });
    expect(stdout).toContain("已载入示例文件 5 份");
    expect(stdout).toMatch(/demo-supervisor\s+Luoshi-demo-2026\s+督查室/);
    expect(stdout).toMatch(/demo-dept1\s+Luoshi-demo-2026\s+责任单位填报（\S+）/);
    expect(stdout).toContain("仅在演示模式下可登录");
    const res = await fetch(`${url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: url },
      body: JSON.stringify({ username: "demo-leader", password: "Luoshi-demo-2026" }),
    });
    expect(res.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 120_000);
});
