import { relative } from "node:path";
import cliProgress from "cli-progress";
import { importFiles, type FileOutcome, type ImportSummary } from "../../import/index.js";
import { createImportReaders, defaultImportLanes } from "../../server/parse-runner.js";
import { ExitError } from "../exit-error.js";
import { parseFlags, REGION_FLAG, regionOf, withStore } from "./db.js";

const USAGE = "luoshi import PATH… [--region 地区] [--jobs N] [--json]";

function describe(outcome: FileOutcome): string {
  if (!outcome.ok) return `失败：${outcome.messageZh} [${outcome.code}]`;
  const r = outcome.result;
  if (r.status === "duplicate") return `重复（与已导入的 ${r.filename} 相同），未写入`;
  const what = `任务 ${r.counts.tasks} 项，指标 ${r.counts.indicators} 项，引用 ${r.counts.citations} 处`;
  if (r.status === "reparsed") {
    return `已重新解析（${what}；任务保留 ${r.tasks?.kept ?? 0}、新增 ${r.tasks?.added ?? 0}、停用 ${r.tasks?.retired ?? 0}）`;
  }
  return `已导入（${what}）`;
}

function shortPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") ? rel : path;
}

/** The closing summary: counts, then every failure with its reason, then unresolved unit names. */
export function formatSummary(summary: ImportSummary): string {
  const lines = [
    `导入完成：新导入 ${summary.imported} 份，重新解析 ${summary.reparsed} 份，重复 ${summary.duplicates} 份，失败 ${summary.failed} 份`,
  ];
  const failures = summary.outcomes.filter((o): o is Extract<FileOutcome, { ok: false }> => !o.ok);
  if (failures.length > 0) {
    lines.push("失败原因：");
    for (const f of failures) lines.push(`  ${shortPath(f.path)}：${f.messageZh} [${f.code}]`);
  }
  const unresolved = new Set<string>();
  for (const o of summary.outcomes) {
    if (o.ok && o.result.status !== "duplicate") for (const u of o.result.unresolvedUnits) unresolved.add(u);
  }
  if (unresolved.size > 0) {
    lines.push(
      `未能识别的责任单位 ${unresolved.size} 个：${[...unresolved].slice(0, 10).join("、")}${unresolved.size > 10 ? "…" : ""}`,
    );
    lines.push("  用 luoshi units --unresolved 查看全部，可在地区单位名录中补充（见 docs/units.md）");
  }
  return `${lines.join("\n")}\n`;
}

/**
 * `luoshi import PATH…`: imports files and folders (recursively) into the ledger, one document per
 * transaction. A progress bar goes to stderr on a terminal; otherwise one line per file.
 * Exit 0 when nothing failed, 1 when some file failed (the others are imported).
 */
export async function runImport(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    { ...REGION_FLAG, json: { type: "boolean" }, jobs: { type: "string" } },
    USAGE,
  );
  if (positionals.length === 0) throw new ExitError(`用法 / usage: ${USAGE}`, 2);
  const jobs = values.jobs !== undefined ? Number(values.jobs) : undefined;
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1 || jobs > 32)) {
    throw new ExitError(`--jobs 须为 1–32 的整数，得到 ${values.jobs}`, 2);
  }
  const regionId = regionOf(values);
  const tty = Boolean(process.stderr.isTTY) && !values.json;
  const bar = tty
    ? new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: "导入 [{bar}] {value}/{total} | 新 {imported} 重复 {duplicates} 失败 {failed} | {file}",
          hideCursor: true,
          clearOnComplete: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const tally = { imported: 0, duplicates: 0, failed: 0 };
  let started = false;
  let done = 0;
  const summary = await withStore(async (store) => {
    const lanes = jobs ?? defaultImportLanes(store.backend);
    // Ingest, parse and search vectors in worker threads where there are cores to spare.
    const readers = createImportReaders(lanes);
    try {
      return await importFiles(store.db, positionals, {
        regionId,
        concurrency: lanes,
        ...(readers ? { read: readers.read } : {}),
        onProgress: ({ total, path, outcome }) => {
          if (!outcome) {
            if (!started) bar?.start(total, 0, { ...tally, file: "" });
            started = true;
            bar?.update({ file: shortPath(path) });
            return;
          }
          done++;
          if (!outcome.ok) tally.failed++;
          else if (outcome.result.status === "duplicate") tally.duplicates++;
          else tally.imported++;
          if (bar) bar.update(done, { ...tally, file: shortPath(path) });
          else if (!values.json)
            process.stderr.write(`[${done}/${total}] ${shortPath(path)}：${describe(outcome)}\n`);
        },
      });
    } finally {
      await readers?.close();
    }
  });
  bar?.stop();
  if (values.json) out.write(`${JSON.stringify(summary, null, 2)}\n`);
  else out.write(formatSummary(summary));
  return summary.failed > 0 ? 1 : 0;
}
