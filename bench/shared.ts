/**
 * What the benchmarks (and the randomised robustness test) share: a seeded PRNG so every run makes
 * the same data, percentiles, and the departments the shipped units registry resolves.
 */

/** A small deterministic PRNG (mulberry32): the same seed gives the same sequence, so runs repeat. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The p-th percentile of an ascending array (nearest rank); NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Department names (without a level prefix) that the shipped registry resolves. */
export const BENCH_UNITS: readonly string[] = [
  "发展改革委",
  "财政局",
  "教委",
  "民政局",
  "科委",
  "农委",
  "交委",
  "环保局",
  "卫生计生委",
  "人力社保局",
  "商务委",
  "文化委",
  "旅游局",
  "林业局",
  "水务局",
  "公安局",
  "司法局",
  "统计局",
  "国资委",
  "经济信息委",
  "城乡建委",
  "国土房管局",
  "扶贫办",
  "民族宗教委",
  "体育局",
  "审计局",
  "应急管理局",
  "市场监管局",
];
