/**
 * The PolicyDocument model: what `parse()` returns. Documented with examples in
 * docs/policy-document.md; the JSON Schema of the CLI output is docs/policy-document.schema.json.
 *
 * Every extracted thing carries a `span` of UTF-16 offsets into the text given to `parse()`,
 * `end` exclusive, so `text.slice(span.start, span.end)` is the source of the claim.
 */

/** A half-open range `[start, end)` of UTF-16 code units in the parsed text. */
export interface Span {
  start: number;
  end: number;
}

/** A value together with where it was read. */
export interface Located<T> {
  value: T;
  span: Span;
}

/** How serious a diagnostic is: `error` means something could not be read at all. */
export type Severity = "error" | "warning" | "info";

/** A problem or a clean-up the parser reports instead of throwing. */
export interface Diagnostic {
  /** Stable, kebab-case rule id, e.g. `clause-without-task`. */
  code: string;
  severity: Severity;
  /** Human-readable explanation in Chinese (zh-CN). */
  message: string;
  /** Where the problem is. */
  span: Span;
  /** Other places involved, e.g. the copies of a repeated passage. */
  related?: Span[];
}

/** Disclosure fields of a government-information-disclosure page (政务公开). */
export interface DisclosureMeta {
  /** 索引号 */
  indexNumber?: Located<string>;
  /** 发布机构 / 发文机构 */
  publisher?: Located<string>;
  /** 有效性: 有效 / 失效 */
  validity?: Located<string>;
  /** 主题分类 / 信息分类 */
  topic?: Located<string>;
}

/** Which date `meta.date` is. */
export type DateKind = "written" | "published";

/** Document-level facts (公文 elements). */
export interface DocumentMeta {
  /** 标题: the title of the document (the notice's title when a scheme is attached to one). */
  title?: Located<string>;
  /** 发文字号 such as 渝府办发〔2017〕54号. */
  docNumber?: Located<string>;
  /** 发文机关: the issuing bodies, one per signature line or per co-issuer. */
  issuers: Located<string>[];
  /** 主送机关: the addressees before the body. */
  recipients: Located<string>[];
  /** 成文日期 (written) or 发布日期 (published), as an ISO date `YYYY-MM-DD`. */
  date?: Located<string> & { kind: DateKind };
  /** 政务公开 page fields, when the text came from such a page. */
  disclosure: DisclosureMeta;
}

/** The numbering style of a heading. */
export type HeadingStyle =
  | "part" // 第一篇
  | "chapter" // 第一章
  | "section" // 第一节
  | "cn" // 一、
  | "cnParen" // （一） or (一)
  | "arabic" // 1． 1. 1、
  | "arabicParen" // （1） or (1) or ⑴
  | "circled" // ①
  | "unnumbered"; // a Word table-of-contents heading whose number was lost

/** A numbered heading and everything under it. */
export interface HeadingNode {
  type: "heading";
  id: string;
  /** Numbering style; the tree nests styles in the order they first appear. */
  style: HeadingStyle;
  /** The ordinal written in the marker (一 → 1, （十二） → 12); 0 for an unnumbered heading. */
  ordinal: number;
  /** Marker text as written, e.g. `（一）`. */
  marker: string;
  /** Heading text without the marker; may be empty. */
  title: string;
  /** Depth in the tree, 1 for top-level headings. */
  depth: number;
  /** From the marker to the end of the title. */
  span: Span;
  children: OutlineNode[];
}

/** A run of prose under a heading. */
export interface ParagraphNode {
  type: "paragraph";
  id: string;
  text: string;
  span: Span;
}

/** One cell of a table. */
export interface TableCell {
  text: string;
  span: Span;
}

/** A table, either a real one (tab-separated rows from ingest) or flattened one cell per line. */
export interface TableNode {
  type: "table";
  id: string;
  /** The caption line above it (e.g. 专栏2：“十四五”经济社会发展主要指标), if any. */
  caption?: string;
  /** The 备注 / 注 line under it, which defines marks such as 【】 and △. */
  notes?: string;
  rows: TableCell[][];
  span: Span;
}

/** Any node of the outline tree. */
export type OutlineNode = HeadingNode | ParagraphNode | TableNode;

/** Whether a unit leads a task or works on it. */
export type AssignmentRole = "lead" | "co";

/** One responsible unit named in a responsibility clause. */
export interface Assignment {
  /** The unit name as written (trimmed, without a trailing 等). */
  unit: string;
  role: AssignmentRole;
  /** A collective assignee such as 各乡镇（街道） or XX领导小组成员单位. */
  collective: boolean;
  /** The role was inferred from list order (列第一位的责任单位为牵头单位), not written in the clause. */
  inferred?: boolean;
  span: Span;
}

