/**
 * 信息公开 metadata labels (索引号, 发布机构, 文号, 发布日期 …): recognising them in page text and
 * storing their values as IngestFacts. Values are kept as written, dates become ISO `YYYY-MM-DD`.
 */
import type { IngestFacts as ParseFacts } from "../parse/types.js";
import type { IngestFacts } from "./types.js";

/** The IngestFacts field a label fills, or null for chrome labels that are only removed (浏览次数). */
export type FactField = Exclude<keyof IngestFacts, "pageCount" | "headings"> | null;

interface LabelDef {
  label: string;
  field: FactField;
  /** Also recognised in a free-standing `label：value` line (not only inside a metadata block). */
  loose: boolean;
}

const DEFS: LabelDef[] = [
  ...["索引号"].map((label) => ({ label, field: "indexNumber" as const, loose: true })),
  ...["发布机构", "发文机构", "发文机关", "发文单位", "发布单位", "发布机关", "制发机关"].map((label) => ({
    label,
    field: "publisher" as const,
    loose: true,
  })),
  ...["发文字号", "发文文号", "文号"].map((label) => ({ label, field: "docNumber" as const, loose: true })),
  ...["发布日期", "发布时间", "公开日期", "发文日期"].map((label) => ({
    label,
    field: "publishedDate" as const,
    loose: true,
  })),
  ...["成文日期", "生成日期"].map((label) => ({ label, field: "writtenDate" as const, loose: true })),
  ...["有效性", "时效性", "效力状态"].map((label) => ({ label, field: "validity" as const, loose: true })),
  ...["主题分类", "信息分类"].map((label) => ({ label, field: "topic" as const, loose: true })),
  { label: "分类", field: "topic", loose: false },
  ...["标题", "名称", "文件名称"].map((label) => ({ label, field: "title" as const, loose: false })),
  ...["来源", "信息来源", "文章来源", "浏览次数", "访问次数", "点击数", "阅读次数", "访问量", "字号"].map(
    (label) => ({ label, field: null, loose: true }),
  ),
  ...["体裁分类", "公文种类", "组配分类", "服务对象", "主题词", "关键词", "作者", "责任编辑"].map(
    (label) => ({
      label,
      field: null,
      loose: false,
    }),
  ),
];

const SP = "[\\s\\u3000\\u00a0]*";
/** Longest labels first so 发文字号 wins over 文号. */
const SORTED = [...DEFS].sort((a, b) => b.label.length - a.label.length);
const pattern = (defs: LabelDef[]): string => defs.map((d) => [...d.label].join(SP)).join("|");
const BY_LABEL = new Map(DEFS.map((d) => [d.label, d]));

const LABEL_ONLY = new RegExp(`^${SP}(${pattern(SORTED)})${SP}[：:]?${SP}$`);
const LABEL_COLON_ALL = new RegExp(`(${pattern(SORTED)})${SP}[：:]`, "g");
const LABEL_COLON_LOOSE = new RegExp(`(${pattern(SORTED.filter((d) => d.loose))})${SP}[：:]`, "g");
const START_ALL = new RegExp(`^(?:${pattern(SORTED)})${SP}[：:]`);
const START_LOOSE = new RegExp(`^(?:${pattern(SORTED.filter((d) => d.loose))})${SP}[：:]`);

function defOf(raw: string): LabelDef {
  return BY_LABEL.get(raw.replace(/[\s\u3000\u00a0]/g, ""))!;
}

/** A `label：value` pair read from text. */
export interface FactPair {
  field: FactField;
  label: string;
  value: string;
}

/** When the token is just a label (`索引号`, `发布机构：`), the label's definition. */
export function labelOnly(token: string): { field: FactField; label: string } | undefined {
  const m = LABEL_ONLY.exec(token);
  if (!m) return undefined;
  const d = defOf(m[1]!);
  return { field: d.field, label: d.label };
}

/**
 * Splits text made only of `label：value` pairs (`发布时间：2023-08-14 来源：区政府`).
 * Returns undefined when the text does not start with a label followed by a colon.
 * `loose` restricts to labels safe outside a metadata block.
 */
export function splitPairs(text: string, loose: boolean): FactPair[] | undefined {
  if (!/[：:]/.test(text)) return undefined;
  const t = text.replace(/^[\s\u3000\u00a0【[]+/, "");
  const start = loose ? START_LOOSE : START_ALL;
  if (!start.test(t)) return undefined;
  const matches = [...t.matchAll(loose ? LABEL_COLON_LOOSE : LABEL_COLON_ALL)];
  if (matches.length === 0 || matches[0]!.index !== 0) return undefined;
  const pairs: FactPair[] = [];
  matches.forEach((m, i) => {
    const end = i + 1 < matches.length ? matches[i + 1]!.index : t.length;
    const d = defOf(m[1]!);
    const value = t
      .slice(m.index + m[0].length, end)
      .replace(/^[\s\u3000\u00a0]+|[\s\u3000\u00a0|｜】\]]+$/g, "");
    pairs.push({ field: d.field, label: d.label, value });
  });
  return pairs;
}

/** `2023年8月14日`, `2023-08-14 10:00`, `2023/8/14`, `2023.08.14` → `2023-08-14`. */
export function isoDate(text: string): string | undefined {
  const m = /(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})/.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1900 || y > 2200) return undefined;
  return `${m[1]}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Stores a value in facts unless that field already has one; dates are converted to ISO. */
export function setFact(facts: IngestFacts, field: FactField, value: string): void {
  if (field === null) return;
  const v = value.replace(/[\s\u3000\u00a0]+/g, " ").trim();
  if (!v || facts[field] !== undefined) return;
  if (field === "publishedDate" || field === "writtenDate") {
    const iso = isoDate(v);
    if (iso) facts[field] = iso;
    return;
  }
  facts[field] = v;
}

/**
 * The facts the parser takes from ingest: what a page or file says about the document besides its
 * text (title, 文号, 发布机构 …). Import and the server's parse workers both hand these over.
 */
export function toParseFacts(facts: IngestFacts): ParseFacts {
  const out: ParseFacts = {};
  if (facts.title) out.title = facts.title;
  if (facts.docNumber) out.docNumber = facts.docNumber;
  if (facts.publisher) out.publisher = facts.publisher;
  if (facts.indexNumber) out.indexNumber = facts.indexNumber;
  if (facts.publishedDate) out.publishedDate = facts.publishedDate;
  if (facts.validity) out.validity = facts.validity;
  if (facts.topic) out.topic = facts.topic;
  return out;
}
