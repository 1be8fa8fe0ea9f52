import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "../../parse/index.js";
import { readDocument } from "../read-document.js";

/** The demo corpus shipped in the repository (examples/corpus), found from this module's location. */
export function demoCorpusDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6 && !existsSync(join(dir, "package.json")); i++) dir = resolve(dir, "..");
  return join(dir, "examples", "corpus");
}

/** `luoshi demo`: parses every document of the demo corpus and prints what was found in each. */
export async function runDemo(_args: string[], out: NodeJS.WritableStream): Promise<number> {
  const dir = demoCorpusDir();
  const files = (await readdir(dir)).filter((f) => /\.(txt|html?|docx|pdf)$/i.test(f)).sort();
  out.write(
    `落实 Luoshi — 政策文件解析演示（${files.length} 份示例文件，目录 ${relative(process.cwd(), dir) || dir}）\n\n`,
  );
  for (const file of files) {
    const path = join(dir, file);
    const input = await readDocument(path);
    const started = performance.now();
    const { document, diagnostics } = parse(input.text, { facts: input.facts });
    const ms = performance.now() - started;
    const units = new Set(document.tasks.flatMap((t) => t.assignments.map((a) => a.unit)));
    out.write(`■ ${file}\n`);
    out.write(`  标题：${document.meta.title?.value ?? "（未识别）"}\n`);
    out.write(
      `  文号：${document.meta.docNumber?.value ?? "—"}   日期：${document.meta.date?.value ?? "—"}\n`,
    );
    out.write(
      `  任务 ${document.tasks.length} 项，责任单位 ${units.size} 个，指标 ${document.indicators.length} 项，` +
        `阶段 ${document.phases.length} 个，引用 ${document.citations.length} 处，专栏 ${document.boxes.length} 个，` +
        `诊断 ${diagnostics.length} 条（解析用时 ${ms.toFixed(1)} 毫秒）\n`,
    );
    const sample = document.tasks[0];
    if (sample) {
      const lead = sample.assignments.filter((a) => a.role === "lead").map((a) => a.unit);
      out.write(
        `  例：${sample.path.join(" > ")}\n      ${sample.text.slice(0, 50)}…\n      牵头：${lead.join("、") || "—"}\n`,
      );
    }
    out.write("\n");
  }
  out.write("查看单个文件的完整结果：npx luoshi parse examples/corpus/001_074c1061270704e5.txt\n");
  return 0;
}
