/**
 * Public types of `ingest()`: bytes in, text out. See docs/ingest.md for the text contract
 * (paragraphs one per line, tables as TAB-separated rows between blank lines).
 */

/** The format `ingest()` recognised from the content (not from the file name). */
export type IngestFormat = "text" | "html" | "docx" | "pdf";

/** How serious an ingest diagnostic is: `error` means part of the input could not be read. */
export type IngestSeverity = "error" | "warning" | "info";

/** A clean-up or a problem met while reading the bytes; ingest reports these instead of failing. */
export interface IngestDiagnostic {
  /** Stable kebab-case id, e.g. `declared-charset-mismatch`, `converted-traditional`. */
  code: string;
  severity: IngestSeverity;
  /** Human-readable explanation in Chinese (zh-CN). */
  message: string;
  /** How many times it happened (characters removed, lines dropped …), when that is meaningful. */
  count?: number;
}

/** The character encoding used to decode a text or HTML input, and how sure the detector is. */
export interface EncodingInfo {
  /** WHATWG encoding name actually used: `utf-8`, `utf-16le`, `utf-16be`, `gb18030`, `big5` … */
  name: string;
  /** 0–1: 1 for a BOM, about 0.99 for valid multi-byte UTF-8, lower for heuristic guesses. */
  confidence: number;
}

/** One heading found through Word heading styles or outline levels. */
export interface IngestHeading {
  /** 1 for the top level (Word outline level 0 / style "heading 1"). */
  level: number;
  /** The heading text as it appears in `text`, numbering label included. */
  text: string;
}

/** Document facts read from the container rather than the body: 信息公开 metadata, DOCX/PDF properties. */
export interface IngestFacts {
  /** 标题 (metadata table, `<meta name="ArticleTitle">`, `<h1>`, `<title>`, docProps/core.xml, PDF info). */
  title?: string;
  /** 文号 / 发文字号, e.g. 渝府办发〔2017〕54号. */
  docNumber?: string;
  /** 发布机构 / 发文机关. */
  publisher?: string;
  /** 索引号. */
  indexNumber?: string;
  /** 发布日期 as ISO `YYYY-MM-DD`. */
  publishedDate?: string;
  /** 成文日期 as ISO `YYYY-MM-DD`. */
  writtenDate?: string;
  /** 有效性: 有效 / 失效 / 废止 … as written. */
  validity?: string;
  /** 主题分类 / 信息分类 as written. */
  topic?: string;
  /** Number of pages (PDF only). */
  pageCount?: number;
  /** Headings marked by Word heading styles or outline levels (DOCX only). */
  headings?: IngestHeading[];
}

/** What `ingest()` returns: normalised text plus what was learnt on the way. */
export interface IngestResult {
  /**
   * The document body: one paragraph per line (`\n`), tables as a blank line, one line per row
   * written as TAB + cells joined by TAB, and a blank line. No NUL, U+FEFF or U+200B.
   */
  text: string;
  format: IngestFormat;
  /** Present for `text` and `html` inputs. */
  encoding?: EncodingInfo;
  facts: IngestFacts;
  diagnostics: IngestDiagnostic[];
}

/** Options of `ingest()`. */
export interface IngestOptions {
  /** Original file name; its extension must agree with the content (a `.pdf` must be a PDF). */
  filename?: string;
  /** Declared media type, e.g. `text/html; charset=gbk` (the charset parameter counts as declared). */
  mediaType?: string;
  /** Largest accepted input in bytes; default 50 MiB. Checked before any decoding. */
  maxBytes?: number;
  /** Time limit for DOCX and PDF work in milliseconds; default 30 000. */
  timeoutMs?: number;
}
