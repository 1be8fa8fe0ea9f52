import type { Line } from "./lines.js";
import type { Box, BoxItem, TableCell, TableNode } from "./types.js";

const HEADER_CELL =
  /^(?:序号|名称|规划名称|项目名称|组织编制部门|编制部门|责任单位|牵头单位|责任部门|牵头部门)$/;
const BOX_CAPTION = /^专栏\s*(\d+)?\s*[:：]?\s*(.*)$/;
/** `name：content`, or `name。content` where the name is a short first sentence (专栏7 of a 规划纲要). */
const ITEM = /^([^：:。，,；;！？\s]{1,30})[：:。]\s*(\S.*)$/;
const ORG_LIKE =
  /(?:委|局|办|部|院|会|中心|支队|大队|队|所|站|室|公司|集团|政府|管委会|办公室|工委|团委|妇联|残联|科协|总工会|法院|检察院)(?:[（(][^）)]{1,20}[）)])?$/;

/**
 * Reads 专栏 boxes: a caption line 专栏N：title followed by `name：content` lines. A caption that
 * heads a table is the table's caption instead (see the outline), not a box.
 */
export function findBoxes(text: string, lines: Line[], skipLines: Set<number>): Box[] {
  const boxes: Box[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    if (skipLines.has(line.index)) continue;
    const caption = BOX_CAPTION.exec(text.slice(line.contentStart, line.contentEnd));
    if (!caption) continue;
    const items: BoxItem[] = [];
    let separator: string | undefined;
    let j = i + 1;
    for (; j < lines.length; j++) {
      const next = lines[j] as Line;
      // A blank line or an indented paragraph ends the box.
      if (next.contentEnd === next.contentStart || next.tabIndented) break;
      if (items.length > 0 && /\s/.test(text.charAt(next.start))) break;
      const value = text.slice(next.contentStart, next.contentEnd);
      const item = ITEM.exec(value);
      if (!item || BOX_CAPTION.test(value)) break;
      // Items of one box share their separator: "name：…" lines, or "name。…" lines.
      const used = value.charAt((item[1] as string).length) === "。" ? "。" : "：";
      if (separator !== undefined && used !== separator) break;
      separator = used;
      items.push({
        name: item[1] as string,
        content: (item[2] as string).trim(),
        span: { start: next.contentStart, end: next.contentEnd },
      });
    }
    if (items.length === 0) continue;
    const box: Box = {
      id: "",
      kind: "box",
      title: (caption[2] as string).trim(),
      items,
      span: { start: line.contentStart, end: (items[items.length - 1] as BoxItem).span.end },
    };
    if (caption[1]) box.number = Number(caption[1]);
    boxes.push(box);
    i = j - 1;
  }
  return boxes;
}

/**
 * Reads a table of special plans or projects with the department responsible for each
 * (规划名称 · 组织编制部门). Returns undefined when the table is not one.
 */
export function boxFromTable(table: TableNode): Box | undefined {
  const items: BoxItem[] = [];
  let candidates = 0;
  for (const row of table.rows) {
    const cells = row.filter((c) => c.text.length > 0);
    if (cells.length < 2) continue;
    candidates++;
    const last = cells[cells.length - 1] as TableCell;
    if (!ORG_LIKE.test(last.text) || last.text.length > 30) continue;
    const name = cells
      .slice(0, -1)
      .find((c) => !/^\d+$/.test(c.text) && c.text.length >= 4 && !HEADER_CELL.test(c.text));
    if (!name) continue;
    items.push({
      name: name.text,
      content: "",
      department: last.text,
      span: { start: (cells[0] as TableCell).span.start, end: last.span.end },
    });
  }
  if (items.length < 2 || items.length < candidates * 0.6) return undefined;
  const header = table.rows[0]?.find((c) => /部门|单位/.test(c.text));
  const caption = table.caption?.replace(/^专栏\s*\d*\s*[:：]?\s*/, "");
  const box: Box = {
    id: "",
    kind: "table",
    title: caption ?? (header ? `${header.text}表` : "项目表"),
    items,
    span: table.span,
  };
  const number = /^专栏\s*(\d+)/.exec(table.caption ?? "");
  if (number) box.number = Number(number[1]);
  return box;
}
