import { describe, expect, it } from "vitest";
import { readProgress, type CellReading } from "../../src/export/xlsx/cell-values.js";
import { parseLedgerKey, formatLedgerKey } from "../../src/export/xlsx/index.js";
import { fitColumnWidth, textPixels, wrappedLines } from "../../src/export/xlsx/text-width.js";

const text = (t: string): CellReading => ({ kind: "text", text: t });
const number = (value: number, percent = false): CellReading => ({ kind: "number", value, percent });

describe("readProgress", () => {
  it.each<[string, CellReading, number | null]>([
    ["blank", { kind: "empty" }, null],
    ["a number", number(80), 80],
    ["zero", number(0), 0],
    ["one hundred", number(100), 100],
    ["a whole 1 means 1%", number(1), 1],
    ["a percent-formatted fraction", number(0.8, true), 80],
    ["a percent-formatted third, rounded", number(1 / 3, true), 33],
    ["text digits", text("80"), 80],
    ["text with %", text("80%"), 80],
    ["full-width digits and ％", text("８０％"), 80],
    ["spaces around", text(" 65 % "), 65],
    ["a decimal, rounded", text("72.6"), 73],
    ["a fraction written with %", text("0.5%"), 1],
  ])("reads %s", (_name, reading, expected) => {
    expect(readProgress(reading)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, CellReading, string]>([
    ["a bare fraction", number(0.8), "进度“0.8”含义不明，请填写 0 到 100 之间的数字（如 80 或 80%）"],
    ["a fraction as text", text("0.8"), "进度“0.8”含义不明，请填写 0 到 100 之间的数字（如 80 或 80%）"],
    ["over 100", number(120), "进度超出范围，请填写 0 到 100 之间的数字（如 80 或 80%）"],
    [
      "a percent-formatted 80 (8000%)",
      number(80, true),
      "进度超出范围，请填写 0 到 100 之间的数字（如 80 或 80%）",
    ],
    ["negative text", text("-5"), "无法识别的进度“-5”，请填写 0 到 100 之间的数字（如 80 或 80%）"],
    ["words", text("基本完成"), "无法识别的进度“基本完成”，请填写 0 到 100 之间的数字（如 80 或 80%）"],
    [
      "an error value",
      { kind: "error", text: "#DIV/0!" },
      "单元格为错误值“#DIV/0!”，请填写 0 到 100 之间的数字（如 80 或 80%）",
    ],
  ])("refuses %s", (_name, reading, message) => {
    expect(readProgress(reading)).toEqual({ ok: false, message });
  });
});

describe("text widths", () => {
  it("measures 12 pt CJK and full-width characters at 16 px, others at 8 px", () => {
    expect(textPixels("区发展改革委")).toBe(96);
    expect(textPixels("2025年底前")).toBe(80);
    expect(textPixels("（一）ＡＢ")).toBe(80);
    expect(textPixels("abc\n区财政局")).toBe(64);
    expect(textPixels("𠀀")).toBe(16); // outside the BMP, one character
    expect(textPixels("标题", 18)).toBe(48);
  });

  it("wraps lines by the usable pixels (width × 7 − 12) and counts line breaks", () => {
    expect(wrappedLines("", 10)).toBe(1);
    expect(wrappedLines("一二三四", 11)).toBe(1); // 64 px in 65
    expect(wrappedLines("一二三四五", 11)).toBe(2); // 80 px in 65
    expect(wrappedLines("一\n二\n三", 30)).toBe(3);
  });

  it("fits a column to its widest text on one line, within bounds", () => {
    expect(fitColumnWidth(["序号", "1"], 4, 20)).toBe(7); // ⌈(32 + 12) / 7⌉
    expect(fitColumnWidth(["短"], 12, 20)).toBe(12);
    expect(fitColumnWidth(["很".repeat(40)], 12, 20)).toBe(20);
  });
});

describe("ledger keys", () => {
  it("round-trips ids, including characters that need escaping", () => {
    const key = { taskId: "0193a000-0000-7000-8000-000000000001", unitId: "区/发改委 1" };
    expect(parseLedgerKey(formatLedgerKey(key))).toEqual(key);
    expect(formatLedgerKey({ taskId: "t1", unitId: "u1" })).toMatch(/^LS1\/t1\/u1\/[0-9a-f]{8}$/);
  });

  it("rejects edited, truncated and foreign keys", () => {
    const good = formatLedgerKey({ taskId: "t1", unitId: "u1" });
    expect(parseLedgerKey(good.replace("t1", "t2"))).toBeNull();
    expect(parseLedgerKey(good.slice(0, -1))).toBeNull();
    expect(parseLedgerKey("12345")).toBeNull();
    expect(parseLedgerKey("")).toBeNull();
  });
});
