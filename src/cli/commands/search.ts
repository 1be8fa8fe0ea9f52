import { findDocument, search, type SearchHit, type SearchKind } from "../../store/index.js";
import { ExitError } from "../exit-error.js";
import { parseFlags, REGION_FLAG, regionOf, withStore } from "./db.js";

const USAGE =
  "luoshi search 关键词… [--unit 单位] [--doc 文件] [--year 年份] [--kind task,indicator,document] [--limit N] [--json]";
const KIND_LABEL: Record<SearchKind, string> = { task: "任务", indicator: "指标", document: "文件" };

/** Marks the highlighted ranges: bold on a terminal, 【】 elsewhere. */
function mark(hit: SearchHit, tty: boolean): string {
  let out = "";
  let at = 0;
  for (const [s, e] of hit.highlights) {
    out += hit.snippet.slice(at, s);
    out += tty ? `\x1b[1;31m${hit.snippet.slice(s, e)}\x1b[0m` : `【${hit.snippet.slice(s, e)}】`;
    at = e;
  }
  return out + hit.snippet.slice(at);
}

/** `luoshi search "乡村振兴 交通"`: ranked hits in tasks, indicators and documents, with snippets. */
export async function runSearch(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    {
      ...REGION_FLAG,
      unit: { type: "string" },
      doc: { type: "string" },
      year: { type: "string" },
      kind: { type: "string" },
      limit: { type: "string" },
      json: { type: "boolean" },
    },
    USAGE,
  );
  const query = positionals.join(" ").trim();
  if (!query) throw new ExitError(`用法 / usage: ${USAGE}`, 2);
  const year = values.year !== undefined ? Number(values.year) : undefined;
  if (year !== undefined && !Number.isInteger(year))
    throw new ExitError(`--year 须为年份，得到 ${values.year}`, 2);
  const limit = values.limit !== undefined ? Number(values.limit) : 20;
  if (!Number.isInteger(limit) || limit < 1)
    throw new ExitError(`--limit 须为正整数，得到 ${values.limit}`, 2);
  const kinds = values.kind?.split(/[,，]/).map((k) => k.trim()) as SearchKind[] | undefined;
  if (kinds?.some((k) => !(k in KIND_LABEL)))
    throw new ExitError(`--kind 只能是 task、indicator、document`, 2);
  const regionId = regionOf(values);
  return withStore(async (store) => {
    const documentId = values.doc ? await findDocument(store.db, regionId, values.doc) : undefined;
    const result = await search(store.db, {
      regionId,
      query,
      limit,
      ...(kinds ? { kinds } : {}),
      ...(values.unit ? { unit: values.unit } : {}),
      ...(documentId ? { documentId } : {}),
      ...(year !== undefined ? { year } : {}),
    });
    if (values.json) {
      out.write(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    const tty = Boolean((out as NodeJS.WriteStream).isTTY);
    out.write(`检索词：${result.tokens.join(" + ") || "（无有效词）"}，显示 ${result.hits.length} 条\n`);
    if (result.capped.length > 0) {
      const which = result.capped.map((k) => KIND_LABEL[k]).join("、");
      out.write(
        `（${which}匹配结果很多，只在先找到的部分中排序；可增加关键词，或用 --unit、--year、--doc 缩小范围）\n`,
      );
    }
    result.hits.forEach((hit, i) => {
      const source = `${hit.docNumber ?? ""}${hit.documentTitle ? ` ${hit.documentTitle}` : ""}`.trim();
      out.write(`\n${i + 1}. [${KIND_LABEL[hit.kind]}] ${source}\n`);
      if (hit.headingPath && hit.headingPath.length > 0) out.write(`   ${hit.headingPath.join(" > ")}\n`);
      out.write(`   ${mark(hit, tty)}\n`);
    });
    return 0;
  });
}
