/**
 * Bytes → string. Order: BOM → strict UTF-8 → declared charset → strict GB18030 (with a Big5
 * check) → strict Big5 → lossy decode when only a few bytes are bad → `INGEST_ENCODING_UNKNOWN`.
 * GBK is always decoded with `TextDecoder('gb18030')`: Node's 'gbk' decoder mis-decodes
 * four-byte sequences (nodejs/node PR #61099).
 */
import { IngestError } from "./errors.js";
import { isCommonHanzi } from "./gbtable.js";
import type { EncodingInfo, IngestDiagnostic } from "./types.js";

/** A decoded string with the encoding used and the diagnostics of the decode. */
export interface Decoded {
  text: string;
  encoding: EncodingInfo;
  diagnostics: IngestDiagnostic[];
}

const GB_LABELS = new Set([
  "gb2312",
  "gbk",
  "gb18030",
  "x-gbk",
  "cp936",
  "ms936",
  "windows-936",
  "chinese",
  "csgb2312",
  "csiso58gb231280",
  "iso-ir-58",
  "gb_2312",
  "gb_2312-80",
  "euc-cn",
  "hz-gb-2312",
]);
const BIG5_LABELS = new Set(["big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"]);
const UTF8_LABELS = new Set(["utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8"]);

/**
 * Maps a charset label to the WHATWG decoder we use: every GB label → `gb18030`, Big5 family →
 * `big5`, other labels the TextDecoder knows → its canonical name; unknown → undefined.
 */
export function normalizeCharset(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const l = label
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, "");
  if (GB_LABELS.has(l)) return "gb18030";
  if (BIG5_LABELS.has(l)) return "big5";
  if (UTF8_LABELS.has(l)) return "utf-8";
  try {
    return new TextDecoder(l).encoding;
  } catch {
    return undefined;
  }
}

