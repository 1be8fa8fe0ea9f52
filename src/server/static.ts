/**
 * Serves the web app (the Vite build in dist/web) from the API server: hashed files under
 * /assets/ are cached for a year and sent as their precompressed brotli or gzip twin when the
 * browser accepts it, index.html is never cached and answers every other non-API path
 * so the app's own routes work as deep links. Each index.html carries a fresh CSP nonce, which the
 * app hands to antd for the <style> elements it creates (see docs/web.md).
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { createMiddleware } from "hono/factory";
import { pageCsp } from "./middleware/headers.js";
import type { AppEnv } from "./context.js";

/** What index.html holds where the server puts the response's nonce. */
export const NONCE_PLACEHOLDER = "luoshi-csp-nonce";

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * The precompressed twins the build writes beside hashed assets (web/vite.config.ts), best first.
 * Only under /assets/: their names change with their content, so a twin can never be stale.
 */
const ENCODINGS = [
  { token: "br", suffix: ".br" },
  { token: "gzip", suffix: ".gz" },
] as const;

/** The encodings an `Accept-Encoding` header allows (a `;q=0` refuses one). */
export function acceptedEncodings(header: string | undefined): Set<string> {
  const accepted = new Set<string>();
  for (const part of (header ?? "").split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  return accepted;
}

/**
 * Where the built web app is: `LUOSHI_WEB_DIR`, else dist/web of this checkout (this module runs
 * from src/server under tsx or vitest, from dist/src/server when built). Null when not built.
 */
export function resolveWebRoot(env: NodeJS.ProcessEnv = process.env): string | null {
  const fromSource = import.meta.url.endsWith(".ts");
  const root = env.LUOSHI_WEB_DIR
    ? resolve(env.LUOSHI_WEB_DIR)
    : fileURLToPath(new URL(fromSource ? "../../dist/web" : "../../web", import.meta.url));
  return existsSync(join(root, "index.html")) ? root : null;
}

function isApiPath(path: string): boolean {
  return path === "/api" || path.startsWith("/api/") || path === "/health";
}

/** The file under `root` a URL path names, or null when the path tries to leave `root`. */
export function fileFor(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.split(/[\\/]/).includes("..")) return null;
  const file = resolve(root, `.${decoded}`);
  return file === root || file.startsWith(root + sep) ? file : null;
}

/**
 * The middleware: GET and HEAD of non-API paths only; everything else passes through. Without a
 * build (`root` null) it passes everything through, so the API answers 404 as before.
 */
export function staticWeb(root: string | null) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const method = c.req.method;
    if (root === null || (method !== "GET" && method !== "HEAD") || isApiPath(c.req.path)) return next();
    const head = method === "HEAD";
    const file = fileFor(root, c.req.path);
    if (file !== null && !file.endsWith(`${sep}index.html`)) {
      const info = await stat(file).catch(() => null);
      if (info?.isFile()) {
        const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
        const hashed = c.req.path.startsWith("/assets/");
        const cache = hashed ? IMMUTABLE : "no-cache";
        const headers: Record<string, string> = {
          "Content-Type": type,
          "Cache-Control": cache,
          "Content-Length": String(info.size),
        };
        let served = file;
        if (hashed) {
          headers.Vary = "Accept-Encoding";
          const accepted = acceptedEncodings(c.req.header("accept-encoding"));
          for (const encoding of ENCODINGS) {
            if (!accepted.has(encoding.token)) continue;
            const twin = await stat(file + encoding.suffix).catch(() => null);
            if (!twin?.isFile()) continue;
            served = file + encoding.suffix;
            headers["Content-Encoding"] = encoding.token;
            headers["Content-Length"] = String(twin.size);
            break;
          }
        }
        if (head) return c.body(null, 200, headers);
        const bytes = await readFile(served);
        return c.body(
          new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength),
          200,
          headers,
        );
      }
    }
    // A missing file (a stale asset name, a typo) is a 404; a page path is the app's to route.
    const last = c.req.path.split("/").pop() ?? "";
    if (last.includes(".")) return next();
    const nonce = randomBytes(16).toString("base64");
    const html = (await readFile(join(root, "index.html"), "utf8")).replace(
      `content="${NONCE_PLACEHOLDER}"`,
      `content="${nonce}"`,
    );
    c.header("Content-Security-Policy", pageCsp(nonce));
    c.header("Cache-Control", "no-store");
    return c.html(head ? "" : html, 200);
  });
}