/** A unit of work tied to responsible units by a clause. */
export interface Task {
  id: string;
  /** Labels of the enclosing headings (marker and title, e.g. `（二）促进经济跨越发展`), outermost first. */
  path: string[];
  /** Ids of the enclosing heading nodes, outermost first. */
  headingIds: string[];
  /** The task text (without the responsibility clause): exactly `text.slice(span.start, span.end)`. */
  text: string;
  /** Span of the task text. */
  span: Span;
  /** Span of the whole responsibility clause, brackets included. */
  clauseSpan: Span;
  assignments: Assignment[];
  /** Dated deadline found in the task text, ISO `YYYY-MM-DD` or `YYYY-MM`. */
  deadline?: Located<string>;
}

/** How a target value compares: 以上 → `>=`, 左右 → `≈` … */
export type Comparator = ">=" | "<=" | ">" | "<" | "≈" | "=";

/** Footnote marks that 备注 defines on a table value. */
export type ValueMark = "cumulative" | "average";

/** A value as written, with what could be read from it. */
export interface IndicatorValue {
  /** Text as written, e.g. `350左右△`, `【250】`, `达标`. */
  raw: string;
  /** The number, when there is one (`10.7:29.6:59.7` has none). */
  value?: number;
  comparator?: Comparator;
  /** A qualitative target such as 达标 or 达到市上要求. */
  qualitative?: string;
  /** 【】 → cumulative over the plan period; △ → five-year average. */
  marks: ValueMark[];
  /** Year the value refers to, when known. */
  year?: number;
  span: Span;
}

/** 预期性 → expected, 约束性 → binding. */
export type IndicatorAttribute = "expected" | "binding";

/** A measurable goal. */
export interface Indicator {
  id: string;
  /** Indicator name without the unit, e.g. 森林覆盖率. */
  name: string;
  /** Measurement unit, e.g. `%`, `亿元`, `万元/人`. */
  unit?: string;
  /** The category row of a table (一、推动高质量发展) or the heading it sits under. */
  category?: string;
  baseline?: IndicatorValue;
  target?: IndicatorValue;
  /** The value reached, from the 完成值 / 实际值 column of a 完成情况 table. */
  actual?: IndicatorValue;
  /** Year the target is due (到2025年). */
  targetYear?: number;
  attribute?: IndicatorAttribute;
  /** Read from a sentence or from a table row. */
  source: "sentence" | "table";
  /** The whole sentence or table row. */
  span: Span;
}

/** A dated step inside a phase (11月30日前，…). */
export interface PhaseStep {
  text: string;
  /** ISO date or month the step is due, when written. */
  deadline?: string;
  span: Span;
}

/** A named stage of implementation. */
export interface Phase {
  id: string;
  name: string;
  /** First month of the phase, `YYYY-MM`. */
  start?: string;
  /** Last month of the phase, `YYYY-MM`. */
  end?: string;
  steps: PhaseStep[];
  span: Span;
}

/** A reference to another document by 文号 and/or 《title》. */
export interface Citation {
  id: string;
  /** 《title》 without the brackets. */
  title?: string;
  /** 文号 such as 国发〔2016〕79号. */
  docNumber?: string;
  /** The abbreviation the text gives it (以下简称《规划》 → 规划). */
  alias?: string;
  /** A later mention by alias points back at the citation that defined it. */
  aliasOf?: string;
  span: Span;
}

/** One `name：content` line of a 专栏, or one row of a project table. */
export interface BoxItem {
  name: string;
  content: string;
  /** The department responsible, for tables of plans or projects. */
  department?: string;
  span: Span;
}

/** A 专栏 box or a table of special plans or projects. */
export interface Box {
  id: string;
  kind: "box" | "table";
  /** 专栏 number, when written. */
  number?: number;
  title: string;
  items: BoxItem[];
  span: Span;
}

/** The parsed document. */
export interface PolicyDocument {
  /** Version of this model; bumped on breaking changes. */
  schemaVersion: 1;
  /** Version of the parser that produced it. */
  parserVersion: string;
  /** Length of the parsed text in UTF-16 code units. */
  textLength: number;
  meta: DocumentMeta;
  outline: OutlineNode[];
  tasks: Task[];
  indicators: Indicator[];
  phases: Phase[];
  citations: Citation[];
  boxes: Box[];
}

/** Facts an ingest step read from around the text (e.g. a 政务公开 metadata table). */
export interface IngestFacts {
  title?: string;
  docNumber?: string;
  publisher?: string;
  indexNumber?: string;
  publishedDate?: string;
  writtenDate?: string;
  validity?: string;
  topic?: string;
}

/** Options of `parse()`. */
export interface ParseOptions {
  /** Facts from ingest that fill `meta` where the text itself is silent. Their spans are empty at 0. */
  facts?: IngestFacts;
}

/** What `parse()` returns. */
export interface ParseResult {
  document: PolicyDocument;
  diagnostics: Diagnostic[];
}
