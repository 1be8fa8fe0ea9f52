import { writeFileSync } from "node:fs";
import { writeIndicatorMonitor, writeTaskDivisionTable, writeWorkLedger } from "../../export/xlsx/index.js";
import { periodScores } from "../../track/evaluation.js";
import { expectedReports } from "../../track/expected.js";
import { indicatorStatuses } from "../../track/indicators.js";
import { indicatorMonitorOf, taskDivisionOf, workLedgerOf } from "../../track/ledgers.js";
import { REPORT_STATUS_LABELS } from "../../track/report-status.js";
import { LIGHT_LABELS } from "../../track/rules/light.js";
import { WORKFLOW_LABELS } from "../../track/rules/workflow.js";
import { generateReminders, periodLights, periodRates } from "../../track/supervision.js";
import { ExitError } from "../exit-error.js";
import { parseFlags, REGION_FLAG, regionOf, withStore } from "./db.js";
import { cliTrackContext, cliTracked, periodOrExit, unitOrExit } from "./track-context.js";

const USAGE =
  "luoshi supervision expected|rates|overdue|scores|indicators|remind --period 周期ID [--unit 单位] [--json] | export tasks|ledger|indicators --period 周期ID --out 文件.xlsx";

const pct = (n: number | null) => (n === null ? "—" : `${n}%`);

/**
 * The supervision office's views of a period from the command line: who owes what, reporting
 * rates, overdue tasks (lights), scores, indicator status; `remind` generates today's 督办单;
 * `export` writes the three spreadsheets.
 */
export async function runSupervision(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    {
      ...REGION_FLAG,
      period: { type: "string" },
      unit: { type: "string" },
      out: { type: "string" },
      json: { type: "boolean" },
    },
    USAGE,
  );
  const [verb, what] = positionals;
  const regionId = regionOf(values);
  return withStore(async (store) => {
    const db = store.db;
    const scope = { db, regionId };
    const period = await periodOrExit(db, regionId, values.period);
    const write = (obj: unknown) => out.write(`${JSON.stringify(obj, null, 2)}\n`);
    switch (verb) {
      case "expected": {
        const unitId = values.unit ? (await unitOrExit(db, regionId, values.unit)).id : undefined;
        const rows = await expectedReports(scope, period, unitId);
        if (values.json) write(rows);
        else {
          out.write(`${period.label}（截止 ${period.due}）应报 ${rows.length} 份\n`);
          for (const e of rows)
            out.write(
              `  ${e.taskSeq}. ${e.taskText.slice(0, 30)}  ${e.unitName}${e.role === "lead" ? "（牵头）" : ""}  ${
                e.workflow ? `${WORKFLOW_LABELS[e.workflow]} ${REPORT_STATUS_LABELS[e.status!]}` : "未报"
              }\n`,
            );
        }
        return 0;
      }
      case "rates": {
        const rates = await periodRates(scope, period);
        if (values.json) write(rates);
        else {
          out.write(`${period.label} 报送率（应报 / 已报 / 按时 / 报送率 / 按时报送率）\n`);
          for (const u of rates.units)
            out.write(
              `  ${u.unitName}  ${u.expected} / ${u.submitted} / ${u.onTime} / ${pct(u.rate)} / ${pct(u.onTimeRate)}\n`,
            );
          const t = rates.total;
          out.write(
            `  合计  ${t.expected} / ${t.submitted} / ${t.onTime} / ${pct(t.rate)} / ${pct(t.onTimeRate)}\n`,
          );
        }
        return 0;
      }
      case "overdue": {
        const view = await periodLights(scope, period, new Date());
        const late = view.tasks.filter((t) => t.light !== "green");
        if (values.json) write(late);
        else {
          out.write(
            `${view.today} 红灯 ${late.filter((t) => t.light === "red").length} 项，黄灯 ${late.filter((t) => t.light === "yellow").length} 项\n`,
          );
          for (const t of late)
            out.write(
              `  [${LIGHT_LABELS[t.light]}] ${t.taskSeq}. ${t.taskText.slice(0, 30)}  未报：${t.missingUnits.map((u) => u.unitName).join("、") || "—"}${t.returnedTwice ? "（两次退回）" : ""}\n`,
            );
        }
        return 0;
      }
      case "scores": {
        const scores = await periodScores(scope, period);
        if (values.json) write(scores);
        else for (const u of scores.units) out.write(`  ${u.rank}. ${u.unitName}  ${u.score}\n`);
        return 0;
      }
      case "indicators": {
        const statuses = await indicatorStatuses(scope, { documentId: period.documentId });
        if (values.json) write(statuses);
        else
          for (const s of statuses)
            out.write(
              `  ${s.name}  目标 ${s.target ?? "—"}${s.attribute === "binding" ? "（约束性）" : ""}  ${s.label}${s.progress.ratio === null ? "" : `（${Math.round(s.progress.ratio * 100)}%）`}\n`,
            );
        return 0;
      }
      case "remind": {
        const ctx = cliTrackContext(db, regionId, "period.remind");
        const created = await cliTracked(() =>
          generateReminders(ctx, { periodId: period.id, delivery: { smtpConfigured: false } }),
        );
        if (values.json) write(created);
        else out.write(`今日生成督办提醒 ${created.length} 条（站内；SMTP 未配置，未发送邮件）\n`);
        return 0;
      }
      case "export": {
        if (!values.out || !["tasks", "ledger", "indicators"].includes(what ?? ""))
          throw new ExitError(`用法 / usage: ${USAGE}`, 2);
        const bytes =
          what === "tasks"
            ? await writeTaskDivisionTable(await taskDivisionOf(scope, period.documentId))
            : what === "ledger"
              ? await writeWorkLedger(await workLedgerOf(scope, period))
              : await writeIndicatorMonitor(await indicatorMonitorOf(scope, period.documentId));
        writeFileSync(values.out, bytes);
        out.write(`已写入 ${values.out}（${bytes.byteLength} 字节）\n`);
        return 0;
      }
      default:
        throw new ExitError(`用法 / usage: ${USAGE}`, 2);
    }
  });
}
