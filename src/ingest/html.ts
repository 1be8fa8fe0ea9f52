/**
 * HTML → text for government pages: drop site chrome, lift the 信息公开 metadata (索引号, 发布机构,
 * 文号, 发布日期 …) into facts and out of the body, pick the element that holds most of the text
 * (content density), and write paragraphs one per line and tables per the table contract.
 */
import { labelOnly, setFact, splitPairs } from "./facts.js";
import { buildDom, MAX_DEPTH, type HElement, type HNode } from "./html-dom.js";
import { TextBuilder } from "./lines.js";
import { cellText, htmlGrid, tableLines, type HtmlCell } from "./table.js";
import type { IngestDiagnostic, IngestFacts } from "./types.js";

/** The text, facts and diagnostics read from one page. */
export interface HtmlText {
  text: string;
  facts: IngestFacts;
  diagnostics: IngestDiagnostic[];
}

const BLOCK = new Set([
  "address",
  "article",
  "blockquote",
  "body",
  "caption",
  "center",
  "dd",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figcaption",
  "figure",
  "footer",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "html",
  "li",
  "main",
  "ol",
  "p",
  "pre",
  "section",
  "summary",
  "td",
  "th",
  "tr",
  "ul",
]);

/** Elements a metadata block never grows into: they hold the whole page or article. */
const PAGE_LEVEL = new Set(["#root", "html", "body", "main", "article"]);

/** Elements that may be chosen as the content container. */
const CONTAINER = new Set([
  "#root",
  "html",
  "body",
  "div",
  "td",
  "article",
  "section",
  "main",
  "center",
  "font",
]);

function isWide(c: number): boolean {
  return (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xffef);
}

/** HTML whitespace → one space; a line break between two CJK characters disappears (CSS Text 3). */
function collapseSpace(text: string): string {
  return text.replace(/[ \t\n\r\f\u00a0]+/g, (ws: string, at: number, all: string) => {
    if (/[\n\r]/.test(ws) && isWide(all.charCodeAt(at - 1)) && isWide(all.charCodeAt(at + ws.length)))
      return "";
    return " ";
  });
}

function isElement(n: HNode): n is HElement {
  return typeof n !== "string";
}

/** Text of an element with tags removed (no layout), for measuring and for metadata tokens. */
function plainText(el: HElement): string {
  let out = "";
  for (const c of el.children) out += isElement(c) ? " " + plainText(c) + " " : c;
  return out;
}

function cjkCount(text: string): number {
  let n = 0;
  let latin = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x3400 && c <= 0x9fff) n++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++;
  }
  return n + latin * 0.3;
}

function remove(el: HElement): void {
  const p = el.parent;
  if (!p) return;
  const i = p.children.indexOf(el);
  if (i >= 0) p.children.splice(i, 1);
}

// ---------------------------------------------------------------------------------------------
// 信息公开 metadata blocks

interface LabelInfo {
  labels: Set<string> | undefined;
  length: number;
  /** Holds a sentence of body text. */
  prose: boolean;
}

/** A text node split at line breaks and trimmed. */
function splitTokens(text: string, out: string[] = []): string[] {
  for (const part of text.split(/\n/)) {
    const t = part.replace(/^[\s\u3000\u00a0]+|[\s\u3000\u00a0]+$/g, "");
    if (t) out.push(t);
  }
  return out;
}

/** Text nodes of an element as tokens, in document order. */
function tokens(el: HElement, out: string[] = []): string[] {
  for (const c of el.children) {
    if (isElement(c)) tokens(c, out);
    else splitTokens(c, out);
  }
  return out;
}

/** Characters that are not whitespace. */
function visibleLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!(c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x3000)) n++;
  }
  return n;
}

function tokenLabels(token: string): string[] {
  // Labels are short; longer tokens can only hold `label：value` pairs.
  const only = token.length <= 16 ? labelOnly(token) : undefined;
  if (only) return [only.label];
  return splitPairs(token, false)?.map((p) => p.label) ?? [];
}

