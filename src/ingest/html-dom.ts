/**
 * A small DOM built with htmlparser2's streaming Parser. Nothing is executed or fetched. Script,
 * style, forms, frames and site chrome (nav/header/footer, menus, share bars, hidden elements)
 * are dropped while building, and nesting deeper than MAX_DEPTH is flattened into text so later
 * recursive walks stay bounded (100,000 nested `<div>` give a diagnostic, not a stack overflow).
 */
import { Parser } from "htmlparser2";

/** An element of the page; children are elements or text. */
export interface HElement {
  tag: string;
  attrs: Record<string, string>;
  children: HNode[];
  parent: HElement | undefined;
}

/** A DOM node: an element or a text string (entities already decoded). */
export type HNode = HElement | string;

/** Deepest nesting kept as elements; deeper content is appended as text to the last kept element. */
export const MAX_DEPTH = 256;

/** What the builder found besides the tree. */
export interface HtmlDom {
  root: HElement;
  /** Text of `<title>`. */
  title: string;
  /** `<meta name=… content=…>` values by lower-cased name (ArticleTitle, PubDate, ContentSource …). */
  meta: Map<string, string>;
  /** True when nesting beyond MAX_DEPTH was flattened. */
  tooDeep: boolean;
  /** Elements dropped as script, style or site chrome. */
  dropped: number;
}

/** Elements whose whole content is never text of the document. */
const DROP_TAGS = new Set([
  "script",
  "style",
  "noscript",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "template",
  "svg",
  "math",
  "canvas",
  "video",
  "audio",
  "select",
  "option",
  "textarea",
  "button",
  "input",
  "nav",
  "aside",
  "menu",
  "head",
  "map",
]);

/** Tags that start a new line when flattened beyond MAX_DEPTH. */
const BLOCK_LIKE = new Set(["p", "div", "br", "tr", "li", "table", "h1", "h2", "h3", "h4", "h5", "h6"]);

const VOID_TAGS = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "param",
  "source",
  "track",
  "wbr",
]);

/** class/id tokens of site chrome (exact token, or the token followed by - or _). */
const CHROME_TOKEN =
  /^(nav|navbar|navigation|subnav|mainnav|menu|menus|submenu|breadcrumbs?|crumbs?|share|bdshare\w*|jiathis\w*|sharebar|social|sidebar|login|search|searchbox|toolbar|tools|footer|foot|copyright|header|topbar|top|bottom|position|location|dqwz|fenxiang|skip)([-_].*)?$/i;

function isChrome(tag: string, attrs: Record<string, string>, inArticle: boolean): boolean {
  if (tag === "form") return formIsChrome(attrs);
  if (DROP_TAGS.has(tag)) return true;
  // <header>/<footer> inside <article> or <main> belong to the document (title, signature).
  if ((tag === "header" || tag === "footer") && !inArticle) {
    return true;
  }
  if ("hidden" in attrs || attrs["aria-hidden"] === "true") return true;
  const style = attrs["style"];
  if (style && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style)) return true;
  const names = attrs["class"] === undefined ? attrs["id"] : `${attrs["class"]} ${attrs["id"] ?? ""}`;
  if (!names) return false;
  return names.split(/\s+/).some((t) => t !== "" && CHROME_TOKEN.test(t));
}

/** Pages often wrap everything in one <form> (ASP.NET): only search and login forms are chrome. */
function formIsChrome(attrs: Record<string, string>): boolean {
  const text = ["id", "name", "class", "action"].map((k) => attrs[k] ?? "").join(" ");
  return /search|login|query|sousuo|jiansuo/i.test(text);
}

/** Nesting the pre-pass lets through to htmlparser2 (its open-element stack costs O(depth) per tag). */
export const MAX_PARSER_DEPTH = 1000;

/** Tags whose open tag never nests (void, or closed implicitly by the next sibling). */
const NON_NESTING = new Set([...VOID_TAGS, "p", "li", "td", "th", "tr", "dt", "dd", "option", "img"]);

const TAG_SCAN =
  /<!--[\s\S]*?-->|<(script|style|textarea|title)\b[^>]*>[\s\S]*?<\/\1\s*>|<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)\b[^>]*?(\/?)>/gi;

function isNameChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x2d ||
    c === 0x3a
  );
}

/** Deepest tag nesting, by the same approximate rules as `limitNesting` (a fast scan, no output). */
export function maxNesting(html: string): number {
  let depth = 0;
  let max = 0;
  let i = html.indexOf("<");
  while (i !== -1) {
    if (html.startsWith("<!--", i)) {
      const end = html.indexOf("-->", i + 4);
      if (end === -1) break;
      i = html.indexOf("<", end + 3);
      continue;
    }
    const close = html.charCodeAt(i + 1) === 0x2f;
    let j = i + (close ? 2 : 1);
    const nameStart = j;
    const first = html.charCodeAt(j);
    if (!((first >= 0x61 && first <= 0x7a) || (first >= 0x41 && first <= 0x5a))) {
      i = html.indexOf("<", i + 1);
      continue;
    }
    while (j < html.length && isNameChar(html.charCodeAt(j))) j++;
    const name = html.slice(nameStart, j).toLowerCase();
    const gt = html.indexOf(">", j);
    if (gt === -1) break;
    if (!close && RAW_TEXT.has(name)) {
      const closer = RAW_TEXT_END[name]!;
      closer.lastIndex = gt;
      const end = closer.exec(html)?.index ?? -1;
      if (end === -1) break;
      i = html.indexOf("<", end + 2);
      continue;
    }
    if (!NON_NESTING.has(name) && html.charCodeAt(gt - 1) !== 0x2f) {
      if (close) depth = Math.max(0, depth - 1);
      else if (++depth > max) max = depth;
    }
    i = html.indexOf("<", gt + 1);
  }
  return max;
}

