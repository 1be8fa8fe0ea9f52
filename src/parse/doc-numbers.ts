/** A 发文字号 (文号) found in the text, such as 渝府办发〔2017〕54号. */
export interface DocNumberMatch {
  start: number;
  end: number;
  value: string;
}

/** The bracketed year and serial that end every 文号; the 代字 before it is found by walking back. */
const TAIL = /[〔［[【(（]\s*(?:19|20)\d{2}\s*[〕］\]】)）]\s*第?\d{1,5}\s*号/g;
const MAX_CODE_LENGTH = 12;
/** Words that glue onto a 文号 in running text and are not part of its 代字. */
const LEAD_WORDS = [
  "通知",
  "意见",
  "方案",
  "印发",
  "转发",
  "根据",
  "按照",
  "依据",
  "参照",
  "执行",
  "贯彻",
  "落实",
  "关于",
  "详见",
  "见",
  "即",
  "的",
  "和",
  "及",
  "与",
  "号",
];

/**
 * Finds every 文号 in `[from, to)`: 代字〔年份〕序号号, tolerant of the brackets people type instead
 * of 〔〕. Linear: the regular expression anchors on the bracketed year, then the 代字 is read backwards.
 *
 * @example findDocNumbers("参照渝府办发〔2017〕54号执行")[0].value // "渝府办发〔2017〕54号"
 */
export function findDocNumbers(text: string, from = 0, to = text.length): DocNumberMatch[] {
  const found: DocNumberMatch[] = [];
  TAIL.lastIndex = from;
  for (let m = TAIL.exec(text); m && m.index + m[0].length <= to; m = TAIL.exec(text)) {
    let start = m.index;
    while (start > from && m.index - start < MAX_CODE_LENGTH && isHan(text.charCodeAt(start - 1))) start--;
    if (start === m.index) continue;
    start += leadingWordsLength(text.slice(start, m.index));
    if (start >= m.index) continue;
    const end = m.index + m[0].length;
    found.push({ start, end, value: text.slice(start, end) });
  }
  return found;
}

function isHan(code: number): boolean {
  return code >= 0x4e00 && code <= 0x9fa5;
}

function leadingWordsLength(code: string): number {
  let cut = 0;
  for (const word of LEAD_WORDS) {
    const at = code.lastIndexOf(word);
    if (at !== -1 && at + word.length < code.length) cut = Math.max(cut, at + word.length);
  }
  return cut;
}