/** The `charset` parameter of a media type such as `text/html; charset=GBK`. */
export function charsetFromMediaType(mediaType: string | undefined): string | undefined {
  const m = mediaType ? /;\s*charset\s*=\s*["']?([\w.:-]+)/i.exec(mediaType) : null;
  return m?.[1];
}

/**
 * The charset an HTML or XML document declares in its first 4 KiB: `<meta charset>`,
 * `<meta http-equiv="Content-Type" content="…; charset=…">` or `<?xml … encoding="…"?>`.
 */
export function sniffDeclaredCharset(bytes: Uint8Array): string | undefined {
  const head = latin1(bytes.subarray(0, 4096));
  const meta = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  if (meta) return meta[1];
  const xml = /^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
  return xml?.[1];
}

function latin1(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return s;
}

function strict(label: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function lossy(label: string, bytes: Uint8Array): string {
  return new TextDecoder(label, { ignoreBOM: true }).decode(bytes);
}

function countChar(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i !== -1; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

/** Counts of the multi-byte structure of a byte string, read as a GB/Big5 double-byte stream. */
interface DoubleByteStats {
  /** Double-byte pairs seen. */
  pairs: number;
  /** Pairs whose trail byte is 0x40–0x7E: common in Big5, rare in simplified GBK text. */
  lowTrail: number;
  /** Pairs inside GB2312 (lead A1–F7, trail A1–FE). */
  gb2312: number;
}

function doubleByteStats(bytes: Uint8Array): DoubleByteStats {
  const stats = { pairs: 0, lowTrail: 0, gb2312: 0 };
  const end = Math.min(bytes.length, 1 << 20);
  for (let i = 0; i < end;) {
    const b = bytes[i]!;
    if (b < 0x81 || b === 0xff || i + 1 >= end) {
      i++;
      continue;
    }
    const t = bytes[i + 1]!;
    if (t >= 0x30 && t <= 0x39) {
      i += 4; // GB18030 four-byte sequence
      continue;
    }
    stats.pairs++;
    if (t >= 0x40 && t <= 0x7e) stats.lowTrail++;
    if (b >= 0xa1 && b <= 0xf7 && t >= 0xa1) stats.gb2312++;
    i += 2;
  }
  return stats;
}

function countMultiByteUtf8(bytes: Uint8Array): number {
  let n = 0;
  const end = Math.min(bytes.length, 1 << 20);
  for (let i = 0; i < end; i++) if (bytes[i]! >= 0xc0) n++;
  return n;
}

function mismatch(declared: string, used: string): IngestDiagnostic {
  return {
    code: "declared-charset-mismatch",
    severity: "warning",
    message: `文档声明的编码为 ${declared}，但内容实际为 ${used}，已按 ${used} 解码。`,
  };
}

/** Guesses UTF-16 without a BOM from the share of zero bytes at even or odd offsets. */
function utf16WithoutBom(bytes: Uint8Array): "utf-16le" | "utf-16be" | undefined {
  const end = Math.min(bytes.length, 4096) & ~1;
  if (end < 8) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < end; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const half = end / 2;
  if (oddZero > half * 0.3 && evenZero < half * 0.05) return "utf-16le";
  if (evenZero > half * 0.3 && oddZero < half * 0.05) return "utf-16be";
  return undefined;
}

/**
 * Decodes bytes to a string following the documented order. `declared` is the charset named by
 * the media type or by the document itself (`<meta charset>`); it never overrides valid UTF-8.
 * Throws `INGEST_ENCODING_UNKNOWN` when no decoder fits.
 */
export function decodeBytes(bytes: Uint8Array, declared?: string): Decoded {
  const diagnostics: IngestDiagnostic[] = [];
  const declaredName = normalizeCharset(declared);
  if (declared && !declaredName) {
    diagnostics.push({
      code: "unknown-declared-charset",
      severity: "warning",
      message: `无法识别文档声明的编码“${declared}”，已忽略。`,
    });
  }

  // 1. Byte order mark.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return bomDecode("utf-8", bytes.subarray(3), diagnostics);
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bomDecode("utf-16le", bytes.subarray(2), diagnostics);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return bomDecode("utf-16be", bytes.subarray(2), diagnostics);

  // 2. Strict UTF-8 (ASCII included), unless it is short GBK that happens to be valid UTF-8.
  const utf8 = strict("utf-8", bytes);
  if (utf8 !== undefined && !gbkPosingAsUtf8(utf8, bytes)) {
    const multi = countMultiByteUtf8(bytes);
    const ascii = multi === 0;
    if (ascii && declaredName && declaredName !== "utf-8" && isAsciiCompatible(declaredName)) {
      // Pure ASCII reads the same in every ASCII-compatible charset: keep the declared name.
      return { text: utf8, encoding: { name: declaredName, confidence: 1 }, diagnostics };
    }
    if (!ascii && declaredName && declaredName !== "utf-8") diagnostics.push(mismatch(declared!, "utf-8"));
    const confidence = ascii ? 1 : multi >= 8 ? 0.99 : 0.9;
    return { text: utf8, encoding: { name: "utf-8", confidence }, diagnostics };
  }

  // UTF-8 damaged in a few places (a cut-off last character): strict GB18030 would accept these
  // bytes too and turn the whole text into mojibake, so this comes first.
  if (utf8 === undefined) {
    const text = lossy("utf-8", bytes);
    const bad = countChar(text, "\ufffd") - countUtf8Replacement(bytes);
    const multi = countMultiByteUtf8(bytes);
    if (bad > 0 && bad <= Math.max(2, multi * 0.002) && multi >= 10 * bad) {
      if (declaredName && declaredName !== "utf-8") diagnostics.push(mismatch(declared!, "utf-8"));
      return {
        text,
        encoding: { name: "utf-8", confidence: 0.8 },
        diagnostics: withInvalid(diagnostics, text, bad),
      };
    }
  }

  // UTF-16 without a BOM (Windows "Unicode" text saved without one).
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) {
    const text = lossy(utf16, bytes);
    return {
      text,
      encoding: { name: utf16, confidence: 0.8 },
      diagnostics: withInvalid(diagnostics, text, 0),
    };
  }

  // 3. The declared charset, when the bytes are valid in it.
  if (
    declaredName &&
    declaredName !== "utf-8" &&
    declaredName !== "utf-16le" &&
    declaredName !== "utf-16be"
  ) {
    const text = strict(declaredName, bytes);
    if (text !== undefined) return { text, encoding: { name: declaredName, confidence: 0.95 }, diagnostics };
  }

  // 4. Strict GB18030, unless the double-byte statistics say Big5.
  const stats = doubleByteStats(bytes);
  const gb = strict("gb18030", bytes);
  const big5 = strict("big5", bytes);
  const looksBig5 = stats.pairs > 0 && stats.lowTrail / stats.pairs > 0.15;
  if (gb !== undefined && !(looksBig5 && big5 !== undefined) && plausible(gb)) {
    const share = stats.pairs ? stats.gb2312 / stats.pairs : 0;
    const confidence = stats.pairs < 10 ? 0.6 : share >= 0.9 ? 0.9 : 0.7;
    if (declaredName && declaredName !== "gb18030") diagnostics.push(mismatch(declared!, "gb18030"));
    return { text: gb, encoding: { name: "gb18030", confidence }, diagnostics };
  }

  // 5. Big5.
  if (big5 !== undefined && plausible(big5)) {
    const confidence = looksBig5 && stats.pairs >= 10 ? 0.8 : 0.6;
    if (declaredName && declaredName !== "big5") diagnostics.push(mismatch(declared!, "big5"));
    return { text: big5, encoding: { name: "big5", confidence }, diagnostics };
  }

  // 6. Lossy: accept the decoder with the fewest bad sequences when they are rare.
  const candidates = ["utf-8", ...(declaredName ? [declaredName] : []), "gb18030", "big5"];
  const legitReplacement = countUtf8Replacement(bytes);
  let best: { name: string; text: string; bad: number } | undefined;
  for (const name of new Set(candidates)) {
    const text = lossy(name, bytes);
    const bad = countChar(text, "\ufffd") - (name === "utf-8" ? legitReplacement : 0);
    if (!best || bad < best.bad) best = { name, text, bad };
  }
  if (best && best.bad <= 1000 && best.bad <= Math.max(1, best.text.length * 0.002) && plausible(best.text)) {
    if (declaredName && declaredName !== best.name) diagnostics.push(mismatch(declared!, best.name));
    return {
      text: best.text,
      encoding: { name: best.name, confidence: 0.5 },
      diagnostics: withInvalid(diagnostics, best.text, best.bad),
    };
  }
  throw new IngestError("INGEST_ENCODING_UNKNOWN", "no decoder accepts the bytes");
}

/**
 * Short GBK text can be valid UTF-8 by accident (通知 = CD A8 D6 AA = U+0368 U+05AA). When the UTF-8
 * reading has only two-byte characters (Latin-1 supplement to NKo: combining marks, Greek,
 * Cyrillic, Hebrew, Arabic …) and no CJK, while the GB18030 reading is all common hanzi, the
 * bytes are GBK.
 */
function gbkPosingAsUtf8(utf8: string, bytes: Uint8Array): boolean {
  let twoByte = 0;
  for (let i = 0; i < utf8.length; i++) {
    const c = utf8.charCodeAt(i);
    if (c >= 0x800) return false;
    if (c >= 0x80) twoByte++;
  }
  if (twoByte === 0) return false;
  const gb = strict("gb18030", bytes);
  if (gb === undefined) return false;
  let han = 0;
  let common = 0;
  for (let i = 0; i < gb.length; i++) {
    const c = gb.charCodeAt(i);
    if (c < 0x80) continue;
    if (c >= 0x4e00 && c <= 0x9fff) han++;
    if (isCommonHanzi(c) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef)) common++;
  }
  return han > 0 && common >= twoByte * 0.9;
}

/**
 * Rejects decodes that produce private-use characters or C1 controls in bulk: real GB or Big5
 * text has almost none, random bytes decoded as GB18030 have about one in ten.
 */
function plausible(text: string): boolean {
  let nonAscii = 0;
  let odd = 0;
  const end = Math.min(text.length, 1 << 20);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    nonAscii++;
    if ((c >= 0xe000 && c <= 0xf8ff) || (c >= 0x80 && c <= 0x9f)) odd++;
  }
  return odd <= 5 || odd <= nonAscii * 0.02;
}