/** Reads `label value` pairs from a metadata block's tokens into facts. */
function readPairs(toks: string[], facts: IngestFacts): void {
  const isLabel = (t: string | undefined): boolean => t !== undefined && tokenLabels(t).length > 0;
  for (let i = 0; i < toks.length; i++) {
    const tok = toks[i]!;
    const pairs = splitPairs(tok, false);
    if (pairs) {
      pairs.forEach((p, k) => {
        let value = p.value;
        if (!value && k === pairs.length - 1 && i + 1 < toks.length && !isLabel(toks[i + 1])) {
          value = toks[++i]!;
        }
        setFact(facts, p.field, value);
      });
      continue;
    }
    const only = labelOnly(tok);
    if (only && i + 1 < toks.length && !isLabel(toks[i + 1])) setFact(facts, only.field, toks[++i]!);
  }
}

/**
 * Finds the smallest elements holding two or more metadata labels and little else, reads their
 * pairs into facts and removes them from the page. Returns how many blocks were removed.
 */
function liftMetadata(root: HElement, facts: IngestFacts): number {
  const info = new Map<HElement, LabelInfo>();
  const measure = (el: HElement): LabelInfo => {
    let labels: Set<string> | undefined;
    let length = 0;
    let prose = false;
    const add = (l: string): void => {
      (labels ??= new Set()).add(l);
    };
    for (const c of el.children) {
      if (isElement(c)) {
        const sub = measure(c);
        sub.labels?.forEach(add);
        length += sub.length;
        prose ||= sub.prose;
      } else {
        const visible = visibleLength(c);
        length += visible;
        if (visible === 0) continue;
        for (const tok of splitTokens(c)) {
          const found = tok.length <= 200 ? tokenLabels(tok) : [];
          found.forEach(add);
          // A sentence is body text, never a metadata value.
          if (found.length === 0 && tok.length >= 8 && /[。；！？]/.test(tok)) prose = true;
        }
      }
    }
    const li: LabelInfo = { labels, length, prose };
    info.set(el, li);
    return li;
  };
  measure(root);
  // 1. The smallest elements with two or more labels and little other text.
  const smallest: HElement[] = [];
  const find = (el: HElement): boolean => {
    let childTaken = false;
    for (const c of el.children) if (isElement(c) && find(c)) childTaken = true;
    if (childTaken) return true;
    const li = info.get(el)!;
    const n = li.labels?.size ?? 0;
    if (!PAGE_LEVEL.has(el.tag) && !li.prose && n >= 2 && li.length <= Math.min(1200, 60 * n)) {
      smallest.push(el);
      return true;
    }
    return false;
  };
  find(root);
  // 2. Grow each to the enclosing table/list/wrapper while what it adds is mostly more labels.
  const grown = new Set<HElement>();
  for (let el of smallest) {
    for (let p = el.parent; p && !PAGE_LEVEL.has(p.tag); p = p.parent) {
      const a = info.get(el)!;
      const b = info.get(p)!;
      const extraLabels = (b.labels?.size ?? 0) - (a.labels?.size ?? 0);
      if (b.prose || b.length - a.length > 20 + 40 * extraLabels) break;
      el = p;
    }
    grown.add(el);
  }
  const blocks = [...grown].filter((b) => {
    for (let p = b.parent; p; p = p.parent) if (grown.has(p)) return false;
    return true;
  });
  for (const b of blocks) {
    readPairs(tokens(b), facts);
    remove(b);
  }
  return blocks.length;
}

// ---------------------------------------------------------------------------------------------
// Content density

/** Picks the deepest container that still holds at least 70% of the page's non-link text. */
function pickContent(root: HElement): HElement {
  const score = new Map<HElement, number>();
  const measure = (el: HElement, inLink: boolean): number => {
    const link = inLink || el.tag === "a";
    let s = 0;
    for (const c of el.children) s += isElement(c) ? measure(c, link) : link ? 0 : cjkCount(c);
    score.set(el, s);
    return s;
  };
  const total = measure(root, false);
  if (total === 0) return root;
  let chosen = root;
  let node = root;
  for (;;) {
    let best: HElement | undefined;
    let bestScore = -1;
    for (const c of node.children) {
      if (!isElement(c)) continue;
      const s = score.get(c)!;
      if (s > bestScore) {
        best = c;
        bestScore = s;
      }
    }
    if (!best || bestScore < total * 0.7) break;
    node = best;
    if (CONTAINER.has(node.tag)) chosen = node;
  }
  return chosen;
}

