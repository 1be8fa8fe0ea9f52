import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  addTokensInRange,
  documentVectorLiteral,
  indexTokens,
  lexemeSetLiteral,
  segment,
  shortTextTokens,
  tokensInRange,
  tokensOfWords,
  tsvectorLiteral,
} from "../../src/store/segment.js";
import { ROOT } from "./helpers.js";

const plan = readFileSync(join(ROOT, "examples/corpus/004_407cc867e4b30cc8.txt"), "utf8");

describe("search tokens", () => {
  it("locates every word of a segmentation in the text", () => {
    const text = "加快推进乡村振兴，  完善交通运输体系。\n二〇二〇年";
    const seg = segment(text);
    expect(seg.words.join("")).toBe(text);
    seg.words.forEach((word, i) =>
      expect(text.slice(seg.starts[i], seg.starts[i]! + word.length)).toBe(word),
    );
    expect(seg.starts[0]).toBe(0);
  });

  it("builds the document vector as the literal of its whole token list would be", () => {
    const seg = segment(plan);
    const head = indexTokens("重庆市万州区国民经济和社会发展第十三个五年规划纲要 万州府发〔2016〕1号");
    // The reference: every token materialised, then turned into a literal with positions.
    const reference = tsvectorLiteral([...head, ...tokensOfWords(seg.words)]);
    expect(documentVectorLiteral(head, seg.words)).toBe(reference);
    expect(documentVectorLiteral([], seg.words, 100, 900)).toBe(
      tsvectorLiteral(tokensOfWords(seg.words, 100, 900)),
    );
  });

  it("keeps a task's lexemes once each, in first-seen order", () => {
    const text = "加强交通运输建设，加强交通管理。";
    const seg = segment(text);
    const lexemes = new Set<string>(["区交通局"]);
    addTokensInRange(lexemes, seg, 0, text.length);
    const expected = [...new Set(["区交通局", ...tokensInRange(seg, 0, text.length)])];
    expect([...lexemes]).toEqual(expected);
    expect(lexemeSetLiteral(lexemes)).toBe(tsvectorLiteral([...lexemes], { positions: false }));
    expect(lexemeSetLiteral(lexemes)).toContain("'交通运输'");
    expect(lexemeSetLiteral(lexemes)).toContain("'运输'");
  });

  it("remembers the tokens of a short text and segments a long one each time", () => {
    expect(shortTextTokens("区发展改革委")).toEqual(indexTokens("区发展改革委"));
    expect(shortTextTokens("区发展改革委")).toBe(shortTextTokens("区发展改革委"));
    const long = "推进".repeat(40);
    expect(shortTextTokens(long)).toEqual(indexTokens(long));
    expect(shortTextTokens(long)).not.toBe(shortTextTokens(long));
  });
});
