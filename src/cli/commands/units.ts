import { readFile } from "node:fs/promises";
import type { RegistryOverride } from "../../units/index.js";
import {
  getRegistryOverride,
  listUnits,
  loadRegistry,
  setRegistryOverride,
  unresolvedUnits,
} from "../../store/index.js";
import { ExitError } from "../exit-error.js";
import { parseFlags, REGION_FLAG, regionOf, withStore } from "./db.js";

const USAGE =
  "luoshi units [--unresolved] [--json] | units resolve 名称… [--year 年份] | units registry show|set FILE|clear";

/**
 * `luoshi units`: the region's units with task counts; `--unresolved` lists names the registry
 * could not match; `resolve` shows how names map; `registry` shows or replaces the region's
 * override of the shipped registry (and re-resolves every assignment).
 */
export async function runUnits(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    { ...REGION_FLAG, unresolved: { type: "boolean" }, json: { type: "boolean" }, year: { type: "string" } },
    USAGE,
  );
  const regionId = regionOf(values);
  const [sub, ...rest] = positionals;
  if (sub === undefined) {
    return withStore(async (store) => {
      if (values.unresolved) {
        const list = await unresolvedUnits(store.db, { regionId });
        if (values.json) {
          out.write(`${JSON.stringify(list, null, 2)}\n`);
          return 0;
        }
        out.write(`未识别的责任单位 ${list.length} 个（地区 ${regionId}）\n`);
        for (const u of list) out.write(`  ${u.name}  任务 ${u.tasks} 项，文件 ${u.documents} 份\n`);
        return 0;
      }
      const list = await listUnits(store.db, { regionId });
      if (values.json) {
        out.write(`${JSON.stringify(list, null, 2)}\n`);
        return 0;
      }
      out.write(`责任单位 ${list.length} 个（地区 ${regionId}；牵头/配合任务数）\n`);
      for (const u of list) {
        const aliases = u.aliases.length > 0 ? `  原文：${u.aliases.join("、")}` : "";
        out.write(
          `  ${u.canonicalName}${u.kind === "collective" ? "（集合）" : ""}  ${u.lead}/${u.co}${aliases}\n`,
        );
      }
      return 0;
    });
  }
  if (sub === "resolve") {
    if (rest.length === 0) throw new ExitError(`用法 / usage: ${USAGE}`, 2);
    const year = values.year !== undefined ? Number(values.year) : undefined;
    return withStore(async (store) => {
      const registry = await loadRegistry(store.db, regionId);
      const results = rest.map((name) =>
        registry.resolve(name, year !== undefined ? { writtenYear: year } : {}),
      );
      if (values.json) {
        out.write(`${JSON.stringify(results, null, 2)}\n`);
        return 0;
      }
      for (const r of results) {
        const history = r.history.map((h) => `${h.from}→${h.to}（${h.year}）`).join("，");
        const state = r.resolved ? r.canonicalName : "未识别";
        out.write(
          `${r.written} → ${state}${history ? `  沿革：${history}` : ""}${r.staleAtWriting ? "  （成文时已是旧称）" : ""}\n`,
        );
      }
      return 0;
    });
  }
  if (sub === "registry") {
    const [action, file] = rest;
    if (action === "show") {
      return withStore(async (store) => {
        const override = await getRegistryOverride(store.db, regionId);
        out.write(`${JSON.stringify(override ?? { version: 1 }, null, 2)}\n`);
        return 0;
      });
    }
    if (action === "set" && file) {
      let override: RegistryOverride;
      try {
        override = JSON.parse(await readFile(file, "utf8")) as RegistryOverride;
      } catch (error) {
        throw new ExitError(`无法读取单位名录文件 ${file}：${(error as Error).message}`, 65);
      }
      return withStore(async (store) => {
        const changed = await setRegistryOverride(store.db, regionId, override);
        out.write(`已更新地区 ${regionId} 的单位名录；${changed} 条分工改为新的单位\n`);
        return 0;
      });
    }
    if (action === "clear") {
      return withStore(async (store) => {
        const changed = await setRegistryOverride(store.db, regionId, undefined);
        out.write(`已清除地区 ${regionId} 的单位名录覆盖；${changed} 条分工改为新的单位\n`);
        return 0;
      });
    }
  }
  throw new ExitError(`用法 / usage: ${USAGE}`, 2);
}
