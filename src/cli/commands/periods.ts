import { findDocument } from "../../store/index.js";
import {
  grantException,
  listPeriods,
  openYear,
  proposePeriods,
  setPeriodStatus,
} from "../../track/periods.js";
import { ExitError } from "../exit-error.js";
import { parseFlags, REGION_FLAG, regionOf, withStore } from "./db.js";
import { cliTrackContext, cliTracked, unitOrExit } from "./track-context.js";

const USAGE =
  "luoshi periods propose|open --doc 文件 --year 年份 | list [--doc 文件] | close|reopen 周期ID | exception 周期ID --unit 单位 --reason 原因 [--json]";

const STATUS = { open: "开放", closed: "已关闭" } as const;

/**
 * `luoshi periods open --doc 万州府办发〔2017〕83号 --year 2024`: opens a document's reporting year
 * (the calendar proposed from its text); `propose` shows the proposal; `list`, `close`, `reopen`,
 * `exception` as the supervision office does them in the web app.
 */
export async function runPeriods(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    {
      ...REGION_FLAG,
      doc: { type: "string" },
      year: { type: "string" },
      unit: { type: "string" },
      reason: { type: "string" },
      json: { type: "boolean" },
    },
    USAGE,
  );
  const [verb, id] = positionals;
  const regionId = regionOf(values);
  const year = values.year ? Number(values.year) : undefined;
  if ((verb === "propose" || verb === "open") && (!values.doc || !year || !Number.isInteger(year)))
    throw new ExitError(`用法 / usage: ${USAGE}`, 2);
  return withStore(async (store) => {
    const db = store.db;
    const write = (obj: unknown) => out.write(`${JSON.stringify(obj, null, 2)}\n`);
    switch (verb) {
      case "propose": {
        const documentId = await findDocument(db, regionId, values.doc!);
        const proposal = await cliTracked(() => proposePeriods({ db, regionId }, documentId, year!));
        if (values.json) write(proposal);
        else
          for (const p of proposal)
            out.write(`${p.label}  ${p.start} — ${p.end}  截止 ${p.due}  依据：${p.source}\n`);
        return 0;
      }
      case "open": {
        const documentId = await findDocument(db, regionId, values.doc!);
        const ctx = cliTrackContext(db, regionId, "period.open");
        const result = await cliTracked(() => openYear(ctx, documentId, year!));
        if (values.json) write(result);
        else {
          out.write(
            `已开启 ${year} 年报送周期：新建 ${result.created.length} 个，共 ${result.periods.length} 个\n`,
          );
          for (const p of result.periods)
            out.write(`  ${p.id}  ${p.label}  截止 ${p.due}  ${STATUS[p.status]}\n`);
        }
        return 0;
      }
      case "list": {
        const documentId = values.doc ? await findDocument(db, regionId, values.doc) : undefined;
        const periods = await listPeriods({ db, regionId }, { documentId });
        if (values.json) write(periods);
        else for (const p of periods) out.write(`${p.id}  ${p.label}  截止 ${p.due}  ${STATUS[p.status]}\n`);
        return 0;
      }
      case "close":
      case "reopen": {
        if (!id) throw new ExitError(`用法 / usage: ${USAGE}`, 2);
        const ctx = cliTrackContext(db, regionId, verb === "close" ? "period.close" : "period.reopen");
        const result = await cliTracked(() => setPeriodStatus(ctx, id, verb === "close" ? "closed" : "open"));
        if (values.json) write(result);
        else
          out.write(
            verb === "close"
              ? `已关闭 ${result.period.label}，锁定已审核报告 ${result.locked} 份\n`
              : `已重新开放 ${result.period.label}\n`,
          );
        return 0;
      }
      case "exception": {
        if (!id || !values.unit || !values.reason) throw new ExitError(`用法 / usage: ${USAGE}`, 2);
        const unit = await unitOrExit(db, regionId, values.unit);
        const ctx = cliTrackContext(db, regionId, "period.exception");
        await cliTracked(() => grantException(ctx, id, unit.id, values.reason!));
        out.write(`已为 ${unit.name} 开通补报例外\n`);
        return 0;
      }
      default:
        throw new ExitError(`用法 / usage: ${USAGE}`, 2);
    }
  });
}
