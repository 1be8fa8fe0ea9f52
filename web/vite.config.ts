/**
 * The web app's build. `npm run build` writes it to dist/web, which `luoshi serve` serves; in
 * development `npx vite web` serves it with hot reload and forwards /api to a running server.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/**
 * Writes `x.br` (brotli, quality 11) and `x.gz` (gzip -9) beside every script, style sheet and SVG
 * of the build, once, so the server sends compressed bytes without compressing per request
 * (src/server/static.ts picks the one the browser accepts). A file that would not shrink is left alone.
 */
function precompress(outDir: string): Plugin {
  return {
    name: "luoshi-precompress",
    apply: "build",
    async closeBundle() {
      const assets = join(outDir, "assets");
      const names = (await readdir(assets)).filter((n) => /\.(js|css|svg)$/.test(n));
      await Promise.all(
        names.map(async (name) => {
          const file = join(assets, name);
          const bytes = await readFile(file);
          const [br, gz] = await Promise.all([
            brotli(bytes, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: 11,
                [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
              },
            }),
            gzipped(bytes, { level: 9 }),
          ]);
          if (br.byteLength < bytes.byteLength) await writeFile(`${file}.br`, br);
          if (gz.byteLength < bytes.byteLength) await writeFile(`${file}.gz`, gz);
        }),
      );
    },
  };
}

const webRoot = fileURLToPath(new URL(".", import.meta.url));
const apiTarget = process.env.LUOSHI_API ?? "http://127.0.0.1:3000";
const outDir = fileURLToPath(new URL("../dist/web", import.meta.url));

export default defineConfig({
  root: webRoot,
  base: "/",
  plugins: [react(), precompress(outDir)],
  build: {
    outDir,
    emptyOutDir: true,
    target: "es2022",
    // Gzip sizes are measured by the budget check in test/web, not on every build.
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1600,
  },
  server: {
    proxy: { "/api": apiTarget, "/health": apiTarget },
  },
});
