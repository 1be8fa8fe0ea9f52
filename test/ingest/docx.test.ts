import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/index.js";
import { chineseCounting, formatNumber } from "../../src/ingest/docx-numbering.js";
import { documentXml, makeDocx, p, tbl, tc, W_NS } from "./helpers.js";

const NUMBERING = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="${W_NS}">
  <w:abstractNum w:abstractNumId="0">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3．"/><w:suff w:val="nothing"/></w:lvl>
    <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%4）"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="1">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="2">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
  <w:num w:numId="4"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
</w:numbering>`;

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="${W_NS}">
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
    <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
  <w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/></w:style>
</w:styles>`;

const CORE = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>某某市推进数字政府建设实施方案</dc:title><dc:creator>办公室</dc:creator></cp:coreProperties>`;

const TEXT_BOX = `<w:p><w:r><w:t>正文段落</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>${p(
  "专栏1：数字政府建设指标",
)}${p(
  "政务服务事项网办率达到90%",
)}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>${p(
  "专栏1：数字政府建设指标",
)}${p("政务服务事项网办率达到90%")}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`;

const RUNS = `<w:p><w:r><w:t>坚持</w:t></w:r><w:r><w:tab/><w:t>以人民为中心</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏文字</w:t></w:r><w:r><w:br/><w:t>第二行</w:t></w:r></w:p>`;

const REVISIONS = `<w:p><w:r><w:t>全面完成</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>删除的文字</w:delText></w:r></w:del><w:ins w:id="2" w:author="a"><w:r><w:t>年度</w:t></w:r></w:ins><w:r><w:t>任务，详见第</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>5</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>页。</w:t></w:r></w:p>`;

const NESTED = tbl([
  [tc("市公安局"), tc("市民政局")],
  [tc("市人社局"), tc("")],
]);

const TASK_TABLE = tbl([
  [tc("序号"), tc("重点任务"), tc("牵头单位"), tc("配合单位"), tc("完成时限")],
  [
    tc(p("", { num: [2, 0] })),
    tc("建设政务云平台"),
    tc("市大数据局"),
    tc("市财政局、市发展改革委"),
    tc("2025年底前", { vMerge: "restart" }),
  ],
  [
    tc(p("", { num: [2, 0] })),
    tc("推进数据共享"),
    tc("市大数据局"),
    tc(`${NESTED}${p("")}`),
    tc("", { vMerge: "continue" }),
  ],
  [tc("三、保障措施", { span: 2 }), tc("", { span: 3 })],
  [tc(p("", { num: [2, 0] })), tc("加强网络安全"), tc("市委网信办"), tc("各区县政府"), tc("持续推进")],
]);

const BODY = [
  p("某某市推进数字政府建设实施方案", { style: "Title" }),
  p("总体要求", { style: "1" }),
  p("指导思想", { num: [1, 1] }),
  RUNS,
  p("工作目标", { num: [1, 1] }),
  p("到2025年，政务服务事项网办率达到90%。", { num: [1, 2] }),
  REVISIONS,
  p("重点任务", { style: "1" }),
  p("数字基础设施", { num: [1, 1] }),
  p("附件：重点任务分工表"),
  TASK_TABLE,
  TEXT_BOX,
  p("某某市人民政府办公室"),
].join("");

const EXPECTED = [
  "某某市推进数字政府建设实施方案",
  "一、总体要求",
  "（一）指导思想",
  "坚持 以人民为中心",
  "第二行",
  "（二）工作目标",
  "1．到2025年，政务服务事项网办率达到90%。",
  "全面完成年度任务，详见第5页。",
  "二、重点任务",
  "（一）数字基础设施",
  "附件：重点任务分工表",
  "",
  "\t序号\t重点任务\t牵头单位\t配合单位\t完成时限",
  "\t1\t建设政务云平台\t市大数据局\t市财政局、市发展改革委\t2025年底前",
  "\t2\t推进数据共享\t市大数据局\t市公安局 市民政局 市人社局\t2025年底前",
  "\t三、保障措施\t\t\t\t",
  "\t3\t加强网络安全\t市委网信办\t各区县政府\t持续推进",
  "",
  "正文段落",
  "专栏1：数字政府建设指标",
  "政务服务事项网办率达到90%",
  "某某市人民政府办公室",
].join("\n");

function fullDocx(body = BODY): Uint8Array {
  return makeDocx({
    "word/document.xml": documentXml(body),
    "word/numbering.xml": NUMBERING,
    "word/styles.xml": STYLES,
    "word/footnotes.xml": `<w:footnotes xmlns:w="${W_NS}"><w:footnote w:id="1">${p("脚注内容不应出现")}</w:footnote></w:footnotes>`,
    "docProps/core.xml": CORE,
  });
}

describe("DOCX", () => {
  it("rebuilds numbering, writes the task table per the contract, keeps text boxes once, drops footnotes", async () => {
    const result = await ingest(fullDocx(), { filename: "方案.docx" });
    expect(result.format).toBe("docx");
    expect(result.text).toBe(EXPECTED);
    expect(result.encoding).toBeUndefined();
    expect(result.facts.title).toBe("某某市推进数字政府建设实施方案");
    expect(result.facts.headings).toEqual([
      { level: 1, text: "一、总体要求" },
      { level: 1, text: "二、重点任务" },
    ]);
  });

  it("finds the document by content even without a file name", async () => {
    const result = await ingest(fullDocx());
    expect(result.format).toBe("docx");
  });

  it("uses the Title-style paragraph when docProps/core.xml has no title", async () => {
    const bytes = makeDocx({ "word/document.xml": documentXml(BODY), "word/styles.xml": STYLES });
    const result = await ingest(bytes);
    expect(result.facts.title).toBe("某某市推进数字政府建设实施方案");
  });

  it("continues a list across w:num instances of one abstract list and restarts on startOverride", async () => {
    const body = [
      p("甲", { num: [3, 0] }),
      p("乙", { num: [3, 0] }),
      p("丙", { num: [4, 0] }),
      p("丁", { num: [4, 0] }),
    ].join("");
    const bytes = makeDocx({ "word/document.xml": documentXml(body), "word/numbering.xml": NUMBERING });
    const result = await ingest(bytes);
    expect(result.text).toBe("1. 甲\n2. 乙\n1. 丙\n2. 丁");
  });

  it("formats Word number formats", () => {
    expect([1, 10, 11, 20, 105].map((n) => chineseCounting(n))).toEqual([
      "一",
      "十",
      "十一",
      "二十",
      "一百零五",
    ]);
    expect(formatNumber(3, "chineseLegalSimplified")).toBe("叁");
    expect(formatNumber(2, "decimalEnclosedCircle")).toBe("②");
    expect(formatNumber(4, "upperRoman")).toBe("IV");
    expect(formatNumber(28, "lowerLetter")).toBe("bb");
    expect(formatNumber(12, "decimalFullWidth")).toBe("１２");
  });

  it("keeps paragraphs of a w:sdt content control", async () => {
    const body = `<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent>${p("控件内的段落")}</w:sdtContent></w:sdt>`;
    const result = await ingest(makeDocx({ "word/document.xml": documentXml(body) }));
    expect(result.text).toBe("控件内的段落");
  });
});
