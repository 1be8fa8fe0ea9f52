/**
 * Uploads (docs/security.md §3, A8, A9, A13, M13): parsing in a worker thread, duplicates, format
 * checks by content, size limits (chunked too), hostile files that loop, eat memory or crash —
 * the server keeps answering /health — and downloads as attachments with their SHA-256 checked.
 */
import { zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkerParser } from "../../src/server/index.js";
import {
  auditRows,
  backends,
  buildServer,
  buildUser,
  call,
  DOC_A,
  sessionFor,
  type TestServer,
} from "./helpers.js";

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);

function form(bytes: Uint8Array | string, filename: string, type = "text/plain"): FormData {
  const data = new FormData();
  data.set(
    "file",
    new File(
      [typeof bytes === "string" ? new TextEncoder().encode(bytes) : (bytes as Uint8Array<ArrayBuffer>)],
      filename,
      { type },
    ),
  );
  return data;
}

async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

describe.each(backends)("uploads through the worker pool on %s", (backend) => {
  let server: TestServer;
  let cookie: string;
  beforeAll(async () => {
    const parser = createWorkerParser({
      timeoutMs: 20_000,
      maxOldGenerationMb: 256,
      concurrency: 2,
      queue: 4,
    });
    server = await buildServer(backend, { parser, settings: { limits: { uploadBytes: 256 * 1024 } } });
    cookie = await sessionFor(server, await buildUser(server, { role: "supervisor" }));
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it("imports a document (201) parsed in a worker; the same bytes again → 200 duplicateOf", async () => {
    const first = await call(server, "POST", "/api/documents", { cookie, body: form(DOC_A, "方案.txt") });
    expect(first.status).toBe(201);
    const created = (await first.json()) as {
      data: { id: string; tasks: number; filename: string; docNumber: string };
      duplicateOf: null;
    };
    expect(created.data).toMatchObject({ tasks: 3, filename: "方案.txt", docNumber: "某府办发〔2025〕12号" });
    expect(created.duplicateOf).toBeNull();
    const again = await call(server, "POST", "/api/documents", { cookie, body: form(DOC_A, "copy.txt") });
    expect(again.status).toBe(200);
    const dup = (await again.json()) as { data: { id: string; filename: string }; duplicateOf: string };
    expect(dup.duplicateOf).toBe(created.data.id);
    expect(dup.data.filename).toBe("方案.txt");
    const count = await server.store.db
      .selectFrom("tasks")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(3);
    const uploads = (await auditRows(server)).filter((r) => r.action === "document.upload");
    expect(uploads.map((r) => [r.outcome, r.object_id])).toEqual([
      ["success", created.data.id],
      ["success", created.data.id],
    ]);
    expect(uploads[1]!.detail).toMatchObject({ duplicateOf: created.data.id });
  });

  it("checks the format by content: a text file named .pdf → 422", async () => {
    const res = await call(server, "POST", "/api/documents", {
      cookie,
      body: form("一、总体要求\n这不是 PDF。", "fake.pdf", "application/pdf"),
    });
    expect(res.status).toBe(422);
    expect(await errorCode(res)).toBe("INGEST_NOT_PDF");
  });

  it("refuses a zip bomb DOCX (64 MiB of XML in ~64 KB) → 422 INGEST_ZIP_LIMIT, quickly", async () => {
    const bomb = zipSync({ "word/document.xml": new Uint8Array(64 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(256 * 1024);
    const started = Date.now();
    const res = await call(server, "POST", "/api/documents", {
      cookie,
      body: form(
        bomb,
        "bomb.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      ),
    });
    expect(res.status).toBe(422);
    expect(await errorCode(res)).toBe("INGEST_ZIP_LIMIT");
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await call(server, "GET", "/health")).status).toBe(200);
  });

  it("an upload over the limit → 413, by Content-Length and chunked alike, and nothing is parsed", async () => {
    const big = "一".repeat(100_000); // 300 000 bytes > 256 KiB
    const res = await call(server, "POST", "/api/documents", { cookie, body: form(big, "big.txt") });
    expect(res.status).toBe(413);
    expect(await errorCode(res)).toBe("PAYLOAD_TOO_LARGE");
    // Chunked: no Content-Length, the body arrives as a stream (CVE-2025-59139 was a bypass here).
    const boundary = "----luoshi";
    const head = new TextEncoder().encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n`,
    );
    const chunk = new Uint8Array(64 * 1024).fill(0x41);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(head);
        if (sent >= 10) return controller.close(); // 640 KiB in all
        sent++;
        controller.enqueue(chunk);
      },
    });
    const chunked = await server.app.request(
      new Request("http://localhost/api/documents", {
        method: "POST",
        headers: {
          cookie,
          "content-type": `multipart/form-data; boundary=${boundary}`,
          "transfer-encoding": "chunked",
          "x-forwarded-for": "10.0.0.1",
        },
        body: stream,
        duplex: "half",
      } as RequestInit),
    );
    expect(chunked.status).toBe(413);
    expect(sent).toBeLessThan(10); // it stopped reading once over the limit
    const failures = (await auditRows(server)).filter(
      (r) => r.action === "document.upload" && r.outcome === "failure",
    );
    expect(failures.at(-1)!.detail).toMatchObject({ status: 413, code: "PAYLOAD_TOO_LARGE" });
  });

  it("downloads the original as an attachment with a UTF-8 file name, never inline HTML", async () => {
    const html =
      "<html><head><title>t</title></head><body><script>alert(1)</script><p>一、总体要求</p><p>（一）做好工作。（责任单位：区教委）</p></body></html>";
    const up = await call(server, "POST", "/api/documents", {
      cookie,
      body: form(html, "通知 (1).html", "text/html"),
    });
    expect(up.status).toBe(201);
    const id = ((await up.json()) as { data: { id: string } }).data.id;
    const res = await call(server, "GET", `/api/documents/${id}/original`, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="__ (1).html"; filename*=UTF-8''%E9%80%9A%E7%9F%A5%20%281%29.html`,
    );
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toBe("sandbox; default-src 'none'");
    expect(await res.text()).toBe(html);
  });

  it("a stored original that changed → 409 INTEGRITY_MISMATCH and an audit row", async () => {
    const up = await call(server, "POST", "/api/documents", {
      cookie,
      body: form(`${DOC_A}\n附件：无`, "b.txt"),
    });
    const id = ((await up.json()) as { data: { id: string } }).data.id;
    await server.store.db
      .updateTable("documents")
      .set({ original: new TextEncoder().encode("tampered") })
      .where("id", "=", id)
      .execute();
    const res = await call(server, "GET", `/api/documents/${id}/original`, { cookie });
    expect(res.status).toBe(409);
    expect(await errorCode(res)).toBe("INTEGRITY_MISMATCH");
    const row = (await auditRows(server)).find(
      (r) => r.action === "document.integrity" && r.object_id === id,
    );
    expect(row).toMatchObject({ outcome: "failure" });
  });
});

describe.each(backends)("hostile parsers cannot take the server down on %s", (backend) => {
  async function serverWith(
    entry: string,
    options: { timeoutMs?: number; maxOldGenerationMb?: number; concurrency?: number; queue?: number } = {},
  ) {
    const parser = createWorkerParser({
      timeoutMs: options.timeoutMs ?? 2_000,
      maxOldGenerationMb: options.maxOldGenerationMb ?? 64,
      concurrency: options.concurrency ?? 2,
      queue: options.queue ?? 4,
      entry: fixture(entry),
    });
    const server = await buildServer(backend, { parser });
    const cookie = await sessionFor(server, await buildUser(server, { role: "supervisor" }));
    return { server, cookie };
  }

  it("a parser that loops forever is killed at the timeout → 422 PARSE_TIMEOUT; /health answers meanwhile", async () => {
    const { server, cookie } = await serverWith("spin-worker.ts");
    try {
      let done = false;
      const upload = call(server, "POST", "/api/documents", {
        cookie,
        body: form(DOC_A, "spin.txt"),
      }).finally(() => (done = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const started = Date.now();
      const health = await call(server, "GET", "/health");
      expect(health.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(done).toBe(false);
      const res = await upload;
      expect(res.status).toBe(422);
      expect(await errorCode(res)).toBe("PARSE_TIMEOUT");
      const docs = await server.store.db.selectFrom("documents").select("id").execute();
      expect(docs).toEqual([]);
    } finally {
      await server.dispose();
    }
  });

  it("a parser that exhausts its heap dies alone → 422 PARSE_RESOURCE_LIMIT", async () => {
    const { server, cookie } = await serverWith("oom-worker.ts", {
      timeoutMs: 30_000,
      maxOldGenerationMb: 32,
    });
    try {
      const res = await call(server, "POST", "/api/documents", { cookie, body: form(DOC_A, "oom.txt") });
      expect(res.status).toBe(422);
      expect(await errorCode(res)).toBe("PARSE_RESOURCE_LIMIT");
      expect((await call(server, "GET", "/health")).status).toBe(200);
    } finally {
      await server.dispose();
    }
  });

  it("a parser that crashes → 422 PARSE_FAILED", async () => {
    const { server, cookie } = await serverWith("crash-worker.ts");
    try {
      const res = await call(server, "POST", "/api/documents", { cookie, body: form(DOC_A, "crash.txt") });
      expect(res.status).toBe(422);
      expect(await errorCode(res)).toBe("PARSE_FAILED");
    } finally {
      await server.dispose();
    }
  });

  it("beyond the workers and their queue, uploads get 503 SERVER_BUSY with Retry-After", async () => {
    const { server, cookie } = await serverWith("spin-worker.ts", {
      timeoutMs: 1_500,
      concurrency: 1,
      queue: 0,
    });
    try {
      const first = call(server, "POST", "/api/documents", { cookie, body: form(DOC_A, "one.txt") });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const second = await call(server, "POST", "/api/documents", {
        cookie,
        body: form(`${DOC_A}。`, "two.txt"),
      });
      expect(second.status).toBe(503);
      expect(await errorCode(second)).toBe("SERVER_BUSY");
      expect(second.headers.get("retry-after")).toBe("5");
      expect((await first).status).toBe(422);
    } finally {
      await server.dispose();
    }
  });
});
