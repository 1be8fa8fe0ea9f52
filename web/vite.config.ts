/**
 * The web app's build. `npm run build` writes it to dist/web, which `luoshi serve` serves; in
 * development `npx vite web` serves it with hot reload and forwards /api to a running server.
 */
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const webRoot = fileURLToPath(new URL(".", import.meta.url));
const apiTarget = process.env.LUOSHI_API ?? "http://127.0.0.1:3000";

export default defineConfig({
  root: webRoot,
  base: "/",
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
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
