import { createHash } from "node:crypto";

/**
 * Stable identity of tasks and indicators across re-parses. A parser upgrade may number, trim or
 * split things differently; what hangs off a task (reports, reminders) must stay attached. The
 * key is a hash of the normalised heading path and text; when the key changes, a fuzzy match on
 * the text (character bigrams) finds the old row, so a one-word edit keeps the identity.
 */

/** Heading markers (一、 （一） 1． (1) ① 第一章 …) at the start of a heading label. */
const MARKER =
  /^\s*(?:第[一二三四五六七八九十百零〇○\d]+[篇章节条部分]\s*|[一二三四五六七八九十百]+[、.．]\s*|[（(][一二三四五六七八九十百\d]+[）)][、.．]?\s*|\d+(?:[.．、]|\s)\s*|[①-⑳⑴-⒇]\s*)/u;

/** Text for comparison: NFKC, lower case, without whitespace, punctuation and symbols. */
export function normalizeForIdentity(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, "");
}

/** A heading path without its numbering, so renumbered headings keep their tasks' identity. */
export function normalizePath(path: readonly string[]): string {
  return path.map((label) => normalizeForIdentity(label.replace(MARKER, ""))).join("/");
}

function digest(value: string): string {
  return createHash("sha256").update(value).digest("hex").slice(0, 32);
}

/** What identity is computed from. */
export interface IdentityInput {
  /** Heading labels, outermost first (tasks) or the category (indicators). */
  path: readonly string[];
  /** The task text, or the indicator name and unit. */
  text: string;
}

/** A fresh row's identity: the key plus the normal forms the fuzzy match compares. */
export interface Identity {
  key: string;
  path: string;
  text: string;
}

/**
 * Keys for rows in document order. Identical path + text twice in one document get `#2`, `#3` …
 * so the key stays unique within the document.
 */
export function identityKeys(items: readonly IdentityInput[]): Identity[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const path = normalizePath(item.path);
    const text = normalizeForIdentity(item.text);
    const base = digest(`${path}\n${text}`);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { key: n === 1 ? base : `${base}#${n}`, path, text };
  });
}

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  const chars = [...text];
  if (chars.length === 1) grams.set(chars[0]!, 1);
  for (let i = 0; i + 1 < chars.length; i++) {
    const g = chars[i]! + chars[i + 1]!;
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  return grams;
}

/** Sørensen–Dice similarity of two texts' character-bigram multisets, 0–1. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const ga = bigrams(a);
  const gb = bigrams(b);
  let total = 0;
  for (const n of ga.values()) total += n;
  for (const n of gb.values()) total += n;
  if (total === 0) return 0;
  let common = 0;
  for (const [g, n] of ga) common += Math.min(n, gb.get(g) ?? 0);
  return (2 * common) / total;
}

/** Texts at least this similar are the same task (same heading path counts for a little more). */
export const SIMILARITY_THRESHOLD = 0.8;
const SAME_PATH_BONUS = 0.1;
/** Above this many comparisons, only rows under the same heading path are compared. */
const MAX_PAIRS = 250_000;

/** An existing row: its id and identity. */
export interface ExistingIdentity extends Identity {
  id: string;
}

/**
 * Pairs fresh rows with existing ones: first by equal key, then the most similar remaining pairs
 * above the threshold, greedily. Returns, per fresh row, the id of the existing row it continues.
 */
export function matchIdentities(
  existing: readonly ExistingIdentity[],
  fresh: readonly Identity[],
): (string | undefined)[] {
  const result: (string | undefined)[] = new Array(fresh.length).fill(undefined);
  const byKey = new Map(existing.map((e) => [e.key, e]));
  const used = new Set<string>();
  fresh.forEach((f, i) => {
    const hit = byKey.get(f.key);
    if (hit && !used.has(hit.id)) {
      result[i] = hit.id;
      used.add(hit.id);
    }
  });
  const openFresh = fresh.map((f, i) => ({ f, i })).filter(({ i }) => result[i] === undefined);
  const openOld = existing.filter((e) => !used.has(e.id));
  if (openFresh.length === 0 || openOld.length === 0) return result;
  const samePathOnly = openFresh.length * openOld.length > MAX_PAIRS;
  const pairs: { i: number; id: string; score: number }[] = [];
  for (const { f, i } of openFresh) {
    for (const e of openOld) {
      const samePath = e.path === f.path;
      if (samePathOnly && !samePath) continue;
      const score = similarity(e.text, f.text) + (samePath ? SAME_PATH_BONUS : 0);
      if (score >= SIMILARITY_THRESHOLD) pairs.push({ i, id: e.id, score });
    }
  }
  pairs.sort((a, b) => b.score - a.score || a.i - b.i);
  for (const { i, id } of pairs) {
    if (result[i] !== undefined || used.has(id)) continue;
    result[i] = id;
    used.add(id);
  }
  return result;
}
