/**
 * DOCX → text through our bounded unzip (zip.ts) and a streaming XML reader that refuses DTDs
 * (xml.ts). Paragraphs get back their automatic numbering (docx-numbering.ts); tables follow the
 * table contract; text boxes are kept, deleted text, field codes and footnotes are dropped.
 */
import type { Deadline } from "./deadline.js";
import { NumberingState, parseNumbering, type NumberingDefs } from "./docx-numbering.js";
import { IngestError } from "./errors.js";
import { TextBuilder } from "./lines.js";
import { cellText, docxGrid, tableLines, type DocxCell, type DocxRow } from "./table.js";
import type { IngestDiagnostic, IngestFacts, IngestHeading } from "./types.js";
import { readXml } from "./xml.js";
import type { ZipReader } from "./zip.js";

/** The text, facts and diagnostics read from one DOCX. */
export interface DocxText {
  text: string;
  facts: IngestFacts;
  diagnostics: IngestDiagnostic[];
}

const W_NS = new Set([
  "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
  "http://purl.oclc.org/ooxml/wordprocessingml/main",
]);
const MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/** Subtrees whose text is not document text. */
const SKIP = new Set([
  "del",
  "moveFrom",
  "delText",
  "instrText",
  "delInstrText",
  "sectPr",
  "sdtPr",
  "rPrChange",
  "pPrChange",
  "tblPrChange",
  "trPrChange",
  "tcPrChange",
  "sectPrChange",
  "numberingChange",
  "footnotePr",
  "endnotePr",
]);

/** Most characters of output text (security.md §3: text ≤ 20 MB). */
export const MAX_TEXT_CHARS = 20_000_000;

interface StyleDef {
  name: string;
  basedOn?: string;
  numId?: string;
  ilvl?: number;
  outline?: number;
}

interface Relationship {
  type: string;
  target: string;
}

function dirname(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i + 1);
}

function resolvePart(base: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = (dirname(base) + target).split("/");
  const out: string[] = [];
  for (const p of parts) {
    if (p === "..") out.pop();
    else if (p !== "." && p !== "") out.push(p);
  }
  return out.join("/");
}

function readRels(zip: ZipReader, relsPath: string, deadline: Deadline): Relationship[] {
  const bytes = zip.read(relsPath);
  if (!bytes) return [];
  const rels: Relationship[] = [];
  readXml(
    bytes,
    relsPath,
    {
      open(name, attrs) {
        if (name.endsWith("Relationship") && attrs["TargetMode"] !== "External") {
          rels.push({ type: attrs["Type"] ?? "", target: attrs["Target"] ?? "" });
        }
      },
      close() {},
      text() {},
    },
    deadline,
  );
  return rels;
}

/** The main document part of a WordprocessingML package, or undefined when the ZIP is not a DOCX. */
export function mainDocumentPart(zip: ZipReader, deadline: Deadline): string | undefined {
  for (const rel of readRels(zip, "_rels/.rels", deadline)) {
    if (rel.type.endsWith("/officeDocument")) {
      const part = resolvePart("", rel.target);
      if (zip.has(part)) return part;
    }
  }
  return zip.has("word/document.xml") ? "word/document.xml" : undefined;
}

function parseStyles(bytes: Uint8Array, deadline: Deadline): Map<string, StyleDef> {
  const styles = new Map<string, StyleDef>();
  let style: StyleDef | undefined;
  let inPPr = false;
  readXml(
    bytes,
    "word/styles.xml",
    {
      open(name, attrs) {
        const local = name.slice(name.indexOf(":") + 1);
        const val = attrs["w:val"];
        if (local === "style") {
          style = attrs["w:type"] === "paragraph" ? { name: "" } : undefined;
          if (style) styles.set(attrs["w:styleId"] ?? "", style);
        } else if (!style) {
          return;
        } else if (local === "name") style.name = val ?? "";
        else if (local === "basedOn" && val) style.basedOn = val;
        else if (local === "pPr") inPPr = true;
        else if (inPPr && local === "numId" && val) style.numId = val;
        else if (inPPr && local === "ilvl" && val) style.ilvl = Number(val);
        else if (inPPr && local === "outlineLvl" && val) style.outline = Number(val);
      },
      close(name) {
        const local = name.slice(name.indexOf(":") + 1);
        if (local === "pPr") inPPr = false;
        else if (local === "style") style = undefined;
      },
      text() {},
    },
    deadline,
  );
  return styles;
}

function readCoreTitle(zip: ZipReader, deadline: Deadline): string | undefined {
  const bytes = zip.read("docProps/core.xml");
  if (!bytes) return undefined;
  let inTitle = false;
  let title = "";
  readXml(
    bytes,
    "docProps/core.xml",
    {
      open(name) {
        inTitle = name === "dc:title" || name.endsWith(":title");
      },
      close() {
        inTitle = false;
      },
      text(t) {
        if (inTitle) title += t;
      },
    },
    deadline,
  );
  const t = title.replace(/\s+/g, " ").trim();
  return t || undefined;
}

