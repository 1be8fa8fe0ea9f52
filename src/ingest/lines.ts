/**
 * Builds the output text line by line: one paragraph per line, no blank lines except the ones
 * that frame a table (the table contract in table.ts).
 */

const EDGE_SPACE = /^[ \u3000\u00a0]+|[ \u3000\u00a0]+$/g;

/** Trims ASCII, ideographic and no-break spaces at both ends and collapses inner runs of ASCII spaces. */
export function tidyLine(line: string): string {
  return line.replace(/ {2,}/g, " ").replace(EDGE_SPACE, "");
}

/** Accumulates paragraphs and tables into the text of an IngestResult. */
export class TextBuilder {
  private readonly lines: string[] = [];
  private current = "";
  private chars = 0;

  /** Appends inline text to the current line. */
  inline(text: string): void {
    this.current += text;
  }

  /** True when the current line has content. */
  hasInline(): boolean {
    return tidyLine(this.current) !== "";
  }

  /** Ends the current line (if it has content). */
  endLine(): void {
    const line = tidyLine(this.current);
    this.current = "";
    if (line) this.push(line);
  }

  /** Adds a whole paragraph as one line (newlines inside become line breaks). */
  paragraph(text: string): void {
    this.endLine();
    for (const part of text.split("\n")) {
      const line = tidyLine(part);
      if (line) this.push(line);
    }
  }

  /** Adds a table: a blank line, its row lines, a blank line. */
  table(rowLines: string[]): void {
    this.endLine();
    if (rowLines.length === 0) return;
    this.push("");
    for (const l of rowLines) this.push(l);
    this.push("");
  }

  /** Characters accumulated so far (to enforce output caps). */
  get length(): number {
    return this.chars + this.current.length;
  }

  private push(line: string): void {
    this.lines.push(line);
    this.chars += line.length + 1;
  }

  /** The text: lines joined by `\n`, at most one blank line in a row, none at either end. */
  toString(): string {
    this.endLine();
    const out: string[] = [];
    for (const l of this.lines) {
      if (l === "" && (out.length === 0 || out[out.length - 1] === "")) continue;
      out.push(l);
    }
    while (out.length > 0 && out[out.length - 1] === "") out.pop();
    return out.join("\n");
  }
}
