/**
 * The pure rules of the reporting cycle, on worked examples computed by hand (the arithmetic is in
 * the comments): calendar proposal, indicator classification, lights, reminders, rates, scores and
 * the report state machine.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "../../src/parse/index.js";
import { calendarInputOf } from "../../src/track/calendar-input.js";
import { proposeCalendar } from "../../src/track/rules/calendar.js";
import { addDays, chinaDate, daysBetween, dueDateOf } from "../../src/track/rules/dates.js";
import { taskLight, worstLight } from "../../src/track/rules/light.js";
import { classifyIndicator, type IndicatorProgressInput } from "../../src/track/rules/progress.js";
import { reportingRates, sumCounts } from "../../src/track/rules/rates.js";
import { reminderSchedule, remindersDue } from "../../src/track/rules/reminders.js";
import { DEFAULT_WEIGHTS, rankUnits, unitScore } from "../../src/track/rules/score.js";
import { reportProblems, submissionProblems } from "../../src/track/rules/validate.js";
import { isReceived, nextWorkflow } from "../../src/track/rules/workflow.js";

const CORPUS = join(import.meta.dirname, "..", "..", "examples", "corpus");
const corpus = (name: string) => readFileSync(join(CORPUS, name), "utf8");

describe("dates", () => {
  it("moves across month and year ends and reads months as their last day", () => {
    expect(addDays("2024-12-31", 1)).toBe("2025-01-01");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29"); // 2024 is a leap year
    expect(daysBetween("2024-12-10", "2024-12-31")).toBe(21);
    expect(dueDateOf("2022-06")).toBe("2022-06-30");
    expect(dueDateOf("2022-11-30")).toBe("2022-11-30");
    expect(dueDateOf("明年")).toBeNull();
    // 2024-12-31T16:30Z is 2025-01-01 00:30 in Beijing.
    expect(chinaDate(new Date("2024-12-31T16:30:00Z"))).toBe("2025-01-01");
  });
});

describe("calendar proposal", () => {
  it("the Wanzhou notice (每年底要向…报送任务落实情况) gets one yearly period due 12-31", () => {
    const { document } = parse(corpus("001_074c1061270704e5.txt"));
    const periods = proposeCalendar(calendarInputOf(corpus("001_074c1061270704e5.txt"), document), 2024);
    expect(periods.map((p) => [p.kind, p.label, p.start, p.end, p.due])).toEqual([
      ["yearly", "2024年度", "2024-01-01", "2024-12-31", "2024-12-31"],
    ]);
    expect(periods[0]!.source).toContain("每年底要向区委民族宗教工作领导小组报送任务落实情况");
  });

  it("the Shizhu scheme: no cadence sentence (yearly by default) plus its phase ends and the 11月30日前 step", () => {
    const text = corpus("002_4c99bfed024a4884.txt");
    const periods = proposeCalendar(calendarInputOf(text, parse(text).document), 2022);
    // Phases 2021-12—2022-06, 2022-07—09, 2022-10—12 end in 2022; 2023-01—06 does not.
    expect(periods.map((p) => [p.kind, p.due])).toEqual([
      ["checkpoint", "2022-06-30"],
      ["checkpoint", "2022-09-30"],
      ["checkpoint", "2022-11-30"],
      ["checkpoint", "2022-12-31"],
      ["yearly", "2022-12-31"],
    ]);
    expect(periods.at(-1)!.source).toBe("default");
    expect(periods[2]!.label).toMatch(/^节点：1\.开展自检自查。11月30日前/);
  });

  it("quarterly, half-yearly and monthly wordings", () => {
    const input = (text: string) => ({ text, phases: [], taskDeadlines: [] });
    expect(proposeCalendar(input("各单位每季度末报送工作进展。"), 2025).map((p) => [p.label, p.due])).toEqual(
      [
        ["2025年第1季度", "2025-03-31"],
        ["2025年第2季度", "2025-06-30"],
        ["2025年第3季度", "2025-09-30"],
        ["2025年第4季度", "2025-12-31"],
      ],
    );
    expect(proposeCalendar(input("每半年向区政府报告一次。"), 2025).map((p) => p.due)).toEqual([
      "2025-06-30",
      "2025-12-31",
    ]);
    const monthly = proposeCalendar(input("每月底前报送进展情况。"), 2024);
    expect(monthly).toHaveLength(12);
    expect(monthly[1]!.due).toBe("2024-02-29");
    // A task deadline of the year becomes a checkpoint; one of another year does not.
    const dated = proposeCalendar(
      {
        text: "每年底报送。",
        phases: [],
        taskDeadlines: [
          { text: "建成公园", deadline: "2025-06" },
          { text: "另一年", deadline: "2026-01-31" },
        ],
      },
      2025,
    );
    expect(dated.map((p) => [p.kind, p.due])).toEqual([
      ["checkpoint", "2025-06-30"],
      ["yearly", "2025-12-31"],
    ]);
  });
});

describe("indicator classification (Open SDG: observed CAGR ÷ required CAGR)", () => {
  // Baseline 100 in 2020, target 161.051 in 2025: required CAGR = (161.051/100)^(1/5) − 1 = 1.1 − 1 = 10 %.
  const rising = (value: number, binding = false): IndicatorProgressInput => ({
    mode: "level",
    decreasing: false,
    binding,
    baseline: { year: 2020, value: 100 },
    target: 161.051,
    targetYear: 2025,
    observations: [{ year: 2022, value }],
  });

  it("rising target: 121 in 2022 is √1.21 − 1 = 10 % a year, ratio 1.00 → on track", () => {
    const r = classifyIndicator(rising(121));
    expect(r.status).toBe("on_track");
    expect(r.ratio).toBeCloseTo(1, 9);
  });
  it("116.64 → √1.1664 − 1 = 8 %, ratio 0.8 → needs acceleration", () => {
    const r = classifyIndicator(rising(116.64));
    expect(r.status).toBe("needs_acceleration");
    expect(r.ratio).toBeCloseTo(0.8, 9);
  });
  it("110.25 → √1.1025 − 1 = 5 %, ratio 0.5 → limited progress", () => {
    expect(classifyIndicator(rising(110.25)).status).toBe("limited_progress");
  });
  it("95 → below the baseline, negative growth → deteriorating", () => {
    expect(classifyIndicator(rising(95)).status).toBe("deteriorating");
  });
  it("binding is stricter: 120.3409 → √1.203409 − 1 = 9.7 %, ratio 0.97: on track if 预期性, needs acceleration if 约束性", () => {
    expect(classifyIndicator(rising(120.3409)).status).toBe("on_track");
    const binding = classifyIndicator(rising(120.3409, true));
    expect(binding.status).toBe("needs_acceleration");
    expect(binding.onTrackThreshold).toBe(1);
    expect(binding.binding).toBe(true);
  });
  it("a target already reached is on track", () => {
    expect(classifyIndicator(rising(170)).status).toBe("on_track");
  });

  // Decreasing (≤): baseline 1.0 in 2020, target 0.59049 = 0.9^5 in 2025: required CAGR = −10 %.
  const falling = (value: number): IndicatorProgressInput => ({
    mode: "level",
    decreasing: true,
    binding: false,
    baseline: { year: 2020, value: 1 },
    target: 0.59049,
    targetYear: 2025,
    observations: [{ year: 2022, value }],
  });
  it("decreasing target: 0.81 → √0.81 − 1 = −10 %, ratio (−10 %)/(−10 %) = 1 → on track", () => {
    expect(classifyIndicator(falling(0.81)).ratio).toBeCloseTo(1, 9);
    expect(classifyIndicator(falling(0.81)).status).toBe("on_track");
  });
  it("decreasing target: 0.9025 → −5 %, ratio 0.5 → limited; 1.1025 → +5 %, ratio −0.5 → deteriorating", () => {
    expect(classifyIndicator(falling(0.9025)).status).toBe("limited_progress");
    expect(classifyIndicator(falling(1.1025)).ratio).toBeCloseTo(-0.5, 9);
    expect(classifyIndicator(falling(1.1025)).status).toBe("deteriorating");
  });
  it("baseline 0 (no CAGR): linear, 0 → 3 in two years is 1.5/yr against 10/5 = 2/yr required, ratio 0.75", () => {
    const r = classifyIndicator({
      mode: "level",
      decreasing: false,
      binding: false,
      baseline: { year: 2020, value: 0 },
      target: 10,
      targetYear: 2025,
      observations: [{ year: 2022, value: 3 }],
    });
    expect(r.ratio).toBeCloseTo(0.75, 9);
    expect(r.status).toBe("needs_acceleration");
  });
  it("cumulative 【250】 over 2021–2025: 45 + 50 = 95 after two years against 250 × 2/5 = 100, ratio 0.95", () => {
    const input: IndicatorProgressInput = {
      mode: "cumulative",
      decreasing: false,
      binding: false,
      target: 250,
      startYear: 2021,
      targetYear: 2025,
      observations: [
        { year: 2021, value: 45 },
        { year: 2022, value: 50 },
      ],
    };
    expect(classifyIndicator(input).ratio).toBeCloseTo(0.95, 9);
    expect(classifyIndicator(input).status).toBe("on_track");
    expect(classifyIndicator({ ...input, binding: true }).status).toBe("needs_acceleration");
  });
  it("five-year average 7△: (6 + 5)/2 = 5.5, ratio 5.5/7 = 0.786 → needs acceleration", () => {
    const r = classifyIndicator({
      mode: "average",
      decreasing: false,
      binding: false,
      target: 7,
      startYear: 2021,
      targetYear: 2025,
      observations: [
        { year: 2021, value: 6 },
        { year: 2022, value: 5 },
      ],
    });
    expect(r.ratio).toBeCloseTo(5.5 / 7, 9);
    expect(r.status).toBe("needs_acceleration");
  });
  it("qualitative 达标: the latest observation decides; none → no data", () => {
    const q = (observations: IndicatorProgressInput["observations"]) =>
      classifyIndicator({ mode: "qualitative", decreasing: false, binding: false, observations }).status;
    expect(
      q([
        { year: 2021, met: false },
        { year: 2022, met: true },
      ]),
    ).toBe("met");
    expect(
      q([
        { year: 2022, met: false },
        { year: 2021, met: true },
      ]),
    ).toBe("not_met");
    expect(q([])).toBe("no_data");
    expect(classifyIndicator({ ...rising(0), observations: [] }).status).toBe("no_data");
  });
});

describe("lights", () => {
  const base = { due: "2024-12-31", reported: false, returnCount: 0 };
  it("green until 7 days before the due date, yellow from then, red after it", () => {
    expect(taskLight({ ...base, today: "2024-12-23" })).toBe("green"); // 8 days left
    expect(taskLight({ ...base, today: "2024-12-24" })).toBe("yellow"); // 7 days left
    expect(taskLight({ ...base, today: "2024-12-31" })).toBe("yellow"); // due today
    expect(taskLight({ ...base, today: "2025-01-01" })).toBe("red");
    expect(taskLight({ ...base, today: "2024-12-20", yellowDays: 14 })).toBe("yellow");
  });
  it("a report in is green; returned twice is red even when in", () => {
    expect(taskLight({ ...base, today: "2025-01-05", reported: true })).toBe("green");
    expect(taskLight({ ...base, today: "2024-06-01", reported: true, returnCount: 2 })).toBe("red");
    expect(taskLight({ ...base, today: "2024-06-01", returnCount: 1 })).toBe("green");
    expect(worstLight(["green", "yellow"])).toBe("yellow");
    expect(worstLight(["green", "red", "yellow"])).toBe("red");
  });
});

describe("reminders (督办单)", () => {
  it("21, 7 and 1 days before 2024-12-31 and the day after", () => {
    expect(reminderSchedule("2024-12-31")).toEqual([
      { kind: "before_21", sendOn: "2024-12-10" },
      { kind: "before_7", sendOn: "2024-12-24" },
      { kind: "before_1", sendOn: "2024-12-30" },
      { kind: "overdue_1", sendOn: "2025-01-01" },
    ]);
  });
  it("due on its day, once; a missed day catches up with the latest only", () => {
    expect(remindersDue("2024-12-31", "2024-12-09", new Set())).toEqual([]);
    expect(remindersDue("2024-12-31", "2024-12-10", new Set())).toEqual(["before_21"]);
    expect(remindersDue("2024-12-31", "2024-12-11", new Set(["before_21"]))).toEqual([]);
    expect(remindersDue("2024-12-31", "2024-12-26", new Set(["before_21"]))).toEqual(["before_7"]);
    expect(remindersDue("2025-01-03", "2025-01-04", new Set())).toEqual(["overdue_1"]);
  });
});

describe("reporting rates (DHIS2)", () => {
  it("8 expected, 6 submitted, 5 on time: 6/8 = 75 %, 5/8 = 62.5 %", () => {
    expect(reportingRates({ expected: 8, submitted: 6, onTime: 5 })).toEqual({
      expected: 8,
      submitted: 6,
      onTime: 5,
      rate: 75,
      onTimeRate: 62.5,
    });
    // 2/3 = 66.666… → 66.7
    expect(reportingRates({ expected: 3, submitted: 2, onTime: 0 }).rate).toBe(66.7);
    expect(reportingRates({ expected: 0, submitted: 0, onTime: 0 }).rate).toBeNull();
    expect(
      sumCounts([
        { expected: 2, submitted: 1, onTime: 1 },
        { expected: 3, submitted: 3, onTime: 2 },
      ]),
    ).toEqual({ expected: 5, submitted: 4, onTime: 3 });
  });
});

describe("evaluation score and ranking", () => {
  const a = { unitId: "a", completionRate: 0.5, onTimeRate: 0.75, returnedRate: 0.25, indicatorRate: null };
  it("weights 40/30/15/15, no indicators: (40·0.5 + 30·0.75 + 15·0.75)/85 = 53.75/85 = 63.2", () => {
    expect(unitScore(a, DEFAULT_WEIGHTS)).toBe(63.2);
    // With indicators at 0.5: (20 + 22.5 + 11.25 + 7.5)/100 = 61.25 → 61.3 (one decimal, half up)
    expect(unitScore({ ...a, indicatorRate: 0.5 }, DEFAULT_WEIGHTS)).toBe(61.3);
    expect(unitScore(a, { completion: 1, onTime: 0, returned: 0, indicators: 0 })).toBe(50);
  });
  it("ranks best first with shared ranks for equal scores (1, 2, 2, 4)", () => {
    const b = { unitId: "b", completionRate: 1, onTimeRate: 1, returnedRate: 0, indicatorRate: 1 };
    // c: (40·0.5 + 30·0.5 + 15·1 + 15·0.5)/100 = 57.5
    const c = { unitId: "c", completionRate: 0.5, onTimeRate: 0.5, returnedRate: 0, indicatorRate: 0.5 };
    const d = { ...a, unitId: "d" };
    expect(rankUnits([c, a, b, d], DEFAULT_WEIGHTS).map((r) => [r.unitId, r.score, r.rank])).toEqual([
      ["b", 100, 1],
      ["a", 63.2, 2],
      ["d", 63.2, 2],
      ["c", 57.5, 4],
    ]);
  });
});

describe("report state machine and content", () => {
  it("draft → submitted → returned → (save) draft → submitted → accepted → locked; nothing else", () => {
    expect(nextWorkflow("draft", "submit")).toBe("submitted");
    expect(nextWorkflow("submitted", "return")).toBe("returned");
    expect(nextWorkflow("returned", "save")).toBe("draft");
    expect(nextWorkflow("returned", "submit")).toBe("submitted");
    expect(nextWorkflow("submitted", "accept")).toBe("accepted");
    expect(nextWorkflow("accepted", "lock")).toBe("locked");
    expect(nextWorkflow("submitted", "save")).toBeNull();
    expect(nextWorkflow("accepted", "save")).toBeNull();
    expect(nextWorkflow("locked", "return")).toBeNull();
    expect(nextWorkflow("draft", "accept")).toBeNull();
    expect([
      isReceived("draft"),
      isReceived("returned"),
      isReceived("submitted"),
      isReceived("locked"),
    ]).toEqual([false, false, true, true]);
  });
  it("无法完成 needs a reason, 已完成 needs 100 %, progress stays in 0–100", () => {
    const ok = {
      status: "in_progress" as const,
      progress: 50,
      narrative: "已开工",
      measures: "",
      problems: "",
      nextSteps: "",
      reason: null,
    };
    expect(reportProblems(ok)).toEqual([]);
    expect(reportProblems({ ...ok, status: "blocked" })).toEqual(["状态为无法完成时须说明原因"]);
    expect(reportProblems({ ...ok, status: "completed" })).toEqual(["状态为已完成时进度须为 100"]);
    expect(reportProblems({ ...ok, progress: 120 })).toEqual(["进度须在 0 到 100 之间"]);
    expect(submissionProblems({ ...ok, narrative: " " })).toEqual(["报送前须填写工作进展"]);
  });
});
