const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  "○": 0,
  Ｏ: 0,
  O: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Characters that may appear in a Chinese integer numeral. */
export const CHINESE_NUMERAL_CHARS = "零〇○Ｏ一二两三四五六七八九十百千";

/**
 * Reads a Chinese integer numeral: 十二 → 12, 一百零五 → 105, 二〇三五 → 2035 (digit by digit).
 * Returns undefined for anything else.
 *
 * @example parseChineseInteger("二十三") // 23
 */
export function parseChineseInteger(numeral: string): number | undefined {
  if (numeral.length === 0) return undefined;
  if (/^\d+$/.test(numeral)) return Number(numeral);
  const hasUnit = [...numeral].some((ch) => ch in UNITS);
  if (!hasUnit) {
    let value = 0;
    for (const ch of numeral) {
      const digit = DIGITS[ch];
      if (digit === undefined) return undefined;
      value = value * 10 + digit;
    }
    return value;
  }
  let total = 0;
  let digit = 0;
  for (const ch of numeral) {
    const d = DIGITS[ch];
    if (d !== undefined) {
      digit = d;
      continue;
    }
    const unit = UNITS[ch];
    if (unit === undefined) return undefined;
    total += (digit === 0 ? 1 : digit) * unit;
    digit = 0;
  }
  return total + digit;
}

/** Maps full-width digits and the Chinese zero forms used in dates to ASCII digits. */
export function toAsciiDigits(text: string): string {
  return text.replace(/[０-９]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}
