/**
 * A task-division scheme in wordings the corpus does not use (牵头单位/配合单位 on their own lines,
 * （X牵头，Y配合）, （X负责）, 等, half-width separators), with expectations read off the file by hand.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "../src/parse/index.js";

const text = readFileSync(join(import.meta.dirname, "fixtures", "parse", "other-wordings.txt"), "utf8");
const { document: doc } = parse(text);
const roles = (i: number) => doc.tasks[i]?.assignments.map((a) => `${a.role}:${a.unit}`);

describe("a scheme in other wordings", () => {
  it("reads the covering notice", () => {
    expect(doc.meta.title?.value).toBe("某某市人民政府办公室关于印发某某市2024年重点工作任务分工方案的通知");
    expect(doc.meta.docNumber?.value).toBe("某政办发〔2024〕5号");
    expect(doc.meta.date).toMatchObject({ value: "2024-02-18", kind: "written" });
    expect(doc.meta.recipients.map((r) => r.value)).toEqual(["各县（市、区）人民政府", "市政府各部门"]);
    expect(doc.citations).toEqual([]);
  });

  it("finds one task per clause form", () => {
    expect(doc.tasks.map((t) => t.path.at(-1))).toEqual([
      "1.实施制造业高质量发展行动",
      "2.培育壮大新兴产业",
      "3.优化营商环境",
      "（一）稳定扩大就业",
      "（二）提升教育质量",
    ]);
    // 牵头单位：… and 配合单位：… on their own lines are one clause.
    expect(roles(0)).toEqual(["lead:市经信局", "co:市发改委", "co:市财政局", "co:各县（市、区）人民政府"]);
    // （市科技局牵头，市发改委、市财政局配合）
    expect(roles(1)).toEqual(["lead:市科技局", "co:市发改委", "co:市财政局"]);
    // （市政务服务局负责）, with the deadline 2024年6月底前 in the text.
    expect(roles(2)).toEqual(["lead:市政务服务局"]);
    expect(doc.tasks[2]?.deadline?.value).toBe("2024-06-30");
    // （责任单位：市人社局、市财政局等）: 等 dropped, the first unit the inferred lead.
    expect(roles(3)).toEqual(["lead:市人社局", "co:市财政局"]);
    expect(doc.tasks[3]?.assignments[0]?.inferred).toBe(true);
    // (牵头单位:市教育局;责任单位:市发改委,市住建局)
    expect(roles(4)).toEqual(["lead:市教育局", "co:市发改委", "co:市住建局"]);
  });

  it("reads the targets written in the tasks", () => {
    const unemployment = doc.indicators.find((i) => i.name === "城镇调查失业率");
    expect(unemployment?.target).toMatchObject({ value: 5.5, comparator: "<=" });
    expect(unemployment?.unit).toBe("%");
  });
});

describe("labels on their own lines with a 完成时限 line, and ① items inside a sentence", () => {
  const text = readFileSync(join(import.meta.dirname, "fixtures", "parse", "label-lines.txt"), "utf8");
  const { document: doc } = parse(text);

  it("reads three tasks with their units and deadlines", () => {
    expect(doc.meta.recipients).toEqual([]);
    expect(
      doc.tasks.map((t) => [t.text, t.assignments.map((a) => `${a.role}:${a.unit}`), t.deadline?.value]),
    ).toEqual([
      ["开展主题宣传活动。", ["lead:市委宣传部", "co:市文明办"], "2024-12-31"],
      // 牵头单位 on one line and 责任单位 on the next: the 责任单位 work with the lead.
      ["将工作纳入年度绩效考核。", ["lead:市委督查室", "co:市级各有关部门"], undefined],
      // （市统计局牵头，各区县按职责分工负责） covers both ① and ②.
      ["①组织第三方评估；②形成评估报告。", ["lead:市统计局", "co:各区县"], undefined],
    ]);
    expect(doc.tasks[1]?.assignments[1]).toMatchObject({ collective: true });
  });
});