// ---------------------------------------------------------------------------------------------
// Rendering

interface Sink {
  inline(text: string): void;
  endLine(): void;
  table(rows: string[][]): void;
}

function attrInt(el: HElement, name: string): number {
  const n = Number.parseInt(el.attrs[name] ?? "1", 10);
  return Number.isFinite(n) && n > 0 ? n : 1;
}

/** The rows (`tr`) of a table, not those of nested tables. */
function tableRows(table: HElement): HElement[] {
  const rows: HElement[] = [];
  for (const c of table.children) {
    if (!isElement(c)) continue;
    if (c.tag === "tr") rows.push(c);
    else if (c.tag === "thead" || c.tag === "tbody" || c.tag === "tfoot") {
      for (const r of c.children) if (isElement(r) && r.tag === "tr") rows.push(r);
    }
  }
  return rows;
}

function rowCells(row: HElement): HElement[] {
  return row.children.filter((c): c is HElement => isElement(c) && (c.tag === "td" || c.tag === "th"));
}

/** A table used for page layout rather than data: one column, or a cell holding a whole article. */
function isLayoutTable(rows: HElement[]): boolean {
  if (rows.every((r) => rowCells(r).length <= 1)) return true;
  return rows.some((r) =>
    rowCells(r).some((cell) => {
      const blocks = cell.children.filter((c) => isElement(c) && (c.tag === "p" || c.tag === "div")).length;
      return blocks >= 5 && cjkCount(plainText(cell)) > 500;
    }),
  );
}

/** Renders a cell's content to one string; nested tables are flattened (cells joined by spaces). */
function cellString(cell: HElement): string {
  let out = "";
  const sink: Sink = {
    inline: (t) => {
      out += t;
    },
    endLine: () => {
      out += "\n";
    },
    table: (rows) => {
      out += " " + rows.flat().map(cellText).filter(Boolean).join(" ") + " ";
    },
  };
  render(cell, sink);
  return cellText(out);
}

function renderTable(table: HElement, sink: Sink): void {
  const rows = tableRows(table);
  if (isLayoutTable(rows)) {
    for (const c of table.children) if (isElement(c)) render(c, sink);
    return;
  }
  const caption = table.children.find((c): c is HElement => isElement(c) && c.tag === "caption");
  if (caption) {
    sink.endLine();
    render(caption, sink);
    sink.endLine();
  }
  const grid: HtmlCell[][] = rows.map((r) =>
    rowCells(r).map((cell) => ({
      text: cellString(cell),
      colSpan: attrInt(cell, "colspan"),
      rowSpan: attrInt(cell, "rowspan"),
    })),
  );
  sink.table(htmlGrid(grid));
}

function render(el: HElement, sink: Sink): void {
  for (const c of el.children) {
    if (!isElement(c)) {
      sink.inline(collapseSpace(c));
      continue;
    }
    switch (c.tag) {
      case "br":
      case "hr":
        sink.endLine();
        continue;
      case "img":
        continue;
      case "table":
        sink.endLine();
        renderTable(c, sink);
        sink.endLine();
        continue;
      case "pre":
        sink.endLine();
        for (const line of plainText(c).split("\n")) {
          sink.inline(line);
          sink.endLine();
        }
        continue;
    }
    const block = BLOCK.has(c.tag);
    if (block) sink.endLine();
    render(c, sink);
    if (block) sink.endLine();
  }
}

// ---------------------------------------------------------------------------------------------
// Line clean-up

const WIDGET_LINE =
  /^(?:[\s|｜/·•【】[\]()（）:：>›»]|字号|字体|文字大小|大|中|小|默认|打印本页|打印本文|打印|关闭本页|关闭窗口|关闭|收藏本页|加入收藏|收藏|分享到|分享|返回顶部|返回|登录|注册|扫一扫|在手机上打开|手机版|微信|微博|QQ空间|保存|下载|视力保护色|[-—])+$/;
