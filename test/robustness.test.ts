/**
 * The parser never throws, every span lies inside its input, and run time grows linearly — on
 * random text, cut and shuffled corpus documents, 10 MB inputs, deep nesting and thousands of
 * unclosed brackets.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "../src/parse/index.js";
import { mulberry32 } from "../bench/shared.js";

const corpusDir = join(import.meta.dirname, "..", "examples", "corpus");
const corpus = readdirSync(corpusDir)
  .filter((f) => f.endsWith(".txt"))
  .sort()
  .map((f) => readFileSync(join(corpusDir, f), "utf8"));

const PIECES = [
  "一、",
  "（一）",
  "(二)",
  "1．",
  "2.",
  "（1）",
  "①",
  "第一章",
  "第二节",
  "。",
  "；",
  "：",
  "，",
  "、",
  "\n",
  "\n\n",
  "\t",
  "（责任单位：",
  "〔责任单位：",
  "(牵头单位:",
  ";责任单位:",
  "牵头",
  "配合",
  "负责",
  "）",
  "〕",
  ")",
  "《",
  "》",
  "〈",
  "〉",
  "区发展改革委",
  "各乡镇（街道）",
  "等",
  "2025年",
  "到2020年",
  "达到",
  "52%",
  "【250】",
  "7△",
  "以上",
  "左右",
  "预期性",
  "约束性",
  "专栏1：",
  "名称：内容",
  "备注：",
  "阶段（2021年12月—2022年6月）",
  "11月30日前",
  "国发〔2016〕79号",
  "以下简称《规划》",
  "[bookmark: _Toc1]",
  "登录 | 注册",
  "索引号",
  "\ufffd",
  "𠀀",
  "\u3000",
  " ",
  "\r\n",
  "发布日期:2017-05-07",
];

function checkSpans(text: string, value: unknown): number {
  let count = 0;
  JSON.stringify(value, (key, v: unknown) => {
    if ((key === "span" || key === "clauseSpan") && v && typeof v === "object") {
      const span = v as { start: number; end: number };
      count++;
      if (!(
        Number.isInteger(span.start) &&
        Number.isInteger(span.end) &&
        0 <= span.start &&
        span.start <= span.end &&
        span.end <= text.length
      )) {
        throw new Error(`span out of range: ${JSON.stringify(span)} in text of length ${text.length}`);
      }
    }
    return v;
  });
  return count;
}

function parseAndCheck(text: string): void {
  const result = parse(text);
  checkSpans(text, result);
  expect(result.document.textLength).toBe(text.length);
}

describe("robustness", () => {
  it("survives random text built from the pieces policy documents are made of", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = mulberry32(seed);
      const parts: string[] = [];
      const length = Math.floor(next() * 400);
      for (let i = 0; i < length; i++) {
        parts.push(
          next() < 0.8
            ? (PIECES[Math.floor(next() * PIECES.length)] as string)
            : String.fromCharCode(Math.floor(next() * 0xffff)),
        );
      }
      parseAndCheck(parts.join(""));
    }
  });

  it("survives random cuts and line shuffles of the corpus", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const next = mulberry32(seed);
      const source = corpus[seed % corpus.length] as string;
      const a = Math.floor(next() * source.length);
      const b = Math.floor(next() * source.length);
      parseAndCheck(source.slice(Math.min(a, b), Math.max(a, b)));
      const lines = source.split("\n");
      for (let i = lines.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [lines[i], lines[j]] = [lines[j] as string, lines[i] as string];
      }
      parseAndCheck(lines.join("\n"));
    }
  });

  it("survives thousands of unclosed brackets and deep nesting", () => {
    parseAndCheck("《".repeat(10_000));
    parseAndCheck("（".repeat(10_000) + "责任单位：区发展改革委");
    parseAndCheck("（责任单位：".repeat(10_000));
    parseAndCheck("〔".repeat(5_000) + "（".repeat(5_000) + "）".repeat(3));
    const nested = Array.from(
      { length: 2_000 },
      (_, i) => ["一、", "（一）", "1．", "（1）", "①"][i % 5] + "标题。内容",
    ).join("\n");
    parseAndCheck(nested);
    parseAndCheck("一、（一）1.(1)①".repeat(5_000));
  });

  it("parses a 10 MB input", () => {
    const big = corpus.join("\n").repeat(Math.ceil((10 * 1024 * 1024) / corpus.join("\n").length));
    const result = parse(big);
    expect(result.document.tasks.length).toBeGreaterThan(100);
    checkSpans(big, result.document.tasks);
  });

  it("takes time linear in the input", () => {
    const unit = corpus.join("\n");
    const measure = (copies: number) => {
      const text = unit.repeat(copies);
      const started = performance.now();
      parse(text);
      return performance.now() - started;
    };
    measure(2); // warm up the JIT
    const small = Math.min(measure(4), measure(4));
    const large = Math.min(measure(16), measure(16));
    // 4× the input: linear work takes ~4×; quadratic work would take ~16×.
    expect(large / small).toBeLessThan(9);
  });
});
