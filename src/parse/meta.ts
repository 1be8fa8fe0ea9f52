import type { Line } from "./lines.js";
import { findDocNumbers } from "./doc-numbers.js";
import { parseChineseNumber } from "./values.js";
import type { Diagnostic, DisclosureMeta, DocumentMeta, IngestFacts, Located, Span } from "./types.js";

/** What reading the document header yields, besides `meta`. */
export interface MetaResult {
  meta: DocumentMeta;
  /** Lines that are not part of the body: site chrome, disclosure fields, title lines. */
  skipLines: Set<number>;
  /** Span of the title in the text, when it was read from there; citations inside it are the document itself. */
  titleSpan?: Span;
  diagnostics: Diagnostic[];
}

/** 文种 and the scheme types that end a title. */
const DOC_KINDS =
  "通知|意见|决定|决议|命令|公报|公告|通告|通报|报告|请示|批复|议案|函|纪要|方案|规划|纲要|办法|计划|要点|细则|规定|条例|措施|规则|标准|指南|指引";
const DOC_KIND_AT_END = new RegExp(`(?:${DOC_KINDS})(?:（[^）]{1,20}）)?$`);
const ORG_SUFFIX =
  /(?:办公室|办公厅|人民政府|政府|委员会|委|局|厅|部|办|院|会|中心|支行|分行|分局|公司|管委会|党委|党组|工委|联|团|所|站|队|处|室|办事处|机关|署|馆|社)$/;
const CHROME_LINE =
  /^(?:登录\s*[|｜]\s*注册|注册\s*[|｜]\s*登录|登录|注册|首页|网站首页|网站地图|无障碍(?:浏览|阅读)?|繁體|繁体|简体|English|政府信息公开|信息公开|政务公开|[【[]?\s*(?:打印|关闭|关闭窗口|打印本页|收藏|返回顶部)\s*[】\]]?|(?:文字大小|字号|字体)\s*[:：].{0,20}|[【[]?\s*字体\s*[:：]?\s*[大中小\s]+[】\]]?|分享到\s*[:：]?.{0,30}|当前位置\s*[:：].{0,80}|浏览次数\s*[:：]?.{0,20}|访问量\s*[:：]?.{0,20}|扫一扫.{0,20})$/;
const BLANK_PAGE = /^[（(]\s*此页无正文\s*[）)]$/;
const DISCLOSURE_LABEL =
  /^[•·●▪◆■\-*\s]*(索引号|发布机构|发文机构|公开责任部门|文号|发文字号|发布日期|公开日期|成文日期|生成日期|有效性|主题分类|信息分类|公开目录|标题|名称)\s*[:：]?\s*(.*)$/;
