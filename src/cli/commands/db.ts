import { parseArgs, type ParseArgsConfig } from "node:util";
import { sql } from "kysely";
import { RegistryError, type UnitLevel } from "../../units/index.js";
import {
  appliedMigrations,
  citationGraph,
  defaultRegionId,
  findDocument,
  LATEST_SCHEMA_VERSION,
  listDocuments,
  migrateDown,
  migrateToLatest,
  MIGRATIONS,
  openStore,
  StoreError,
  TABLES_IN_DEPENDENCY_ORDER,
  upsertRegion,
  type Store,
} from "../../store/index.js";
import { ExitError } from "../exit-error.js";

/** Exit codes of store failures (sysexits.h): 75 temporary (locked), 69 unavailable, 65 bad data. */
function exitCodeOf(error: StoreError): number {
  switch (error.code) {
    case "DATADIR_LOCKED":
      return 75;
    case "DATABASE_UNREACHABLE":
      return 69;
    case "BACKUP_INVALID":
      return 65;
    case "NOT_FOUND":
      return 66;
    default:
      return 1;
  }
}

/** Turns store and registry failures into one-line CLI errors. */
export function toExitError(error: unknown): unknown {
  if (error instanceof StoreError)
    return new ExitError(`${error.messageZh} / ${error.messageEn} [${error.code}]`, exitCodeOf(error));
  if (error instanceof RegistryError) return new ExitError(error.message, 65);
  return error;
}

/**
 * Opens the store from the environment (DATABASE_URL, LUOSHI_DATA_DIR, LUOSHI_DB_SCHEMA), runs
 * `work`, and always closes it, so the PGlite data directory lock is released.
 */
export async function withStore<T>(
  work: (store: Store) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  let store: Store;
  try {
    store = await openStore({ migrate: options.migrate ?? true });
  } catch (error) {
    throw toExitError(error);
  }
  for (const warning of store.warnings) {
    if (store.backend === "postgres") process.stderr.write(`警告：${warning}\n`);
  }
  try {
    return await work(store);
  } catch (error) {
    throw toExitError(error);
  } finally {
    await store.close();
  }
}

/** Parses flags with node:util; unknown options and bad values are usage errors (exit 2). */
export function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(
  args: string[],
  options: T,
  usage: string,
) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ExitError(`${(error as Error).message}\n用法 / usage: ${usage}`, 2);
  }
}

/** The region flag shared by the store commands. */
export const REGION_FLAG = { region: { type: "string" } } as const;

/** `--region`, else LUOSHI_REGION, else `default`. */
export function regionOf(values: { region?: string | undefined }): string {
  return values.region ?? defaultRegionId();
}

const USAGE = `luoshi db migrate | status | down --yes | vacuum | docs | graph DOC [--depth N] [--json] | region ID [--name 名称] [--level 级别] [--place 地名=级别 …]`;

/**
 * `luoshi db …`: the schema (migrate, status, down), the documents of a region, the citation
 * graph around one document, and a region's name and place names.
 */
