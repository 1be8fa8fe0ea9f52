/**
 * The two-byte part of GB18030 as a Unicode → bytes table, built once by decoding every two-byte
 * sequence with `TextDecoder('gb18030')` and inverting the result (TextEncoder cannot encode GBK).
 * Used to undo mojibake (UTF-8 read as GBK) and to judge how common a CJK character is.
 */

let table: Int32Array | undefined;

/** Indexed by UTF-16 code unit: an array lookup per character, where a Map took most of ingest's time on long texts. */
function build(): Int32Array {
  const pairs: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail !== 0x7f) pairs.push((lead << 8) | trail);
    }
  }
  const buf = new Uint8Array(pairs.length * 2);
  pairs.forEach((p, i) => {
    buf[2 * i] = p >> 8;
    buf[2 * i + 1] = p & 0xff;
  });
  const decoder = new TextDecoder("gb18030");
  const text = decoder.decode(buf);
  const map = new Int32Array(0x10000).fill(-1);
  if (text.length === pairs.length) {
    for (let i = 0; i < pairs.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 0xfffd && map[c] === -1) map[c] = pairs[i]!;
    }
  } else {
    // Some pair did not decode to exactly one unit: fall back to one decode per pair.
    for (const p of pairs) {
      const s = decoder.decode(new Uint8Array([p >> 8, p & 0xff]));
      const c = s.charCodeAt(0);
      if (s.length === 1 && c !== 0xfffd && map[c] === -1) map[c] = p;
    }
  }
  return map;
}

/** The two GB18030 bytes of a BMP code unit as `lead << 8 | trail`, or -1 when it has none. */
export function gbPair(code: number): number {
  table ??= build();
  return table[code] ?? -1;
}

/** True for the 3,755 most common hanzi: GB2312 level 1 (lead bytes B0–D7). */
export function isCommonHanzi(code: number): boolean {
  const p = gbPair(code);
  if (p < 0) return false;
  const lead = p >> 8;
  const trail = p & 0xff;
  return lead >= 0xb0 && lead <= 0xd7 && trail >= 0xa1;
}

/** True when the character is in GB2312 (symbols, level 1 or level 2 hanzi). */
export function isGb2312(code: number): boolean {
  const p = gbPair(code);
  if (p < 0) return false;
  const lead = p >> 8;
  const trail = p & 0xff;
  return lead >= 0xa1 && lead <= 0xf7 && trail >= 0xa1;
}

/**
 * Encodes text as GB18030 for ASCII and two-byte characters; returns undefined when a character
 * needs a four-byte sequence (or is a U+FFFD).
 */
export function encodeGb18030(text: string): Uint8Array | undefined {
  const out = new Uint8Array(text.length * 2);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
      continue;
    }
    const p = gbPair(c);
    if (p < 0) return undefined;
    out[n++] = p >> 8;
    out[n++] = p & 0xff;
  }
  return out.subarray(0, n);
}
