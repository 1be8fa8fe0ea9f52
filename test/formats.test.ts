/**
 * The same document as plain text, as a government web page and as a Word file parses to the same
 * tasks and units: ingest turns each into the same text shape, and tables into the same rows.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { runParse } from "../src/cli/commands/parse.js";
import { ingest } from "../src/ingest/index.js";
import { parse } from "../src/parse/index.js";
import type { Task } from "../src/parse/index.js";
import { documentXml, makeDocx, p, tbl, tc } from "./ingest/helpers.js";

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const summary = (tasks: Task[]) =>
  tasks.map((t) => ({ path: t.path, text: t.text, units: t.assignments.map((a) => `${a.role}:${a.unit}`) }));

function htmlPage(lines: string[]): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开</title>
<script>document.write("<p>（责任单位：注入脚本）</p>")</script><style>p{margin:0}</style></head><body>
<div class="top"><a href="/">首页</a> | <a href="/login">登录</a> | <a href="/reg">注册</a></div>
<div class="nav"><ul><li><a href="/a">政务公开</a></li><li><a href="/b">政策解读</a></li></ul></div>
<div class="content">${lines.map((line) => `<p>${escape(line.trim())}</p>`).join("\n")}</div>
<div class="tools">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
<div class="footer">主办：某某人民政府办公室 版权所有</div></body></html>`;
}

function docx(lines: string[]): Uint8Array {
  return makeDocx({ "word/document.xml": documentXml(lines.map((line) => p(escape(line.trim()))).join("")) });
}

async function parseFile(name: string, bytes: Uint8Array): Promise<{ tasks: Task[] }> {
  const dir = mkdtempSync(join(tmpdir(), "luoshi-formats-"));
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  await runParse([path, "--json"], out);
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as { tasks: Task[] };
}

describe("a corpus document in three formats", () => {
  const text = readFileSync(
    join(import.meta.dirname, "..", "examples", "corpus", "001_074c1061270704e5.txt"),
    "utf8",
  );
  const lines = text.split("\n").filter((line) => line.trim().length > 0);
  const expected = summary(parse(text).document.tasks);

  it("the text version has the 29 tasks", () => {
    expect(expected).toHaveLength(29);
  });

  it("the HTML page yields the same tasks and units", async () => {
    const doc = await parseFile("001.html", new TextEncoder().encode(htmlPage(lines)));
    expect(summary(doc.tasks)).toEqual(expected);
  });

  it("the Word file yields the same tasks and units", async () => {
    const doc = await parseFile("001.docx", docx(lines));
    expect(summary(doc.tasks)).toEqual(expected);
  });
});

describe("a task-division table in Word and in HTML", () => {
  const header = ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"];
  const rows = [
    ["1", "完善乡村交通基础设施网络", "区交通局", "区发展改革委、区财政局", "2024年底前"],
    ["2", "加强中小型水利设施建设", "区水利局", "区财政局，各乡镇（街道）", "2025年6月"],
    ["3", "推进农村客运发展", "区交通局", "", "长期"],
  ];
  const intro = [
    "关于印发重点任务分工方案的通知",
    "各乡镇（街道），区级各部门：",
    "现将重点任务分工表印发给你们，请认真抓好落实。",
  ];

  const htmlTable = `<table border="1">${[header, ...rows]
    .map((row) => `<tr>${row.map((cell) => `<td>${escape(cell)}</td>`).join("")}</tr>`)
    .join("")}</table>`;
  const html = htmlPage(intro).replace(
    '</div>\n<div class="tools">',
    `${htmlTable}</div>\n<div class="tools">`,
  );
  const word = makeDocx({
    "word/document.xml": documentXml(
      intro.map((line) => p(line)).join("") +
        tbl([header, ...rows].map((row) => row.map((cell) => tc(escape(cell))))),
    ),
  });

  it("gives one task per row with lead and co units and the deadline", async () => {
    const fromHtml = parse(
      (await ingest(new TextEncoder().encode(html), { filename: "t.html" })).text,
    ).document;
    expect(
      fromHtml.tasks.map((t) => [t.text, t.assignments.map((a) => `${a.role}:${a.unit}`), t.deadline?.value]),
    ).toEqual([
      ["完善乡村交通基础设施网络", ["lead:区交通局", "co:区发展改革委", "co:区财政局"], "2024-12-31"],
      ["加强中小型水利设施建设", ["lead:区水利局", "co:区财政局", "co:各乡镇（街道）"], "2025-06"],
      ["推进农村客运发展", ["lead:区交通局"], undefined],
    ]);
  });

  it("parses the Word table to the same tasks as the HTML table", async () => {
    const fromHtml = parse(
      (await ingest(new TextEncoder().encode(html), { filename: "t.html" })).text,
    ).document;
    const fromWord = parse((await ingest(word, { filename: "t.docx" })).text).document;
    expect(summary(fromWord.tasks)).toEqual(summary(fromHtml.tasks));
    expect(fromWord.tasks).toHaveLength(3);
  });
});
