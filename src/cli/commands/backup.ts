import { resolve } from "node:path";
import { backupStore } from "../../store/index.js";
import { ExitError } from "../exit-error.js";
import { parseFlags, withStore } from "./db.js";

const USAGE = "luoshi backup FILE";

/** `luoshi backup FILE`: a portable logical backup (gzip'd JSON lines) of the whole store. */
export async function runBackup(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { positionals } = parseFlags(args, {}, USAGE);
  if (positionals.length !== 1) throw new ExitError(`用法 / usage: ${USAGE}`, 2);
  const path = resolve(positionals[0]!);
  return withStore(async (store) => {
    const result = await backupStore(store.db, path, store.backend);
    const rows = Object.values(result.tables).reduce((a, b) => a + b, 0);
    out.write(
      `已备份到 ${path}：${rows} 行，${(result.bytes / 1024).toFixed(0)} KB，结构版本 ${result.schemaVersion}\n`,
    );
    return 0;
  });
}
