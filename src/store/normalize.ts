/**
 * Normal forms that decide when two references name the same document. They are stored next to
 * the text (documents.doc_number_norm, citations.title_norm …) so matching is an index lookup.
 */

/** Brackets writers use around the year of a 文号: 〔〕 is standard, [] ［］ （） 【】 are common copies. */
const BRACKETS = /[〔〕［］[\]（）()【】{}｛｝<>〈〉]/g;

/**
 * 文号 in one form: 渝府办发〔2017〕54号, 渝府办发[2017]54号 and 渝府办发（2017）第054号 all become
 * `渝府办发〔2017〕54号`.
 */
export function normalizeDocNumber(value: string | null | undefined): string | null {
  if (!value) return null;
  const s = value.normalize("NFKC").replace(/\s+/g, "");
  const m = /^(.*?)[〔［[（(【{｛]?((?:19|20)\d{2})[〕］\]）)】}｝]?第?0*(\d+)号$/u.exec(s);
  if (m) return `${m[1]!.replace(BRACKETS, "")}〔${m[2]}〕${m[3]}号`;
  return s.replace(BRACKETS, "") || null;
}

/** A title without book-title marks, quotes, spaces and trailing punctuation; NFKC so full/half width agree. */
export function normalizeTitle(value: string | null | undefined): string | null {
  if (!value) return null;
  const s = value
    .normalize("NFKC")
    .replace(/[\s《》〈〉<>"'“”‘’「」『』]/g, "")
    .replace(/[()]/g, (c) => (c === "(" ? "（" : "）"))
    .replace(/[。，,.;；:：]+$/u, "");
  return s || null;
}

/** The scheme a notice issues: 关于印发《X》的通知 → X, so a citation of 《X》 finds the notice. */
export function issuedTitle(title: string | null | undefined): string | null {
  if (!title) return null;
  const m = /印发[《<〈](.+)[》>〉]/u.exec(title);
  return m?.[1] ? normalizeTitle(m[1]) : null;
}

/** The year of a document: from its date, else from the 〔year〕 of its 文号. */
export function documentYear(
  date: string | null | undefined,
  docNumber: string | null | undefined,
): number | null {
  const fromDate = date ? /^(\d{4})/.exec(date)?.[1] : undefined;
  if (fromDate) return Number(fromDate);
  const fromNumber = docNumber
    ? /〔((?:19|20)\d{2})〕/.exec(normalizeDocNumber(docNumber) ?? "")?.[1]
    : undefined;
  return fromNumber ? Number(fromNumber) : null;
}
