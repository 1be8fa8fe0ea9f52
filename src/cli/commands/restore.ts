import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { restoreStore } from "../../store/index.js";
import { ExitError } from "../exit-error.js";
import { parseFlags, withStore } from "./db.js";

const USAGE = "luoshi restore FILE [--replace]";

/**
 * `luoshi restore FILE`: loads a backup into the store configured by the environment (PGlite or
 * PostgreSQL, whichever made the backup). Refuses a non-empty store unless --replace.
 */
export async function runRestore(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseFlags(args, { replace: { type: "boolean" } }, USAGE);
  if (positionals.length !== 1) throw new ExitError(`用法 / usage: ${USAGE}`, 2);
  const path = resolve(positionals[0]!);
  if (!existsSync(path)) throw new ExitError(`无法读取文件 / cannot read file: ${path}`, 66);
  return withStore(async (store) => {
    const result = await restoreStore(store.db, path, { replace: values.replace ?? false });
    const rows = Object.values(result.tables).reduce((a, b) => a + b, 0);
    out.write(`已从 ${path} 恢复 ${rows} 行（结构版本 ${result.schemaVersion}）到 ${store.location}\n`);
    return 0;
  });
}