const RAW_TEXT = new Set(["script", "style", "textarea", "title"]);
const RAW_TEXT_END: Record<string, RegExp> = Object.fromEntries(
  [...RAW_TEXT].map((t) => [t, new RegExp(`</${t}`, "gi")]),
);

/**
 * Removes tags nested deeper than `max` (an approximate scan: comments and raw-text elements are
 * skipped, void and implicitly closed tags do not nest). Real pages stay far below the limit.
 */
export function limitNesting(html: string, max = MAX_PARSER_DEPTH): { html: string; flattened: boolean } {
  if (maxNesting(html) <= max) return { html, flattened: false };
  let depth = 0;
  let flattened = false;
  const out = html.replace(
    TAG_SCAN,
    (m: string, raw: string | undefined, close: string, name: string, self: string) => {
      if (raw !== undefined || name === undefined) return m;
      const tag = name.toLowerCase();
      if (self || NON_NESTING.has(tag)) return m;
      if (close) {
        const strip = depth > max;
        depth = Math.max(0, depth - 1);
        if (strip) flattened = true;
        return strip ? (BLOCK_LIKE.has(tag) ? "\n" : " ") : m;
      }
      depth++;
      if (depth > max) {
        flattened = true;
        return BLOCK_LIKE.has(tag) ? "\n" : " ";
      }
      return m;
    },
  );
  return { html: out, flattened };
}

/** Parses HTML into the small DOM, dropping what can never be document text. */
export function buildDom(source: string): HtmlDom {
  const limited = limitNesting(source);
  const html = limited.html;
  const root: HElement = { tag: "#root", attrs: {}, children: [], parent: undefined };
  const dom: HtmlDom = { root, title: "", meta: new Map(), tooDeep: limited.flattened, dropped: 0 };
  let current = root;
  let depth = 0;
  // How each open tag was handled: kept as an element, flattened (too deep), dropped, or skipped (void).
  const stack: ("kept" | "flat" | "drop" | "skip")[] = [];
  const names: string[] = [];
  // Open <article>/<main>, <svg> and <body> elements (counters keep every check O(1)).
  const open = { article: 0, svg: 0, body: 0 };
  let dropDepth = 0;
  let inTitle = false;

  const countOpen = (name: string, delta: number): void => {
    if (name === "article" || name === "main") open.article += delta;
    else if (name === "svg") open.svg += delta;
    else if (name === "body") open.body += delta;
  };
  const append = (text: string): void => {
    const last = current.children[current.children.length - 1];
    if (typeof last === "string") current.children[current.children.length - 1] = last + text;
    else current.children.push(text);
  };

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === "meta") {
          const key = (attrs["name"] ?? attrs["property"] ?? "").toLowerCase();
          if (key && attrs["content"] !== undefined && !dom.meta.has(key))
            dom.meta.set(key, attrs["content"]);
        }
        if (name === "title" && !dom.title && open.svg === 0 && open.body === 0) inTitle = true;
        countOpen(name, 1);
        const isVoid = VOID_TAGS.has(name);
        let how: "kept" | "flat" | "drop" | "skip";
        if (isVoid && (dropDepth > 0 || (name !== "br" && name !== "hr"))) how = "skip";
        else if (dropDepth > 0 || isChrome(name, attrs, open.article > 0)) how = "drop";
        else if (depth >= MAX_DEPTH) how = "flat";
        else how = "kept";
        stack.push(how);
        names.push(name);
        if (how === "drop") {
          if (dropDepth === 0) dom.dropped++;
          dropDepth++;
        } else if (how === "flat") {
          dom.tooDeep = true;
          append(BLOCK_LIKE.has(name) ? "\n" : " ");
        } else if (how === "kept") {
          const el: HElement = { tag: name, attrs, children: [], parent: current };
          current.children.push(el);
          current = el;
          depth++;
        }
      },
      ontext(text) {
        if (inTitle) dom.title += text;
        if (dropDepth === 0) append(text);
      },
      onclosetag(name) {
        if (name === "title") inTitle = false;
        const how = stack.pop();
        countOpen(names.pop() ?? name, -1);
        if (how === "drop") dropDepth--;
        else if (how === "kept") {
          current = current.parent ?? root;
          depth--;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: false },
  );
  parser.write(html);
  parser.end();
  return dom;
}
