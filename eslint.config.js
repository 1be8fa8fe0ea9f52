// @ts-check
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

/** Pure modules: no I/O, no database, no server. See docs/architecture.md. */
const pureModuleRestrictions = {
  patterns: [
    {
      group: ["node:*", "fs", "path", "os", "child_process", "worker_threads", "http", "https", "net"],
      message: "parse, units and align are pure: no Node I/O modules.",
    },
    {
      group: ["**/store/**", "**/server/**", "**/cli/**", "**/ingest/**", "**/track/**", "**/export/**"],
      message: "parse, units and align never import store, server, cli, ingest, track or export.",
    },
  ],
};

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "data/**", "web/dist/**", "artifacts/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-constant-condition": ["error", { checkLoops: false }],
    },
  },
  {
    files: ["web/src/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ["src/parse/**/*.ts", "src/units/**/*.ts", "src/align/**/*.ts", "src/track/rules/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", pureModuleRestrictions] },
  },
);
