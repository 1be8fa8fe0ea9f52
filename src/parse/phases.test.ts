import { describe, expect, it } from "vitest";
import { scanLines } from "./lines.js";
import { buildOutline } from "./outline.js";
import { findPhases, readDeadline } from "./phases.js";

function phases(text: string) {
  const { lines } = scanLines(text);
  return findPhases(text, buildOutline(text, lines, new Set(), []).headings);
}

describe("phases", () => {
  it("reads named stages with month ranges and the dated steps under them", () => {
    const text =
      "六、实施步骤\n（一）动员部署阶段（2021年12月—2022年6月）\n1. 调整领导机构。\n（二）创建冲刺阶段（2022年10月—2022年12月）\n1. 开展自检自查。11月30日前，各单位开展自查。\n2. 全面总结工作。\n七、保障措施";
    const result = phases(text);
    expect(result.map((p) => [p.name, p.start, p.end, p.steps.length])).toEqual([
      ["动员部署阶段", "2021-12", "2022-06", 1],
      ["创建冲刺阶段", "2022-10", "2022-12", 2],
    ]);
    expect(result[1]?.steps[0]).toMatchObject({
      text: "1. 开展自检自查。11月30日前，各单位开展自查。",
      deadline: "2022-11-30",
    });
    expect(result[1]?.steps[1]?.deadline).toBeUndefined();
  });

  it("reads year ranges and ranges within one year", () => {
    const text = "一、试点阶段（2023—2024年）\n二、推广阶段（2025年3月至9月）";
    expect(phases(text).map((p) => [p.name, p.start, p.end])).toEqual([
      ["试点阶段", "2023-01", "2024-12"],
      ["推广阶段", "2025-03", "2025-09"],
    ]);
  });
});

describe("deadlines", () => {
  it.each([
    ["2024年6月30日前完成", undefined, undefined, "2024-06-30"],
    ["2024年底前完成", undefined, undefined, "2024-12-31"],
    ["2月底前报送", "2023-01", "2023-06", "2023-02-28"],
    ["3月中旬前启动", "2022-10", "2023-06", "2023-03-20"],
    ["11月30日前", "2022-10", "2022-12", "2022-11-30"],
    ["持续推进", "2022-10", "2022-12", undefined],
    ["13月1日前", "2022-01", "2022-12", undefined],
  ])("%s", (text, start, end, expected) => {
    expect(readDeadline(text, start, end)).toBe(expected);
  });
});
