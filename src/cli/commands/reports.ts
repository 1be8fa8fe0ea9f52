import { readFileSync } from "node:fs";
import { isXlsxImportError, readWorkLedger } from "../../export/xlsx/index.js";
import { importLedger } from "../../track/ledgers.js";
import { acceptReport, listReports, reportHistory, returnReport } from "../../track/reports.js";
import { REPORT_STATUS_LABELS } from "../../track/report-status.js";
import { WORKFLOW_LABELS } from "../../track/rules/workflow.js";
import { ExitError } from "../exit-error.js";
import { parseFlags, REGION_FLAG, regionOf, withStore } from "./db.js";
import { cliTrackContext, cliTracked, periodOrExit, unitOrExit } from "./track-context.js";

const USAGE =
  "luoshi reports list --period 周期ID [--unit 单位] | accept 报告ID [--comment 意见] | return 报告ID --comment 意见 | history 报告ID | import 台账.xlsx --period 周期ID [--apply] [--json]";

/**
 * `luoshi reports list --period …`: the reports received in a period; `accept` and `return` review
 * one as the supervision office; `history` shows its versions; `import` reads a filled-in 工作台账
 * (a dry run unless `--apply`).
 */
export async function runReports(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    {
      ...REGION_FLAG,
      period: { type: "string" },
      unit: { type: "string" },
      comment: { type: "string" },
      apply: { type: "boolean" },
      json: { type: "boolean" },
    },
    USAGE,
  );
  const [verb, target] = positionals;
  const regionId = regionOf(values);
  return withStore(async (store) => {
    const db = store.db;
    const write = (obj: unknown) => out.write(`${JSON.stringify(obj, null, 2)}\n`);
    switch (verb) {
      case "list": {
        const period = await periodOrExit(db, regionId, values.period);
        const unitId = values.unit ? (await unitOrExit(db, regionId, values.unit)).id : undefined;
        const reports = await listReports({ db, regionId }, { periodId: period.id, unitId });
        if (values.json) write(reports);
        else {
          out.write(`${period.label}：已有报告 ${reports.length} 份\n`);
          for (const r of reports)
            out.write(
              `  ${r.id}  ${WORKFLOW_LABELS[r.workflow]}  ${REPORT_STATUS_LABELS[r.status]}  ${r.progress}%  v${r.version}\n`,
            );
        }
        return 0;
      }
      case "accept":
      case "return": {
        if (!target || (verb === "return" && !values.comment))
          throw new ExitError(`用法 / usage: ${USAGE}`, 2);
        const ctx = cliTrackContext(db, regionId, `report.${verb}`);
        const report = await cliTracked(() =>
          verb === "accept"
            ? acceptReport(ctx, target, values.comment ?? null)
            : returnReport(ctx, target, values.comment!),
        );
        if (values.json) write(report);
        else out.write(`报告 ${report.id} ${WORKFLOW_LABELS[report.workflow]}（版本 ${report.version}）\n`);
        return 0;
      }
      case "history": {
        if (!target) throw new ExitError(`用法 / usage: ${USAGE}`, 2);
        const history = await reportHistory({ db, regionId }, target);
        if (values.json) write(history);
        else
          for (const v of history)
            out.write(
              `v${v.version}  ${v.at.toISOString()}  ${v.actorName}  ${v.action}${v.comment ? `：${v.comment}` : ""}\n`,
            );
        return 0;
      }
      case "import": {
        if (!target) throw new ExitError(`用法 / usage: ${USAGE}`, 2);
        const period = await periodOrExit(db, regionId, values.period);
        let read;
        try {
          read = await readWorkLedger(new Uint8Array(readFileSync(target)));
        } catch (error) {
          if (isXlsxImportError(error)) throw new ExitError(error.messageZh, 65);
          throw new ExitError(`无法读取文件：${target}`, 66);
        }
        const ctx = cliTrackContext(db, regionId, "period.import");
        const result = await cliTracked(() =>
          importLedger(ctx, period, read.rows, read.problems, !values.apply),
        );
        if (values.json) write(result);
        else {
          const count = (a: string) => result.rows.filter((r) => r.action === a).length;
          out.write(
            `${result.dryRun ? "试导入（未写入）" : "已导入"}：新建 ${count("create")}，更新 ${count("update")}，未变 ${count("unchanged")}，跳过 ${count("skip")}\n`,
          );
          for (const r of result.rows.filter((x) => x.problems.length > 0))
            out.write(`  第 ${r.rowNumber} 行：${r.problems.join("；")}\n`);
        }
        return 0;
      }
      default:
        throw new ExitError(`用法 / usage: ${USAGE}`, 2);
    }
  });
}
