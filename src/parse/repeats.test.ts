import { describe, expect, it } from "vitest";
import { scanLines } from "./lines.js";
import { findRepeatedPassages } from "./repeats.js";

function repeats(text: string) {
  return findRepeatedPassages(text, scanLines(text).lines, new Set());
}

describe("repeated passages", () => {
  const passage =
    "民族地区经济保持稳定增长，地区生产总值年均增长9%左右。城乡常住居民人均可支配收入与经济增长保持同步。";

  it("finds a passage pasted again and points at the original", () => {
    const text = `第一段开头。${passage}中间的内容不同。${passage}结尾。`;
    const { copies, diagnostics } = repeats(text);
    const copyStart = text.lastIndexOf(passage);
    expect(copies).toEqual([{ start: copyStart, end: copyStart + passage.length }]);
    expect(diagnostics[0]).toMatchObject({
      code: "repeated-passage",
      span: { start: copyStart, end: copyStart + passage.length },
      related: [{ start: 6, end: 6 + passage.length }],
    });
  });

  it("ignores short repeated sentences and repeated responsibility clauses", () => {
    const text =
      "（一）加强组织领导。内容甲。（责任单位：区委统战部、区文化委、区委宣传部、区发展改革委、区财政局）\n（二）加强组织领导。内容乙。（责任单位：区委统战部、区文化委、区委宣传部、区发展改革委、区财政局）";
    expect(repeats(text).copies).toEqual([]);
  });
});
