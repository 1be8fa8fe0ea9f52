import { describe, expect, it } from "vitest";
import {
  identityKeys,
  matchIdentities,
  normalizeDocNumber,
  normalizePath,
  normalizeTitle,
  issuedTitle,
  documentYear,
  similarity,
} from "../../src/store/index.js";

describe("task identity", () => {
  const path = ["二、重点任务分工", "（二）促进经济跨越发展", "1．加快重点基础设施建设"];
  const text = "完善民族乡乡村交通基础设施网络，改善对外交通骨干通道通行条件。";

  it("ignores heading numbers, whitespace and punctuation", () => {
    const [a] = identityKeys([{ path, text }]);
    const [b] = identityKeys([
      {
        path: ["三、重点任务分工", "(二) 促进经济跨越发展", "2. 加快重点基础设施建设"],
        text: "完善民族乡乡村交通基础设施网络 改善对外交通骨干通道通行条件",
      },
    ]);
    expect(b!.key).toBe(a!.key);
    expect(normalizePath(path)).toBe("重点任务分工/促进经济跨越发展/加快重点基础设施建设");
  });

  it("numbers identical tasks under one heading #2, #3", () => {
    const keys = identityKeys([
      { path, text },
      { path, text },
      { path, text },
    ]).map((k) => k.key);
    expect(keys[1]).toBe(`${keys[0]}#2`);
    expect(keys[2]).toBe(`${keys[0]}#3`);
  });

  it("a one-word edit keeps the identity; an unrelated task does not take it", () => {
    const old = identityKeys([
      { path, text },
      { path, text: "推进农村客运发展，加快城乡客运一体化。" },
    ]).map((identity, i) => ({ ...identity, id: `old-${i}` }));
    const fresh = identityKeys([
      { path, text: "完善民族乡乡村交通基础设施网络，改善对外交通主干通道通行条件。" }, // 骨干 → 主干
      { path: ["四、保障措施"], text: "加强组织领导，明确责任分工。" },
    ]);
    expect(fresh[0]!.key).not.toBe(old[0]!.key);
    expect(matchIdentities(old, fresh)).toEqual(["old-0", undefined]);
  });

  it("prefers the exact key, then the most similar text, each old row used once", () => {
    const old = identityKeys([
      { path, text: "甲乙丙丁戊己庚辛壬癸一二三四五" },
      { path, text: "子丑寅卯辰巳午未申酉一二三四五" },
    ]).map((identity, i) => ({ ...identity, id: `o${i}` }));
    const fresh = identityKeys([
      { path, text: "子丑寅卯辰巳午未申酉一二三四六" },
      { path, text: "甲乙丙丁戊己庚辛壬癸一二三四五" },
      { path, text: "甲乙丙丁戊己庚辛壬癸一二三四六" },
    ]);
    expect(matchIdentities(old, fresh)).toEqual(["o1", "o0", undefined]);
  });

  it("similarity is the Dice coefficient of character bigrams", () => {
    expect(similarity("abcd", "abcd")).toBe(1);
    // bigrams ab bc cd vs ab bc ce: 2 shared of 3 + 3
    expect(similarity("abcd", "abce")).toBeCloseTo(4 / 6);
    expect(similarity("ab", "cd")).toBe(0);
  });
});

describe("reference normal forms", () => {
  it("writes every 文号 variant one way", () => {
    for (const v of [
      "渝府办发〔2017〕54号",
      "渝府办发[2017]54号",
      "渝府办发（2017）第054号",
      "渝府办发 〔2017〕 54 号",
      "渝府办发［2017］54号",
    ]) {
      expect(normalizeDocNumber(v)).toBe("渝府办发〔2017〕54号");
    }
    expect(normalizeDocNumber(null)).toBeNull();
  });

  it("compares titles without book marks, quotes and spaces", () => {
    expect(normalizeTitle("《重庆市人民政府办公厅关于贯彻落实“十三五”促进民族地区发展规划的通知》")).toBe(
      "重庆市人民政府办公厅关于贯彻落实十三五促进民族地区发展规划的通知",
    );
    expect(issuedTitle("关于印发《石柱县深入推进全国民族团结进步示范县创建工作实施方案》的通知")).toBe(
      "石柱县深入推进全国民族团结进步示范县创建工作实施方案",
    );
  });

  it("takes the year from the date, else from the 文号", () => {
    expect(documentYear("2022-07-05", "万州府办发〔2017〕83号")).toBe(2022);
    expect(documentYear(null, "万州府办发〔2017〕83号")).toBe(2017);
    expect(documentYear(null, null)).toBeNull();
  });
});