const WIDGET_WORD =
  /字号|字体|文字大小|打印|关闭|收藏|分享|返回|登录|注册|扫一扫|手机|微信|微博|保存|下载|视力/;
const NAV_LINE =
  /^(上一篇|下一篇|上一条|下一条|当前位置|您现在的位置|您当前的位置|当前所在位置|您所在的位置)/;

function isWidgetLine(line: string): boolean {
  if (line.length > 60) return false;
  return (WIDGET_LINE.test(line) && WIDGET_WORD.test(line)) || NAV_LINE.test(line);
}

function squash(s: string): string {
  return s.replace(/[\s\u3000\u00a0]+/g, "");
}

function titleFromTitleTag(title: string): string | undefined {
  const first = title.split(/\s*(?:_|\||｜| - | — | – |--)\s*/)[0]?.trim();
  return first && first.length >= 4 ? first : undefined;
}

/** The longest `<h1>` text: the document title rather than a site name set in an h1. */
function mainHeading(el: HElement): string | undefined {
  let best: string | undefined;
  const visit = (e: HElement): void => {
    for (const c of e.children) {
      if (!isElement(c)) continue;
      if (c.tag === "h1") {
        const t = collapseSpace(plainText(c)).replace(/\s+/g, " ").trim();
        if (t && (!best || t.length > best.length)) best = t;
      } else visit(c);
    }
  };
  visit(el);
  return best;
}

/** Converts an HTML page (already decoded) to the ingest text plus 信息公开 facts. */
export function htmlToText(html: string): HtmlText {
  const diagnostics: IngestDiagnostic[] = [];
  const facts: IngestFacts = {};
  const dom = buildDom(html);
  if (dom.tooDeep) {
    diagnostics.push({
      code: "html-too-deep",
      severity: "warning",
      message: `页面嵌套超过 ${MAX_DEPTH} 层，更深的部分已按纯文本读取。`,
    });
  }
  const blocks = liftMetadata(dom.root, facts);
  const heading = mainHeading(dom.root);
  const meta = dom.meta;
  setFact(facts, "title", meta.get("articletitle") ?? "");
  setFact(facts, "title", heading ?? "");
  setFact(facts, "title", titleFromTitleTag(collapseSpace(dom.title)) ?? "");
  setFact(facts, "publisher", meta.get("contentsource") ?? "");
  if (!facts.publishedDate && meta.get("pubdate")) setFact(facts, "publishedDate", meta.get("pubdate")!);

  const content = pickContent(dom.root);
  const builder = new TextBuilder();
  const sink: Sink = {
    inline: (t) => builder.inline(t),
    endLine: () => builder.endLine(),
    table: (rows) => builder.table(tableLines(rows)),
  };
  render(content, sink);

  let widgets = 0;
  let looseFacts = 0;
  const kept: string[] = [];
  for (const line of builder.toString().split("\n")) {
    if (line.startsWith("\t") || line === "") {
      kept.push(line);
      continue;
    }
    if (isWidgetLine(line)) {
      widgets++;
      continue;
    }
    const pairs = line.length <= 200 ? splitPairs(line, true) : undefined;
    if (pairs) {
      for (const p of pairs) setFact(facts, p.field, p.value);
      looseFacts++;
      continue;
    }
    kept.push(line);
  }
  // The visible title often sits outside the densest container: keep it as the first line.
  const title = heading ?? facts.title;
  if (title && !squash(kept.join("")).includes(squash(title))) kept.unshift(title);
  while (kept[0] === "") kept.shift();
  const text = kept.join("\n").replace(/\n+$/, "");

  if (blocks + looseFacts > 0) {
    diagnostics.push({
      code: "lifted-disclosure-metadata",
      severity: "info",
      message: `已从正文中移出 ${blocks + looseFacts} 处信息公开元数据（索引号、发布机构、文号等），见 facts。`,
      count: blocks + looseFacts,
    });
  }
  if (dom.dropped + widgets > 0) {
    diagnostics.push({
      code: "removed-page-chrome",
      severity: "info",
      message: `已删除网页脚本、导航、分享栏、打印/关闭等页面元素 ${dom.dropped + widgets} 处。`,
      count: dom.dropped + widgets,
    });
  }
  return { text, facts, diagnostics };
}
