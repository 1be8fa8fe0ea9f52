/**
 * The server's static-file module: the built app under its CSP nonce, hashed assets cached for a
 * year, index.html never cached, the app's own paths answered with index.html, and the API and
 * files outside the build left alone.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptedEncodings, fileFor } from "../../src/server/static.js";
import { buildServer, call, type TestServer } from "../server/helpers.js";

const INDEX = `<!doctype html><html><head><meta name="csp-nonce" content="luoshi-csp-nonce" /></head>
<body><div id="root"></div><script type="module" src="/assets/index-abc123.js"></script></body></html>`;

const APP = `export const rows = [${Array.from({ length: 200 }, (_, i) => `"任务${i}"`).join(",")}];\n`;

describe("serving the web app", () => {
  let server: TestServer;
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "luoshi-web-"));
    mkdirSync(join(root, "assets"));
    writeFileSync(join(root, "index.html"), INDEX);
    writeFileSync(join(root, "assets", "index-abc123.js"), "console.log(1);\n");
    writeFileSync(join(root, "assets", "app-def456.js"), APP);
    writeFileSync(join(root, "assets", "app-def456.js.br"), brotliCompressSync(APP));
    writeFileSync(join(root, "assets", "app-def456.js.gz"), gzipSync(APP));
    writeFileSync(join(root, "favicon.svg"), "<svg/>");
    writeFileSync(join(tmpdir(), "luoshi-outside.txt"), "secret");
    process.env.LUOSHI_WEB_DIR = root;
    server = await buildServer("pglite");
  });
  afterAll(async () => {
    delete process.env.LUOSHI_WEB_DIR;
    await server?.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it("answers / and the app's own paths with index.html under a fresh style nonce, never cached", async () => {
    const nonces: string[] = [];
    for (const path of ["/", "/documents/0b7c3c1e-3d0a-4c41-9d8e-2f8b3f4c5a6b", "/admin/users"]) {
      const res = await call(server, "GET", path);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/html; charset=UTF-8");
      expect(res.headers.get("cache-control")).toBe("no-store");
      const html = await res.text();
      const nonce = /name="csp-nonce" content="([^"]+)"/.exec(html)![1]!;
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(res.headers.get("content-security-policy")).toBe(
        "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; " +
          `style-src 'self' 'nonce-${nonce}'`,
      );
      expect(html).not.toContain("luoshi-csp-nonce");
      nonces.push(nonce);
    }
    expect(new Set(nonces).size).toBe(3);
  });

  it("serves hashed assets for a year and other files revalidated, with the usual headers", async () => {
    const asset = await call(server, "GET", "/assets/index-abc123.js");
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe("console.log(1);\n");
    expect(asset.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(asset.headers.get("x-content-type-options")).toBe("nosniff");
    expect(asset.headers.get("content-security-policy")).toBe(
      "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    );
    const icon = await call(server, "GET", "/favicon.svg");
    expect(icon.headers.get("content-type")).toBe("image/svg+xml");
    expect(icon.headers.get("cache-control")).toBe("no-cache");
    const head = await call(server, "HEAD", "/assets/index-abc123.js");
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe("16");
  });

  it("sends the precompressed twin of a hashed asset the browser accepts, brotli first", async () => {
    const br = await call(server, "GET", "/assets/app-def456.js", {
      headers: { "accept-encoding": "gzip, deflate, br, zstd" },
    });
    expect(br.status).toBe(200);
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(br.headers.get("vary")).toBe("Accept-Encoding");
    expect(br.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(br.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(Number(br.headers.get("content-length"))).toBe(brBytes.byteLength);
    expect(brBytes.byteLength).toBeLessThan(Buffer.byteLength(APP));
    expect(brotliDecompressSync(brBytes).toString()).toBe(APP);

    const gz = await call(server, "GET", "/assets/app-def456.js", {
      headers: { "accept-encoding": "gzip, br;q=0" },
    });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(APP);

    const plain = await call(server, "GET", "/assets/app-def456.js");
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(await plain.text()).toBe(APP);
    // No twin on disk: the file as it is, whatever the browser accepts.
    const lone = await call(server, "GET", "/assets/index-abc123.js", {
      headers: { "accept-encoding": "br" },
    });
    expect(lone.headers.get("content-encoding")).toBeNull();
    expect(await lone.text()).toBe("console.log(1);\n");
    // index.html is never encoded from a twin (it carries a fresh nonce).
    const page = await call(server, "GET", "/", { headers: { "accept-encoding": "br" } });
    expect(page.headers.get("content-encoding")).toBeNull();
  });

  it("reads Accept-Encoding with its q-values", () => {
    expect([...acceptedEncodings("gzip, deflate, br")]).toEqual(["gzip", "deflate", "br"]);
    expect(acceptedEncodings("br;q=0, gzip;q=0.5").has("br")).toBe(false);
    expect(acceptedEncodings("br;q=0, gzip;q=0.5").has("gzip")).toBe(true);
    expect(acceptedEncodings(undefined).size).toBe(0);
  });

  it("a missing file is a 404, not index.html; the API and /health are untouched", async () => {
    const missing = await call(server, "GET", "/assets/index-old999.js");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    const api = await call(server, "GET", "/api/nothing-here");
    expect(api.status).toBe(404);
    expect(api.headers.get("content-type")).toMatch(/^application\/json/);
    const health = await call(server, "GET", "/health");
    expect(((await health.json()) as { status: string }).status).toBe("ok");
    // Only GET and HEAD: a POST to a page path is nobody's route.
    expect((await call(server, "POST", "/documents")).status).toBe(404);
  });

  it("never serves a file outside the build", async () => {
    for (const path of [
      "/../luoshi-outside.txt",
      "/..%2fluoshi-outside.txt",
      "/assets/..%2f..%2fluoshi-outside.txt",
    ]) {
      const res = await call(server, "GET", path);
      expect(await res.text()).not.toContain("secret");
    }
    expect(fileFor(root, "/..%2fluoshi-outside.txt")).toBeNull();
    expect(fileFor(root, "/a%00.js")).toBeNull();
    expect(fileFor(root, "/assets/x.js")).toBe(join(root, "assets", "x.js"));
  });
});
