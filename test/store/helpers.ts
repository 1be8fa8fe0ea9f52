import { randomUUID } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "kysely";
import { openStore, PGLITE_OPTIONS, type Backend, type Store } from "../../src/store/index.js";

/** Both backends; every store suite runs on each. */
export const backends: Backend[] = ["pglite", "postgres"];

/** The PostgreSQL server the suite expects (trust auth). Unreachable → the suite fails, never skips. */
export const PG_URL = process.env.LUOSHI_TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

let shared: Promise<PGlite> | undefined;

/** One in-memory PGlite per test file (initdb costs seconds); suites separate by schema. */
export function sharedPglite(): Promise<PGlite> {
  shared ??= PGlite.create({ ...PGLITE_OPTIONS });
  return shared;
}

/** A fresh schema name, unique per call. */
export function freshSchema(): string {
  return `t_${randomUUID().replace(/-/g, "").slice(0, 20)}`;
}

/** A test store in a fresh schema; `dispose()` drops the schema and closes the store. */
export interface TestStore extends Store {
  dispose(): Promise<void>;
}

/** Opens a migrated store on `backend` in a schema of its own. */
export async function openTestStore(backend: Backend, schema = freshSchema()): Promise<TestStore> {
  const store =
    backend === "pglite"
      ? await openStore({ pglite: await sharedPglite(), schema })
      : await openStore({ databaseUrl: PG_URL, schema });
  return {
    ...store,
    dispose: async () => {
      await sql.raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).execute(store.db);
      await store.close();
    },
  };
}

/** The repository root. */
export const ROOT = join(import.meta.dirname, "..", "..");
/** The demo corpus folder. */
export const CORPUS = join(ROOT, "examples", "corpus");

/** Corpus file names, sorted. */
export function corpusFiles(): string[] {
  return readdirSync(CORPUS)
    .filter((f) => f.endsWith(".txt"))
    .sort();
}

/** Bytes of one corpus file. */
export function corpusBytes(name: string): Uint8Array {
  return readFileSync(join(CORPUS, name));
}
