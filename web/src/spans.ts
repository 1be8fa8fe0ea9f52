/**
 * Spans are `[start, end)` offsets in UTF-16 code units into the stored text, which is exactly how
 * JavaScript strings index, so `text.slice(start, end)` is the source of a span. Pure helpers for
 * the document page.
 */

/** A span of the document text. */
export interface Span {
  start: number;
  end: number;
}

/** The text cut around one span, clamped to the text. */
export function splitAtSpan(text: string, span: Span): { before: string; marked: string; after: string } {
  const start = Math.max(0, Math.min(span.start, text.length));
  const end = Math.max(start, Math.min(span.end, text.length));
  return { before: text.slice(0, start), marked: text.slice(start, end), after: text.slice(end) };
}

/** The end of the smallest span in `spans` that contains `inner` (the paragraph around a task), or `inner.end`. */
export function enclosingEnd(spans: readonly Span[], inner: Span): number {
  let best: Span | null = null;
  for (const s of spans) {
    if (s.start <= inner.start && s.end >= inner.end && (!best || s.end - s.start < best.end - best.start)) {
      best = s;
    }
  }
  return best ? best.end : inner.end;
}

/**
 * Where a unit's name is written for a task: its first occurrence from the task's start up to
 * `limit` (the end of the paragraph, where a responsibility clause such as （牵头单位：…） sits).
 */
export function unitNameSpan(text: string, task: Span, name: string, limit: number): Span | null {
  if (name.length === 0) return null;
  const at = text.indexOf(name, task.start);
  return at >= 0 && at + name.length <= Math.max(limit, task.end)
    ? { start: at, end: at + name.length }
    : null;
}

/** An outline node as the API gives it. */
export interface OutlineNodeLike {
  id: string;
  parentId: string | null;
  seq: number;
  type: "heading" | "paragraph" | "table";
  marker: string | null;
  title: string | null;
  span: Span;
}

/** A node of the outline tree the page shows: headings and tables, nested by `parentId`. */
export interface OutlineTreeNode {
  key: string;
  title: string;
  span: Span;
  children: OutlineTreeNode[];
}

/** Nests the headings and tables of an outline; a node whose parent is not shown hangs at the nearest shown ancestor. */
export function outlineTree(nodes: readonly OutlineNodeLike[]): OutlineTreeNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const shown = nodes.filter((n) => n.type !== "paragraph").sort((a, b) => a.seq - b.seq);
  const treeNodes = new Map<string, OutlineTreeNode>();
  for (const n of shown) {
    const title =
      n.type === "table"
        ? "表格"
        : `${n.marker ?? ""}${n.marker && n.title ? " " : ""}${n.title ?? ""}` || "（无标题）";
    treeNodes.set(n.id, { key: n.id, title, span: n.span, children: [] });
  }
  const roots: OutlineTreeNode[] = [];
  for (const n of shown) {
    let parentId = n.parentId;
    while (parentId !== null && !treeNodes.has(parentId)) parentId = byId.get(parentId)?.parentId ?? null;
    const node = treeNodes.get(n.id)!;
    if (parentId === null) roots.push(node);
    else treeNodes.get(parentId)!.children.push(node);
  }
  return roots;
}

/** An assignment as the API gives it. */
export interface AssignmentLike {
  unitName: string;
  unitId: string | null;
  canonicalName: string | null;
  role: "lead" | "co";
}

/** Unit names the registry did not resolve, with how many tasks name each, most named first. */
export function unresolvedNames(
  tasks: readonly { assignments: readonly AssignmentLike[] }[],
): { name: string; tasks: number }[] {
  const counts = new Map<string, number>();
  for (const t of tasks) {
    const names = new Set(t.assignments.filter((a) => a.unitId === null).map((a) => a.unitName));
    for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts]
    .map(([name, n]) => ({ name, tasks: n }))
    .sort((a, b) => b.tasks - a.tasks || a.name.localeCompare(b.name, "zh-CN"));
}
