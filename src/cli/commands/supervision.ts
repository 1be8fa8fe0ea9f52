import { writeFileSync } from "node:fs";
import { writeIndicatorMonitor, writeTaskDivisionTable, writeWorkLedger } from "../../export/xlsx/index.js";
import { periodScores } from "../../track/evaluation.js";
import { expectedReports } from "../../track/expected.js";
import { indicatorStatuses } from "../../track/indicators.js";
import { indicatorMonitorOf, taskDivisionOf, workLedgerOf } from "../../track/ledgers.js";
import { REPORT_STATUS_LABELS } from "../../track/report-status.js";
import { LIGHT_LABELS } from "../../track/rules/light.js";
import { WORKFLOW_LABELS } from "../../track/rules/workflow.js";
import { smtpMailer } from "../../track/mailer.js";
import { generateReminders, periodLights, periodRates, regionRates } from "../../track/supervision.js";
import { resolveSettings } from "../../server/settings.js";
import { listIndicatorUnits, proposeIndicatorUnits, setIndicatorUnits } from "../../track/indicator-units.js";
import { ExitError } from "../exit-error.js";
import { parseFlags, REGION_FLAG, regionOf, withStore } from "./db.js";
import { cliTrackContext, cliTracked, periodOrExit, unitOrExit } from "./track-context.js";

const USAGE =
  "luoshi supervision expected|rates|overdue|scores|indicators|remind --period 周期ID [--unit 单位] [--json] | rates --year 年份 | --from 日期 --to 日期 [--unit 单位] | indicator-units --indicator 指标ID [--set 单位[:co],…] | export tasks|ledger|indicators --period 周期ID --out 文件.xlsx";

const pct = (n: number | null) => (n === null ? "—" : `${n}%`);

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** `--year 2025` → the year; `--from … --to …` → that range of due dates. */
function rangeOf(values: { year?: string | undefined; from?: string | undefined; to?: string | undefined }) {
  if (values.year && !values.from && !values.to && /^\d{4}$/.test(values.year))
    return { from: `${values.year}-01-01`, to: `${values.year}-12-31` };
  if (
    !values.year &&
    values.from &&
    values.to &&
    ISO.test(values.from) &&
    ISO.test(values.to) &&
    values.from <= values.to
  )
    return { from: values.from, to: values.to };
  throw new ExitError("请用 --year 年份，或 --from 与 --to（YYYY-MM-DD）指定范围", 2);
}

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
      year: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      indicator: { type: "string" },
      set: { type: "string" },
    },
    USAGE,
  );
  const [verb, what] = positionals;
  const regionId = regionOf(values);
  return withStore(async (store) => {
    const db = store.db;
    const scope = { db, regionId };
    const write = (obj: unknown) => out.write(`${JSON.stringify(obj, null, 2)}\n`);
    // Region-wide rates and indicator responsibility need no period.
    if (verb === "rates" && !values.period) {
      const range = rangeOf(values);
      const unitId = values.unit ? (await unitOrExit(db, regionId, values.unit)).id : null;
      const rates = await regionRates(scope, range, unitId);
      if (values.json) write(rates);
      else {
        out.write(
          `${range.from} 至 ${range.to} 全区报送率：${rates.documents} 个文件、${rates.periods} 个报送周期（应报 / 已报 / 按时 / 报送率 / 按时报送率）\n`,
        );
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
    if (verb === "indicator-units") {
      if (!values.indicator) throw new ExitError("请用 --indicator 指定指标", 2);
      const id = values.indicator;
      if (values.set !== undefined) {
        const units: { unitId: string; role: "lead" | "co" }[] = [];
        for (const part of values.set.split(/[,，、]/).filter(Boolean)) {
          const [name, role] = part.split(":");
          units.push({
            unitId: (await unitOrExit(db, regionId, name!.trim())).id,
            role: role === "co" ? "co" : "lead",
          });
        }
        const ctx = cliTrackContext(db, regionId, "indicator.assign");
        await cliTracked(() => setIndicatorUnits(ctx, id, units));
      }
      const assigned = await listIndicatorUnits(scope, id);
      const proposed = await cliTracked(() => proposeIndicatorUnits(scope, id));
      if (values.json) write({ units: assigned, proposed });
      else {
        out.write(
          `责任单位：${assigned.map((u) => `${u.unitName}${u.role === "lead" ? "（牵头）" : ""}`).join("、") || "未指定"}\n`,
        );
        out.write(
          `文件建议：${proposed.map((p) => `${p.unitName ?? `${p.written}（未识别）`}${p.role === "lead" ? "（牵头）" : ""}`).join("、") || "无"}\n`,
        );
      }
      return 0;
    }
    const period = await periodOrExit(db, regionId, values.period);
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
        const mailer = smtpMailer(resolveSettings().smtp);
        const created = await cliTracked(() =>
          generateReminders(ctx, { periodId: period.id, delivery: { mailer } }),
        );
        if (values.json) write(created);
        else {
          const emails = created.flatMap((r) => r.deliveries).filter((d) => d.channel === "email");
          const count = (status: string) => emails.filter((d) => d.status === status).length;
          out.write(
            `今日生成督办提醒 ${created.length} 条（站内已送达）；${
              mailer
                ? `邮件已发送 ${count("sent")} 封，失败 ${count("failed")} 封，未发送 ${count("skipped")} 条`
                : "SMTP 未配置，未发送邮件"
            }\n`,
          );
        }
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