interface Para {
  text: string;
  styleId?: string;
  numId?: string;
  ilvl?: number;
  outline?: number;
  /** Paragraphs of text boxes anchored in this paragraph, written after it. */
  after: string[];
}

interface CellCtx extends DocxCell {
  kind: "cell";
  paras: string[];
}

interface TxbxCtx {
  kind: "txbx";
  paras: string[];
}

type Container = { kind: "body" } | CellCtx | TxbxCtx;

interface TableCtx {
  rows: DocxRow[];
}

/** Reads a DOCX package (already recognised as a ZIP) into text and facts. */
export function docxToText(zip: ZipReader, deadline: Deadline): DocxText {
  const diagnostics: IngestDiagnostic[] = [];
  const main = mainDocumentPart(zip, deadline);
  if (!main) throw new IngestError("INGEST_CORRUPT_DOCX", "no word/document.xml");
  const rels = readRels(zip, `${dirname(main)}_rels/${main.slice(dirname(main).length)}.rels`, deadline);
  const partOf = (suffix: string, fallback: string): string => {
    const rel = rels.find((r) => r.type.endsWith(suffix));
    return rel ? resolvePart(main, rel.target) : dirname(main) + fallback;
  };
  const numberingBytes = zip.read(partOf("/numbering", "numbering.xml"));
  const stylesBytes = zip.read(partOf("/styles", "styles.xml"));
  const numbering: NumberingDefs | undefined = numberingBytes
    ? parseNumbering(numberingBytes, deadline)
    : undefined;
  const styles = stylesBytes ? parseStyles(stylesBytes, deadline) : new Map<string, StyleDef>();
  const documentBytes = zip.read(main)!;

  const facts: IngestFacts = {};
  const coreTitle = readCoreTitle(zip, deadline);
  if (coreTitle) facts.title = coreTitle;

  const counters = new NumberingState(numbering);
  const builder = new TextBuilder();
  const headings: IngestHeading[] = [];
  let titleStyleText: string | undefined;

  const styleChain = (id: string | undefined): StyleDef[] => {
    const chain: StyleDef[] = [];
    for (
      let s = id ? styles.get(id) : undefined;
      s && chain.length < 10;
      s = s.basedOn ? styles.get(s.basedOn) : undefined
    ) {
      chain.push(s);
    }
    return chain;
  };

  // Name mapping: local names for the WordprocessingML prefix, `mc:Fallback` recognised by namespace.
  let wPrefix = "w:";
  let fallbackName = "mc:Fallback";
  let rootSeen = false;
  const local = (name: string): string =>
    name.startsWith(wPrefix) ? name.slice(wPrefix.length) : `#${name}`;

  const names: string[] = [];
  let skip = 0;
  const paras: Para[] = [];
  const containers: Container[] = [{ kind: "body" }];
  const tables: TableCtx[] = [];
  let inText = false;
  let hidden = false;
  let paragraphs = 0;

  const parent = (): string | undefined => names[names.length - 2];
  const top = <T>(a: T[]): T | undefined => a[a.length - 1];

  const deliver = (line: string): void => {
    const c = top(containers)!;
    if (c.kind === "body") {
      builder.paragraph(line);
      if (builder.length > MAX_TEXT_CHARS) throw new IngestError("INGEST_OUTPUT_TOO_LARGE");
    } else c.paras.push(line);
  };

  const closeParagraph = (p: Para): void => {
    paragraphs++;
    if (paragraphs % 2048 === 0) deadline.check();
    const chain = styleChain(p.styleId);
    const numId = p.numId ?? chain.find((s) => s.numId !== undefined)?.numId;
    const ilvl = p.ilvl ?? chain.find((s) => s.ilvl !== undefined)?.ilvl ?? 0;
    const label = numId ? counters.next(numId, ilvl) : "";
    const body = p.text.replace(/^[ \u3000]+/, "");
    const line = body || label ? label + body : "";
    const outline = p.outline ?? chain.find((s) => s.outline !== undefined)?.outline;
    const styleName = chain[0]?.name.toLowerCase() ?? "";
    const headingMatch = /^heading (\d)$/.exec(styleName);
    const level =
      outline !== undefined && outline < 9 ? outline + 1 : headingMatch ? Number(headingMatch[1]) : 0;
    const oneLine = line.replace(/\s+/g, " ").trim();
    if (level > 0 && oneLine && top(containers)!.kind === "body") headings.push({ level, text: oneLine });
    if (styleName === "title" && oneLine && !titleStyleText) titleStyleText = oneLine;
    if (line.trim()) deliver(line);
    for (const l of p.after) deliver(l);
  };

  readXml(
    documentBytes,
    main,
    {
      open(name, attrs) {
        if (!rootSeen) {
          rootSeen = true;
          for (const [k, v] of Object.entries(attrs)) {
            if (k.startsWith("xmlns:") && W_NS.has(v)) wPrefix = `${k.slice(6)}:`;
            if (k === "xmlns" && W_NS.has(v)) wPrefix = "";
            if (k.startsWith("xmlns:") && v === MC_NS) fallbackName = `${k.slice(6)}:Fallback`;
          }
        }
        names.push(local(name));
        if (skip > 0) {
          skip++;
          return;
        }
        if (name === fallbackName) {
          skip = 1;
          return;
        }
        const l = names[names.length - 1]!;
        if (SKIP.has(l)) {
          skip = 1;
          return;
        }
        const val = attrs[`${wPrefix}val`];
        const p = top(paras);
        switch (l) {
          case "p":
            paras.push({ text: "", after: [] });
            break;
          case "pStyle":
            if (p && parent() === "pPr" && val) p.styleId = val;
            break;
          case "numId":
            if (p && parent() === "numPr" && val !== undefined) p.numId = val;
            break;
          case "ilvl":
            if (p && parent() === "numPr" && val !== undefined) p.ilvl = Number(val);
            break;
          case "outlineLvl":
            if (p && parent() === "pPr" && val !== undefined) p.outline = Number(val);
            break;
          case "r":
            hidden = false;
            break;
          case "vanish":
          case "webHidden":
            if (parent() === "rPr" && names[names.length - 3] === "r")
              hidden = val !== "0" && val !== "false";
            break;
          case "t":
            inText = parent() === "r";
            break;
          case "tab":
            if (p && parent() === "r" && !hidden) p.text += " ";
            break;
          case "br":
          case "cr":
            if (p && parent() === "r" && !hidden) p.text += "\n";
            break;
          case "noBreakHyphen":
            if (p && !hidden) p.text += "-";
            break;
          case "sym": {
            const code = Number.parseInt(attrs[`${wPrefix}char`] ?? "", 16);
            if (p && !hidden && Number.isFinite(code) && !(code >= 0xe000 && code <= 0xf8ff)) {
              p.text += String.fromCharCode(code);
            }
            break;
          }
          case "tbl":
            tables.push({ rows: [] });
            break;
          case "tr":
            top(tables)?.rows.push({ gridBefore: 0, cells: [] });
            break;
          case "gridBefore": {
            const row = top(top(tables)?.rows ?? []);
            if (row && parent() === "trPr") row.gridBefore = Number(val ?? 0);
            break;
          }
          case "tc": {
            const cell: CellCtx = { kind: "cell", paras: [], text: "", gridSpan: 1 };
            top(top(tables)?.rows ?? [])?.cells.push(cell);
            containers.push(cell);
            break;
          }
          case "gridSpan": {
            const c = top(containers);
            if (c?.kind === "cell" && parent() === "tcPr") c.gridSpan = Number(val ?? 1);
            break;
          }
          case "vMerge": {
            const c = top(containers);
            if (c?.kind === "cell" && parent() === "tcPr")
              c.vMerge = val === "restart" ? "restart" : "continue";
            break;
          }
          case "txbxContent":
            containers.push({ kind: "txbx", paras: [] });
            break;
        }
      },
      close() {
        const l = names.pop()!;
        if (skip > 0) {
          skip--;
          return;
        }
        switch (l) {
          case "t":
            inText = false;
            break;
          case "p": {
            const p = paras.pop();
            if (p) closeParagraph(p);
            break;
          }
          case "tc": {
            const c = containers.pop();
            if (c?.kind === "cell") c.text = c.paras.join("\n");
            break;
          }
          case "tbl": {
            const t = tables.pop();
            if (!t) break;
            const grid = docxGrid(t.rows);
            const c = top(containers)!;
            if (c.kind === "body") {
              builder.table(tableLines(grid));
            } else {
              const flat = grid.flat().map(cellText).filter(Boolean).join(" ");
              if (flat) c.paras.push(flat);
            }
            break;
          }
          case "txbxContent": {
            const c = containers.pop();
            const p = top(paras);
            if (c?.kind === "txbx") {
              if (p) p.after.push(...c.paras);
              else for (const line of c.paras) deliver(line);
            }
            break;
          }
        }
      },
      text(t) {
        if (skip === 0 && inText && !hidden) {
          const p = top(paras);
          if (p) p.text += t;
        }
      },
    },
    deadline,
  );

  if (!facts.title && titleStyleText) facts.title = titleStyleText;
  if (headings.length > 0) facts.headings = headings;
  return { text: builder.toString(), facts, diagnostics };
}