function isAsciiCompatible(name: string): boolean {
  return name !== "utf-16le" && name !== "utf-16be" && name !== "replacement";
}

function countUtf8Replacement(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i + 2 < bytes.length; i++) {
    if (bytes[i] === 0xef && bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) n++;
  }
  return n;
}

function withInvalid(diagnostics: IngestDiagnostic[], text: string, bad: number): IngestDiagnostic[] {
  const n = bad || countChar(text, "\ufffd");
  if (n > 0) {
    diagnostics.push({
      code: "invalid-byte-sequence",
      severity: "warning",
      message: `有 ${n} 处无效的字节序列，已替换为 U+FFFD（�）。`,
      count: n,
    });
  }
  return diagnostics;
}

function bomDecode(name: string, body: Uint8Array, diagnostics: IngestDiagnostic[]): Decoded {
  const text = strict(name, body) ?? lossy(name, body);
  return { text, encoding: { name, confidence: 1 }, diagnostics: withInvalid(diagnostics, text, 0) };
}

/** True when the bytes start with a UTF-8 or UTF-16 byte order mark. */
export function hasBom(bytes: Uint8Array): boolean {
  return (
    (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) ||
    (bytes[0] === 0xff && bytes[1] === 0xfe) ||
    (bytes[0] === 0xfe && bytes[1] === 0xff)
  );
}

/** True when the first 64 KiB look like binary data (many C0 control bytes) rather than text. */
export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 65536);
  if (end === 0) return false;
  if (utf16WithoutBom(bytes)) return false;
  let control = 0;
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
  }
  return control > Math.max(3, end * 0.01);
}
