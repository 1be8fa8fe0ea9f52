import { findDocument, responsibilityMatrix, tasksOfUnit } from "../../store/index.js";
import { ExitError } from "../exit-error.js";
import { parseFlags, REGION_FLAG, regionOf, withStore } from "./db.js";

const USAGE = "luoshi tasks --unit 单位 [--role lead|co] [--json] | luoshi tasks --doc 文件 [--json]";
const ROLE_LABEL = { lead: "牵头", co: "配合" } as const;

function clip(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n)}…` : text;
}

/**
 * `luoshi tasks --unit 区发展改革委`: every task of a unit across documents (区发改委 works too);
 * `luoshi tasks --doc 文号`: the responsibility matrix of one document.
 */
export async function runTasks(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    {
      ...REGION_FLAG,
      unit: { type: "string" },
      doc: { type: "string" },
      role: { type: "string" },
      json: { type: "boolean" },
    },
    USAGE,
  );
  if (positionals.length > 0 || (!values.unit && !values.doc) || (values.unit && values.doc)) {
    throw new ExitError(`用法 / usage: ${USAGE}`, 2);
  }
  if (values.role && values.role !== "lead" && values.role !== "co")
    throw new ExitError("--role 只能是 lead 或 co", 2);
  const regionId = regionOf(values);
  return withStore(async (store) => {
    if (values.unit) {
      const role = values.role as "lead" | "co" | undefined;
      const { unit, tasks } = await tasksOfUnit(store.db, {
        regionId,
        unit: values.unit,
        ...(role ? { role } : {}),
      });
      if (values.json) {
        out.write(`${JSON.stringify({ unit, tasks }, null, 2)}\n`);
        return 0;
      }
      const alias = unit.canonicalName !== values.unit ? `（即 ${unit.canonicalName}）` : "";
      const note = unit.resolved ? "" : "，名录中无此单位，按原文匹配";
      out.write(`${values.unit}${alias}：任务 ${tasks.length} 项${note}\n`);
      for (const t of tasks) {
        out.write(`\n[${ROLE_LABEL[t.role]}] ${t.docNumber ?? ""} ${t.documentTitle ?? ""}\n`);
        if (t.headingPath.length > 0) out.write(`  ${t.headingPath.join(" > ")}\n`);
        out.write(`  ${clip(t.text, 120)}${t.deadline ? `（期限 ${t.deadline}）` : ""}\n`);
        if (t.writtenAs !== unit.canonicalName) out.write(`  原文单位：${t.writtenAs}\n`);
      }
      return 0;
    }
    const documentId = await findDocument(store.db, regionId, values.doc!);
    const matrix = await responsibilityMatrix(store.db, { regionId, documentId });
    if (values.json) {
      out.write(`${JSON.stringify(matrix, null, 2)}\n`);
      return 0;
    }
    const names = new Map(matrix.units.map((u) => [u.key, u.name]));
    out.write(
      `责任分工：${matrix.docNumber ?? ""} ${matrix.title ?? ""}（任务 ${matrix.rows.length} 项，单位 ${matrix.units.length} 个）\n`,
    );
    for (const row of matrix.rows) {
      const lead = Object.entries(row.cells)
        .filter(([, r]) => r === "lead")
        .map(([k]) => names.get(k));
      const co = Object.entries(row.cells)
        .filter(([, r]) => r === "co")
        .map(([k]) => names.get(k));
      out.write(
        `\n${row.seq}. ${clip(row.text, 60)}\n   牵头：${lead.join("、") || "—"}\n   配合：${co.join("、") || "—"}\n`,
      );
    }
    out.write("\n单位汇总（牵头/配合）：\n");
    for (const u of matrix.units)
      out.write(`  ${u.name}${u.resolved ? "" : "（未识别）"}  ${u.lead}/${u.co}\n`);
    return 0;
  });
}