export async function runDb(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    {
      ...REGION_FLAG,
      json: { type: "boolean" },
      yes: { type: "boolean" },
      depth: { type: "string" },
      name: { type: "string" },
      level: { type: "string" },
      place: { type: "string", multiple: true },
    },
    USAGE,
  );
  const [sub, ...rest] = positionals;
  const regionId = regionOf(values);
  switch (sub) {
    case "migrate":
      return withStore(
        async (store) => {
          const applied = await migrateToLatest(store.db);
          out.write(
            applied.length > 0
              ? `已应用迁移：${applied.join("、")}\n`
              : `数据库结构已是最新（${LATEST_SCHEMA_VERSION}）\n`,
          );
          return 0;
        },
        { migrate: false },
      );
    case "status":
      return withStore(
        async (store) => {
          const applied = await appliedMigrations(store.db);
          const pending = Object.keys(MIGRATIONS).filter((m) => !applied.includes(m));
          out.write(
            `数据库：${store.backend === "pglite" ? "嵌入式 PGlite" : "PostgreSQL"}  ${store.location}\n`,
          );
          if (store.schema) out.write(`模式：${store.schema}\n`);
          out.write(
            `结构版本：${applied.at(-1) ?? "（空）"}${pending.length > 0 ? `，待应用 ${pending.join("、")}` : ""}\n`,
          );
          for (const warning of store.warnings) out.write(`注意：${warning}\n`);
          if (pending.length > 0 || applied.length === 0) return 0;
          for (const table of TABLES_IN_DEPENDENCY_ORDER) {
            const r = await store.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<number>().as("n"))
              .executeTakeFirst();
            out.write(`  ${table.padEnd(24)} ${String(Number(r?.n ?? 0)).padStart(8)}\n`);
          }
          return 0;
        },
        { migrate: false },
      );
    case "down":
      if (!values.yes) throw new ExitError("回退迁移会删除数据，请加 --yes 确认 / pass --yes to confirm", 2);
      return withStore(
        async (store) => {
          const undone = await migrateDown(store.db);
          out.write(undone.length > 0 ? `已回退：${undone.join("、")}\n` : "没有可回退的迁移\n");
          return 0;
        },
        { migrate: false },
      );
    case "docs":
      return withStore(async (store) => {
        const docs = await listDocuments(store.db, { regionId });
        if (values.json) {
          out.write(`${JSON.stringify(docs, null, 2)}\n`);
          return 0;
        }
        out.write(`地区 ${regionId}：${docs.length} 份文件\n`);
        for (const d of docs) {
          out.write(
            `${d.documentId.slice(0, 8)}  ${d.docNumber ?? "—"}  ${d.title ?? d.filename}  （任务 ${d.tasks} 项，解析器 ${d.parserVersion}）\n`,
          );
        }
        return 0;
      });
    case "graph": {
      const ref = rest[0];
      if (!ref) throw new ExitError(`用法 / usage: ${USAGE}`, 2);
      const depth = values.depth ? Number(values.depth) : 1;
      if (!Number.isInteger(depth) || depth < 1 || depth > 10)
        throw new ExitError("--depth 须为 1–10 的整数", 2);
      return withStore(async (store) => {
        const documentId = await findDocument(store.db, regionId, ref);
        const graph = await citationGraph(store.db, { regionId, documentId, depth });
        if (values.json) {
          out.write(`${JSON.stringify(graph, null, 2)}\n`);
          return 0;
        }
        const label = (id: string | null) => {
          if (!id) return "（不在台账中）";
          const n = graph.nodes.find((x) => x.documentId === id);
          return n ? `${n.docNumber ?? id.slice(0, 8)} ${n.title ?? ""}`.trim() : id.slice(0, 8);
        };
        out.write(`引用关系（${label(documentId)}，深度 ${depth}）\n`);
        for (const e of graph.edges) {
          const cited = e.to
            ? label(e.to)
            : `${e.docNumber ?? ""}${e.title ? `《${e.title}》` : ""}（不在台账中）`;
          out.write(`  ${label(e.from)}\n    → ${cited}\n`);
        }
        if (graph.edges.length === 0) out.write("  （没有引用关系）\n");
        return 0;
      });
    }
    case "region": {
      const id = rest[0];
      if (!id) throw new ExitError(`用法 / usage: ${USAGE}`, 2);
      const places: Record<string, UnitLevel> = {};
      for (const p of values.place ?? []) {
        const m = /^(.+)=(国|省|市|州|县|区|乡镇)$/u.exec(p);
        if (!m) throw new ExitError(`--place 须写成 地名=级别（如 万州区=区），得到 ${p}`, 2);
        places[m[1]!] = m[2] as UnitLevel;
      }
      return withStore(async (store) => {
        await upsertRegion(store.db, {
          regionId: id,
          ...(values.name ? { name: values.name } : {}),
          ...(values.level ? { level: values.level } : {}),
          ...(values.place ? { places } : {}),
        });
        const row = await store.db
          .selectFrom("regions")
          .selectAll()
          .where("region_id", "=", id)
          .executeTakeFirstOrThrow();
        out.write(`地区 ${row.region_id}：${row.name}${row.level ? `（${row.level}）` : ""}\n`);
        const own = Object.entries(row.places);
        if (own.length > 0) out.write(`  本地地名：${own.map(([k, v]) => `${k}=${v}`).join("，")}\n`);
        return 0;
      });
    }
    case "vacuum":
      return withStore(async (store) => {
        // PGlite has no autovacuum: re-parses and unit upserts leave dead rows, GIN indexes a
        // pending list, and the planner old statistics, until someone runs this.
        for (const table of TABLES_IN_DEPENDENCY_ORDER)
          await sql.raw(`VACUUM (ANALYZE) ${table}`).execute(store.db);
        out.write(`已整理 ${TABLES_IN_DEPENDENCY_ORDER.length} 张表（VACUUM ANALYZE）\n`);
        return 0;
      });
    case "ping":
      return withStore(async (store) => {
        await sql`SELECT 1`.execute(store.db);
        out.write("ok\n");
        return 0;
      });
    default:
      throw new ExitError(`用法 / usage: ${USAGE}`, 2);
  }
}
