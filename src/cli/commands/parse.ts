import { parse, type Diagnostic } from "../../parse/index.js";
import { ExitError } from "../exit-error.js";
import { formatDocument } from "../format.js";
import { readDocument } from "../read-document.js";

/** `luoshi parse FILE [--json]`: prints the parsed document for people, or as schema-valid JSON. */
export async function runParse(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const json = args.includes("--json");
  const files = args.filter((a) => !a.startsWith("--"));
  const unknown = args.filter((a) => a.startsWith("--") && a !== "--json");
  if (unknown.length > 0) throw new ExitError(`未知选项 / unknown option: ${unknown.join(" ")}`, 2);
  if (files.length !== 1) throw new ExitError("用法 / usage: luoshi parse FILE [--json]", 2);
  const path = files[0] as string;
  const input = await readDocument(path);
  const { document, diagnostics } = parse(input.text, { facts: input.facts });
  // Ingest's findings concern the bytes, not a place in the text: they carry the empty span.
  const fromIngest: Diagnostic[] = input.diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    message: d.message,
    span: { start: 0, end: 0 },
  }));
  const all = [...fromIngest, ...diagnostics];
  if (json) {
    // The schema (docs/policy-document.schema.json): the PolicyDocument, plus its diagnostics and the
    // text every span points into, so the output can be checked on its own.
    const source = {
      path,
      format: input.format,
      ...(input.encoding ? { encoding: input.encoding } : {}),
      text: input.text,
    };
    out.write(`${JSON.stringify({ ...document, diagnostics: all, source }, null, 2)}\n`);
  } else {
    out.write(formatDocument(path, input.text, document, all));
  }
  return 0;
}
