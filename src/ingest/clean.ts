/**
 * Character clean-up applied to every format: line breaks become `\n`; NUL, U+FEFF and U+200B are
 * removed (PostgreSQL `text` rejects NUL; the others break matching); other C0 controls too.
 */
import type { IngestDiagnostic } from "./types.js";

// eslint-disable-next-line no-control-regex
const SUSPECT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\r\ufeff\u200b]/;
// eslint-disable-next-line no-control-regex
const ALL = /\r\n?|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufeff\u200b]/g;

/** Normalises line breaks and removes invisible characters, reporting what was removed. */
export function cleanCharacters(text: string): { text: string; diagnostics: IngestDiagnostic[] } {
  if (!SUSPECT.test(text)) return { text, diagnostics: [] };
  let nul = 0;
  let bom = 0;
  let zwsp = 0;
  let control = 0;
  const out = text.replace(ALL, (m) => {
    switch (m) {
      case "\r\n":
      case "\r":
      case "\f":
        return "\n";
      case "\u0000":
        nul++;
        return "";
      case "\ufeff":
        bom++;
        return "";
      case "\u200b":
        zwsp++;
        return "";
      default:
        control++;
        return "";
    }
  });
  const diagnostics: IngestDiagnostic[] = [];
  const invisible = nul + bom + zwsp;
  if (invisible > 0) {
    const parts = [
      nul ? `NUL ${nul} 个` : "",
      bom ? `U+FEFF ${bom} 个` : "",
      zwsp ? `U+200B ${zwsp} 个` : "",
    ].filter(Boolean);
    diagnostics.push({
      code: "removed-invisible-characters",
      severity: "info",
      message: `已删除不可见字符：${parts.join("，")}。`,
      count: invisible,
    });
  }
  if (control > 0) {
    diagnostics.push({
      code: "removed-control-characters",
      severity: "info",
      message: `已删除 ${control} 个控制字符。`,
      count: control,
    });
  }
  return { text: out, diagnostics };
}