const DATE_LINE =
  /^((?:19|20)\d{2}|[一二三四五六七八九〇○零Ｏ]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日$/;
const ISO_DATE = /((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})日?/;
const HEADER_SCAN_LINES = 80;

/**
 * Reads the 公文 header: title, 文号, issuers, recipients, date and 政务公开 fields, and marks
 * the lines that are page chrome or metadata rather than body text.
 */
export function readMeta(text: string, lines: Line[], facts: IngestFacts = {}): MetaResult {
  const skipLines = new Set<number>();
  const diagnostics: Diagnostic[] = [];
  const disclosure: DisclosureMeta = {};
  const content = (line: Line) => text.slice(line.contentStart, line.contentEnd);
  const spanOf = (line: Line): Span => ({ start: line.contentStart, end: line.contentEnd });
  const headerLines = lines.slice(0, HEADER_SCAN_LINES);

  let disclosureDocNumber: Located<string> | undefined;
  let disclosureWritten: Located<string> | undefined;
  let disclosurePublished: Located<string> | undefined;
  let disclosureTitle: Located<string> | undefined;

  for (let i = 0; i < headerLines.length; i++) {
    const line = headerLines[i] as Line;
    const value = content(line);
    if (value.length === 0) continue;
    if (CHROME_LINE.test(value)) {
      skipLines.add(line.index);
      diagnostics.push({
        code: "web-chrome",
        severity: "info",
        message: `已忽略网页导航内容：${value}`,
        span: spanOf(line),
      });
      continue;
    }
    const label = DISCLOSURE_LABEL.exec(value);
    if (!label || value.length > 120) continue;
    const name = label[1] as string;
    let fieldValue: Located<string> | undefined;
    if ((label[2] as string).length > 0) {
      const valueStart = line.contentEnd - (label[2] as string).length;
      fieldValue = { value: label[2] as string, span: { start: valueStart, end: line.contentEnd } };
    } else {
      // The value sits on the next non-empty line ("• 索引号" then "000014348/2023-01381").
      const next = nextNonEmpty(lines, i + 1, text);
      if (!next || DISCLOSURE_LABEL.test(content(next)) || content(next).length > 120) continue;
      fieldValue = { value: content(next), span: spanOf(next) };
      skipLines.add(next.index);
    }
    // Lines like "标题" need a value that is not itself a sentence of the body.
    if ((name === "标题" || name === "名称") && fieldValue.value.length < 4) continue;
    skipLines.add(line.index);
    diagnostics.push({
      code: "disclosure-metadata",
      severity: "info",
      message: `读取政务公开字段：${name}`,
      span: { start: line.contentStart, end: fieldValue.span.end },
    });
    switch (name) {
      case "索引号":
        disclosure.indexNumber = fieldValue;
        break;
      case "发布机构":
      case "发文机构":
      case "公开责任部门":
        disclosure.publisher = fieldValue;
        break;
      case "文号":
      case "发文字号":
        if (fieldValue.value !== "无") disclosureDocNumber = fieldValue;
        break;
      case "成文日期":
      case "生成日期":
        disclosureWritten = isoDate(fieldValue);
        break;
      case "发布日期":
      case "公开日期":
        disclosurePublished = isoDate(fieldValue);
        break;
      case "有效性":
        disclosure.validity = fieldValue;
        break;
      case "主题分类":
      case "信息分类":
      case "公开目录":
        disclosure.topic = fieldValue;
        break;
      default:
        disclosureTitle = fieldValue;
    }
  }
  for (const line of lines) {
    if (BLANK_PAGE.test(content(line))) {
      skipLines.add(line.index);
      diagnostics.push({
        code: "blank-page-marker",
        severity: "info",
        message: "已忽略“此页无正文”标记",
        span: spanOf(line),
      });
    }
  }

  const header = readTitleBlock(text, headerLines, skipLines);
  const issuers: Located<string>[] = [...header.issuers];
  const signature = readSignature(text, lines, skipLines);
  for (const issuer of signature.issuers) {
    if (!issuers.some((known) => known.value === issuer.value)) issuers.push(issuer);
  }

  let title = header.title ?? disclosureTitle;
  let titleSpan = header.title?.span;
  if (!title) {
    const inferred = inferTitleFromFirstSentence(text, lines, skipLines);
    if (inferred) {
      title = inferred;
      titleSpan = inferred.span;
      diagnostics.push({
        code: "title-inferred",
        severity: "info",
        message: "文件没有标题行，已从首句书名号中推断标题",
        span: inferred.span,
      });
    }
  }
  if (!title && facts.title) title = { value: facts.title, span: { start: 0, end: 0 } };

  const docNumber =
    findHeaderDocNumber(text, header.bodyStart) ??
    disclosureDocNumber ??
    (facts.docNumber ? { value: facts.docNumber, span: { start: 0, end: 0 } } : undefined);
  const recipients = readRecipients(text, header.afterTitle, header.bodyStart);

  const published =
    disclosurePublished ?? findGluedPublishedDate(text, header.bodyStart) ?? factDate(facts.publishedDate);
  let date: DocumentMeta["date"];
  if (signature.date) date = { ...signature.date, kind: "written" };
  else if (disclosureWritten) date = { ...disclosureWritten, kind: "written" };
  else if (factDate(facts.writtenDate))
    date = { ...(factDate(facts.writtenDate) as Located<string>), kind: "written" };
  else if (published) date = { ...published, kind: "published" };

  if (!disclosure.indexNumber && facts.indexNumber) disclosure.indexNumber = fact(facts.indexNumber);
  if (!disclosure.publisher && facts.publisher) disclosure.publisher = fact(facts.publisher);
  if (!disclosure.validity && facts.validity) disclosure.validity = fact(facts.validity);
  if (!disclosure.topic && facts.topic) disclosure.topic = fact(facts.topic);
  if (issuers.length === 0 && disclosure.publisher) issuers.push(disclosure.publisher);

  for (const index of header.lines) skipLines.add(index);
  const meta: DocumentMeta = { issuers, recipients, disclosure };
  if (title) meta.title = title;
  if (docNumber) meta.docNumber = docNumber;
  if (date) meta.date = date;
  const result: MetaResult = { meta, skipLines, diagnostics };
  if (titleSpan) result.titleSpan = titleSpan;
  return result;
}

function fact(value: string): Located<string> {
  return { value, span: { start: 0, end: 0 } };
}

function factDate(value: string | undefined): Located<string> | undefined {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? fact(value) : undefined;
}

function nextNonEmpty(lines: Line[], from: number, _text: string): Line | undefined {
  for (let i = from; i < lines.length && i < from + 3; i++) {
    const line = lines[i] as Line;
    if (line.contentEnd > line.contentStart) return line;
  }
  return undefined;
}

function isoDate(field: Located<string>): Located<string> | undefined {
  const m = ISO_DATE.exec(field.value);
  if (!m) return undefined;
  return { value: toIso(Number(m[1]), Number(m[2]), Number(m[3])), span: field.span };
}

function toIso(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The title block, the issuer lines above it and where the body begins. */
interface TitleBlock {
  title?: Located<string>;
  issuers: Located<string>[];
  /** Lines that hold the title (excluded from the outline). */
  lines: number[];
  /** Offset just past the title. */
  afterTitle: number;
  /** Offset where body prose starts: header elements are searched before it. */
  bodyStart: number;
}

function readTitleBlock(text: string, lines: Line[], skipLines: Set<number>): TitleBlock {
  const candidates = lines.filter((l) => !skipLines.has(l.index) && l.contentEnd > l.contentStart);
  const block: TitleBlock = { issuers: [], lines: [], afterTitle: 0, bodyStart: text.length };
  for (let k = 0; k < candidates.length && k < 40; k++) {
    const line = candidates[k] as Line;
    const value = text.slice(line.contentStart, line.contentEnd);
    const about = value.indexOf("关于");
    const startsTitle = (about !== -1 && about < 40) || /^印发/.test(value);
    if (!startsTitle) continue;
    const glued = value.length > 60 && !DOC_KIND_AT_END.test(value) ? gluedTitle(value) : undefined;
    if (glued) {
      // A run-together header (title, date and 文号 on one line): cut at the first 文种 that ends the title.
      const span = { start: line.contentStart, end: line.contentStart + glued.length };
      block.title = { value: glued, span };
      if (about > 0) pushIssuer(block.issuers, text, line.contentStart, line.contentStart + about);
      block.afterTitle = span.end;
      block.bodyStart = Math.min(text.length, span.end + 400);
      return block;
    }
    // Join following short lines until one ends with a 文种 (titles are centred over 2–3 lines).
    const parts = [line];
    let end = k;
    while (!DOC_KIND_AT_END.test(trimTitle(text, parts)) && end + 1 < candidates.length && parts.length < 4) {
      const next = candidates[end + 1] as Line;
      if (next.index !== (parts[parts.length - 1] as Line).index + 1 && !isBlankBetween(lines, parts, next))
        break;
      if (next.contentEnd - next.contentStart > 60) break;
      parts.push(next);
      end++;
    }
    if (!DOC_KIND_AT_END.test(trimTitle(text, parts))) continue;
    // Issuer lines directly above the title (no blank line between) belong to the 标题 block.
    const above: Line[] = [];
    for (let j = k - 1; j >= 0 && above.length < 4; j--) {
      const prev = candidates[j] as Line;
      const prevValue = text.slice(prev.contentStart, prev.contentEnd);
      if (!ORG_SUFFIX.test(prevValue) || prevValue.length > 40 || /[，。；：]/.test(prevValue)) break;
      above.unshift(prev);
    }
    for (const issuerLine of above)
      pushIssuer(block.issuers, text, issuerLine.contentStart, issuerLine.contentEnd);
    const contiguous = above.length > 0 && (above[above.length - 1] as Line).index + 1 === line.index;
    const titleLines = contiguous && above.length === 1 ? [...above, ...parts] : parts;
    const first = titleLines[0] as Line;
    const last = titleLines[titleLines.length - 1] as Line;
    block.title = {
      value: trimTitle(text, titleLines),
      span: { start: first.contentStart, end: last.contentEnd },
    };
    block.lines = [...above, ...parts].map((l) => l.index);
    block.afterTitle = last.contentEnd;
    block.bodyStart = findBodyStart(text, candidates, end + 1);
    return block;
  }
  block.bodyStart = findBodyStart(text, candidates, 0);
  return block;
}

function isBlankBetween(lines: Line[], parts: Line[], next: Line): boolean {
  const last = parts[parts.length - 1] as Line;
  for (let i = last.index + 1; i < next.index; i++) {
    const line = lines[i];
    if (line && line.contentEnd > line.contentStart) return false;
  }
  return next.index - last.index <= 3;
}

function trimTitle(text: string, parts: Line[]): string {
  return parts.map((l) => text.slice(l.contentStart, l.contentEnd).trim()).join("");
}

function gluedTitle(value: string): string | undefined {
  const kinds = new RegExp(
    `(?:的)?(?:${DOC_KINDS})(?=发布日期|成文日期|发布时间|来源|[\\u4e00-\\u9fa5]{1,12}[〔［\\[]\\d{4}|\\s|$)`,
    "g",
  );
  for (let m = kinds.exec(value); m; m = kinds.exec(value)) {
    const end = m.index + m[0].length;
    if (end > 8 && end < 160) return value.slice(0, end);
  }
  return undefined;
}

function pushIssuer(issuers: Located<string>[], text: string, start: number, end: number): void {
  for (const part of splitOrgs(text, start, end)) {
    if (!issuers.some((known) => known.value === part.value)) issuers.push(part);
  }
}

/** Splits a signature or header line into org names: they are separated by runs of spaces. */
function splitOrgs(text: string, start: number, end: number): Located<string>[] {
  const result: Located<string>[] = [];
  const re = /[^\s\u3000]+/g;
  const slice = text.slice(start, end);
  for (let m = re.exec(slice); m; m = re.exec(slice)) {
    result.push({ value: m[0], span: { start: start + m.index, end: start + m.index + m[0].length } });
  }
  return result;
}

function findBodyStart(text: string, candidates: Line[], from: number): number {
  for (let k = from; k < candidates.length; k++) {
    const line = candidates[k] as Line;
    const value = text.slice(line.contentStart, line.contentEnd);
    if (value.length > 60 && /[。；]/.test(value)) return line.contentStart;
  }
  return text.length;
}

function findHeaderDocNumber(text: string, bodyStart: number): Located<string> | undefined {
  const limit = Math.min(text.length, bodyStart + 200, 4000);
  for (const m of findDocNumbers(text, 0, limit)) {
    const before = text.slice(Math.max(0, m.start - 30), m.start);
    // A 文号 in parentheses or after 《…》 is a citation, not this document's number.
    if (
      /[（(]\s*$/.test(before) ||
      /》\s*$/.test(before) ||
      /印发|根据|按照|落实|参照/.test(before.slice(-6))
    )
      continue;
    if (unclosedBefore(text, m.start)) continue;
    return { value: m.value, span: { start: m.start, end: m.end } };
  }
  return undefined;
}

function unclosedBefore(text: string, at: number): boolean {
  const from = Math.max(0, at - 200);
  const open = text.lastIndexOf("（", at);
  const close = text.lastIndexOf("）", at);
  return open >= from && open > close && text.lastIndexOf("《", at) > text.lastIndexOf("》", at);
}

function findGluedPublishedDate(text: string, bodyStart: number): Located<string> | undefined {
  const head = text.slice(0, Math.min(text.length, bodyStart + 200, 4000));
  const m =
    /(?:发布日期|发布时间|公开日期)\s*[:：]\s*((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})日?/.exec(head);
  if (!m) return undefined;
  const valueStart = m.index + m[0].indexOf(m[1] as string);
  return {
    value: toIso(Number(m[1]), Number(m[2]), Number(m[3])),
    span: { start: valueStart, end: m.index + m[0].length },
  };
}

/** 主送机关: the org list that ends with a colon between the title and the body. */
function readRecipients(text: string, from: number, bodyStart: number): Located<string>[] {
  const limit = Math.min(text.length, Math.max(bodyStart, from) + 400, from + 1500);
  let segmentStart = from;
  for (let i = from; i < limit; i++) {
    const ch = text[i];
    if (ch === "\n" || ch === "。") {
      segmentStart = i + 1;
      continue;
    }
    if (ch !== "：" && ch !== ":") continue;
    let start = segmentStart;
    const docNumberEnd = lastDocNumberEnd(text, segmentStart, i);
    if (docNumberEnd !== -1) start = docNumberEnd;
    const candidate = text.slice(start, i).trim();
    if (
      candidate.length >= 2 &&
      candidate.length <= 160 &&
      /(?:政府|部门|单位|机关|委|局|办|各|团体|党委|公司|人民)/.test(candidate) &&
      !/[。；]|为了?|根据|按照|现将/.test(candidate.slice(0, 4)) &&
      !/^(?:索引号|发布机构|文号|发布日期|有效性|标题|附件)/.test(candidate) &&
      // A responsibility label (责任单位：) is a clause, not the addressees.
      !/^(?:责任|牵头|配合|协办|主办|承办|参与|协同)(?:单位|部门)$/.test(candidate)
    ) {
      return splitRecipientList(text, start, i);
    }
    // A metadata label (发布日期:2019-03-08) before the recipients: keep looking after it.
    if (candidate.length <= 6) {
      segmentStart = i + 1;
      continue;
    }
    return [];
  }
  return [];
}

function lastDocNumberEnd(text: string, from: number, to: number): number {
  return findDocNumbers(text, from, to).at(-1)?.end ?? -1;
}

function splitRecipientList(text: string, start: number, end: number): Located<string>[] {
  const result: Located<string>[] = [];
  let depth = 0;
  let partStart = start;
  const push = (s: number, e: number) => {
    while (s < e && /[\s\u3000]/.test(text[s] as string)) s++;
    while (e > s && /[\s\u3000]/.test(text[e - 1] as string)) e--;
    if (e > s) result.push({ value: text.slice(s, e), span: { start: s, end: e } });
  };
  for (let i = start; i < end; i++) {
    const ch = text[i] as string;
    if ("（(".includes(ch)) depth++;
    else if ("）)".includes(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && "，,;；".includes(ch)) {
      push(partStart, i);
      partStart = i + 1;
    }
  }
  push(partStart, end);
  return result;
}

/** The signature block: org lines directly above a date line such as 2022年7月5日. */
function readSignature(
  text: string,
  lines: Line[],
  skipLines: Set<number>,
): { issuers: Located<string>[]; date?: Located<string> } {
  let firstDate: Located<string> | undefined;
  for (const line of lines) {
    if (skipLines.has(line.index)) continue;
    const value = text.slice(line.contentStart, line.contentEnd);
    if (value.length > 20) continue;
    const m = DATE_LINE.exec(value);
    if (!m) continue;
    const date = dateFromParts(m[1] as string, m[2] as string, m[3] as string, {
      start: line.contentStart,
      end: line.contentEnd,
    });
    if (!date) continue;
    const issuers: Located<string>[] = [];
    for (let i = line.index - 1, seen = 0; i >= 0 && seen < 8; i--) {
      const above = lines[i] as Line;
      if (above.contentEnd === above.contentStart) continue;
      const orgs = splitOrgs(text, above.contentStart, above.contentEnd);
      if (orgs.length === 0 || !orgs.every((o) => ORG_SUFFIX.test(o.value) && o.value.length <= 30)) break;
      issuers.unshift(...orgs);
      seen++;
    }
    if (issuers.length > 0) return { issuers, date };
    firstDate ??= date;
  }
  return firstDate ? { issuers: [], date: firstDate } : { issuers: [] };
}

function dateFromParts(year: string, month: string, day: string, span: Span): Located<string> | undefined {
  const y = parseChineseNumber(year);
  const mo = parseChineseNumber(month);
  const d = parseChineseNumber(day);
  if (y === undefined || mo === undefined || d === undefined) return undefined;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  return { value: toIso(y, mo, d), span };
}

function inferTitleFromFirstSentence(
  text: string,
  lines: Line[],
  skipLines: Set<number>,
): Located<string> | undefined {
  const first = lines.find((l) => !skipLines.has(l.index) && l.contentEnd > l.contentStart);
  if (!first || text[first.contentStart] !== "《") return undefined;
  const close = text.indexOf("》", first.contentStart);
  if (close === -1 || close - first.contentStart > 120) return undefined;
  const value = text.slice(first.contentStart + 1, close);
  if (!DOC_KIND_AT_END.test(value)) return undefined;
  return { value, span: { start: first.contentStart + 1, end: close } };
}
