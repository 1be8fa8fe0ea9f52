import { createLineIndex } from "../parse/lines.js";
import type {
  Diagnostic,
  Indicator,
  IndicatorValue,
  OutlineNode,
  PolicyDocument,
  Task,
} from "../parse/index.js";

const ROLE = { lead: "牵头", co: "配合" } as const;
const ATTRIBUTE = { expected: "预期性", binding: "约束性" } as const;

/** The human view of a parsed document: header, outline with tasks, indicators, phases, citations, diagnostics. */
export function formatDocument(
  path: string,
  text: string,
  doc: PolicyDocument,
  diagnostics: Diagnostic[],
): string {
  const out: string[] = [];
  const { meta } = doc;
  out.push(`文件 ${path}`);
  if (meta.title) out.push(`标题   ${meta.title.value}`);
  if (meta.docNumber) out.push(`文号   ${meta.docNumber.value}`);
  if (meta.date) out.push(`${meta.date.kind === "written" ? "成文日期" : "发布日期"} ${meta.date.value}`);
  if (meta.issuers.length > 0) out.push(`发文机关 ${meta.issuers.map((i) => i.value).join("、")}`);
  if (meta.recipients.length > 0) out.push(`主送机关 ${meta.recipients.map((r) => r.value).join("，")}`);
  const d = meta.disclosure;
  const disclosure = [
    d.indexNumber && `索引号 ${d.indexNumber.value}`,
    d.publisher && `发布机构 ${d.publisher.value}`,
    d.validity && `有效性 ${d.validity.value}`,
    d.topic && `主题分类 ${d.topic.value}`,
  ].filter(Boolean);
  if (disclosure.length > 0) out.push(disclosure.join("  "));

  const tasksByHeading = new Map<string, Task[]>();
  const looseTasks: Task[] = [];
  for (const task of doc.tasks) {
    const key = task.headingIds[task.headingIds.length - 1];
    if (key === undefined) looseTasks.push(task);
    else tasksByHeading.set(key, [...(tasksByHeading.get(key) ?? []), task]);
  }
  out.push("", `提纲与任务（${doc.tasks.length} 项任务）`);
  for (const task of looseTasks) out.push(...formatTask(task, "  "));
  const walk = (nodes: OutlineNode[], indent: string) => {
    for (const node of nodes) {
      if (node.type !== "heading") continue;
      const label = node.title || `${clip(firstParagraph(node), 30)}`;
      out.push(
        `${indent}${node.marker}${node.style === "chapter" || node.style === "section" || node.style === "part" ? " " : ""}${label}`,
      );
      for (const task of tasksByHeading.get(node.id) ?? []) out.push(...formatTask(task, `${indent}  `));
      walk(node.children, `${indent}  `);
    }
  };
  walk(doc.outline, "  ");

  if (doc.indicators.length > 0) {
    out.push("", `指标（${doc.indicators.length}）`);
    for (const indicator of doc.indicators) out.push(`  ${formatIndicator(indicator)}`);
  }
  if (doc.phases.length > 0) {
    out.push("", "实施阶段");
    for (const phase of doc.phases) {
      out.push(`  ${phase.name}  ${phase.start ?? "?"} — ${phase.end ?? "?"}`);
      for (const step of phase.steps.filter((s) => s.deadline))
        out.push(`    ${step.deadline} 前：${clip(step.text, 50)}`);
    }
  }
  if (doc.citations.length > 0) {
    out.push("", "引用文件");
    for (const c of doc.citations) {
      const name = c.title ? `《${c.title}》` : c.alias ? `《${c.alias}》（简称）` : "";
      out.push(
        `  ${[name, c.docNumber, c.alias && c.title ? `简称《${c.alias}》` : ""].filter(Boolean).join(" ")}`,
      );
    }
  }
  if (doc.boxes.length > 0) {
    out.push("", "专栏与项目表");
    for (const box of doc.boxes) {
      out.push(`  ${box.number ? `专栏${box.number} ` : ""}${box.title}（${box.items.length} 项）`);
      for (const item of box.items)
        out.push(`    ${item.name}${item.department ? ` — ${item.department}` : ""}`);
    }
  }
  if (diagnostics.length > 0) {
    out.push("", `诊断信息（${diagnostics.length}）`);
    const position = createLineIndex(text);
    for (const diagnostic of diagnostics) {
      const { line, column } = position(diagnostic.span.start);
      out.push(`${path}:${line}:${column}: ${diagnostic.message} [${diagnostic.code}]`);
    }
  }
  return `${out.join("\n")}\n`;
}

function firstParagraph(node: OutlineNode): string {
  if (node.type !== "heading") return "";
  const paragraph = node.children.find((c) => c.type === "paragraph");
  return paragraph?.type === "paragraph" ? paragraph.text : "";
}

function formatTask(task: Task, indent: string): string[] {
  const units = (role: "lead" | "co") =>
    task.assignments
      .filter((a) => a.role === role)
      .map((a) => a.unit)
      .join("、");
  const lead = task.assignments
    .filter((a) => a.role === "lead")
    .map((a) => (a.inferred ? `${a.unit}（按排序推定）` : a.unit))
    .join("、");
  const co = units("co");
  const lines = [`${indent}■ ${clip(task.text, 60)}`];
  const parts = [lead && `${ROLE.lead}：${lead}`, co && `${ROLE.co}：${co}`].filter(Boolean);
  lines.push(`${indent}  ${parts.join("  ")}${task.deadline ? `  时限：${task.deadline.value}` : ""}`);
  return lines;
}

function formatIndicator(indicator: Indicator): string {
  const value = (v: IndicatorValue | undefined) => (v ? `${v.raw}${v.year ? `（${v.year}）` : ""}` : "—");
  const parts = [
    `${indicator.name}${indicator.unit ? `（${indicator.unit}）` : ""}`,
    `基期 ${value(indicator.baseline)}`,
    `目标 ${value(indicator.target)}${indicator.targetYear && !indicator.target?.year ? `（${indicator.targetYear}）` : ""}`,
  ];
  if (indicator.attribute) parts.push(ATTRIBUTE[indicator.attribute]);
  return parts.join("  ");
}

function clip(text: string, length: number): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}
