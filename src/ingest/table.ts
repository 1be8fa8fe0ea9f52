/**
 * The table contract shared by HTML and DOCX (docs/ingest.md): a blank line, then one line per
 * row written as TAB + cells joined by TAB, then a blank line. A merged cell is written once and
 * followed by empty cells for the columns it spans; a row-merged cell repeats the text of the cell
 * above in every row it covers.
 */

/** Most columns one cell may span; wider spans are clamped (a colspan bomb stays small). */
export const MAX_SPAN = 100;
/** Most cells in one row after spans are expanded. */
export const MAX_ROW_CELLS = 1000;

/** Collapses a cell's internal whitespace (newlines and TABs included) to single spaces. */
export function cellText(text: string): string {
  return text.replace(/[\s\u00a0]+/g, " ").trim();
}

/** The lines of a table: TAB + cells joined by TAB; rows whose cells are all empty are dropped. */
export function tableLines(rows: string[][]): string[] {
  const lines: string[] = [];
  for (const row of rows) {
    const cells = row.map(cellText);
    if (cells.every((c) => c === "")) continue;
    lines.push("\t" + cells.join("\t"));
  }
  return lines;
}

/** An HTML cell (`td`/`th`) with its spans. */
export interface HtmlCell {
  text: string;
  colSpan: number;
  rowSpan: number;
}

function clampSpan(n: number, max: number): number {
  return Number.isFinite(n) && n >= 1 ? Math.min(Math.floor(n), max) : 1;
}

/** Lays HTML rows out on a grid: colspan → empty cells after the text, rowspan → text repeated below. */
export function htmlGrid(rows: HtmlCell[][]): string[][] {
  const out: string[][] = [];
  // For each column: the text a rowspan carries into the next rows and how many rows are left.
  const carry: { text: string; left: number }[] = [];
  for (const row of rows) {
    const cells: string[] = [];
    let col = 0;
    const flushCarried = (): void => {
      while (carry[col] && carry[col]!.left > 0 && cells.length < MAX_ROW_CELLS) {
        const c = carry[col]!;
        cells.push(c.text);
        c.left--;
        col++;
      }
    };
    for (const cell of row) {
      flushCarried();
      if (cells.length >= MAX_ROW_CELLS) break;
      const colSpan = clampSpan(cell.colSpan, MAX_SPAN);
      const rowSpan = clampSpan(cell.rowSpan, 10000);
      for (let k = 0; k < colSpan && cells.length < MAX_ROW_CELLS; k++) {
        const text = k === 0 ? cell.text : "";
        cells.push(text);
        carry[col] = { text, left: rowSpan - 1 };
        col++;
      }
    }
    // Row-spanning cells that continue after the last cell of this row.
    let lastCarried = -1;
    carry.forEach((c, i) => {
      if (c.left > 0) lastCarried = i;
    });
    while (col <= lastCarried && cells.length < MAX_ROW_CELLS) {
      const c = carry[col];
      if (c && c.left > 0) {
        cells.push(c.text);
        c.left--;
      } else {
        cells.push("");
      }
      col++;
    }
    out.push(cells);
  }
  return out;
}

/** A DOCX cell (`w:tc`) with its grid span and vertical-merge state. */
export interface DocxCell {
  text: string;
  gridSpan: number;
  /** `restart` starts a vertical merge, `continue` continues the one above, undefined: none. */
  vMerge?: "restart" | "continue";
}

/** A DOCX row: its cells and the number of grid columns skipped before the first cell. */
export interface DocxRow {
  gridBefore: number;
  cells: DocxCell[];
}

/** Lays DOCX rows out on the grid: gridSpan → empty cells after the text, vMerge → text of the cell above. */
export function docxGrid(rows: DocxRow[]): string[][] {
  const out: string[][] = [];
  // Text of the cell that starts (or started) a vertical merge, by grid column.
  const above: string[] = [];
  for (const row of rows) {
    const cells: string[] = [];
    for (let k = 0; k < clampSpan(row.gridBefore, MAX_SPAN) && row.gridBefore > 0; k++) cells.push("");
    for (const cell of row.cells) {
      if (cells.length >= MAX_ROW_CELLS) break;
      const col = cells.length;
      const span = clampSpan(cell.gridSpan, MAX_SPAN);
      const text = cell.vMerge === "continue" ? (above[col] ?? "") : cell.text;
      for (let k = 0; k < span && cells.length < MAX_ROW_CELLS; k++) {
        cells.push(k === 0 ? text : "");
        above[col + k] = k === 0 ? text : "";
      }
    }
    out.push(cells);
  }
  return out;
}
