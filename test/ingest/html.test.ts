import { readFileSync } from "node:fs";
import { strToU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/index.js";

const FIXTURES = new URL("../fixtures/ingest/", import.meta.url);
const utf8Page = readFileSync(new URL("gov-page.utf8.html", FIXTURES));
const gbkPage = readFileSync(new URL("gov-page.gbk.html", FIXTURES));

const EXPECTED_TEXT = [
  "关于印发某某区2024年优化营商环境重点任务分工方案的通知",
  "某府办发〔2024〕8号",
  "各街道办事处、镇人民政府，区政府各部门，有关单位：",
  "《某某区2024年优化营商环境重点任务分工方案》已经区政府同意，现印发给你们，请认真贯彻落实。",
  "某某区人民政府办公室",
  "2024年3月12日",
  "（此件公开发布）",
  "某某区2024年优化营商环境重点任务分工方案",
  "为持续优化营商环境，结合我区实际，制定本方案。",
  "一、重点任务",
  "",
  "\t序号\t重点任务\t牵头单位\t配合单位\t完成时限",
  "\t1\t深化“一网通办”改革， 提升政务服务效能\t区政务服务中心\t区发展改革委、区大数据局\t2024年12月底前",
  "\t2\t开展涉企收费专项清理\t区市场监管局\t区财政局\t2024年12月底前",
  "\t二、要素保障\t\t\t\t",
  "\t3\t保障重点项目用地需求\t区规划自然资源局\t各街道、镇\t持续推进",
  "",
  "二、工作要求",
  "各责任单位要明确分管领导和联系人，于每季度末前报送工作进展。",
].join("\n");

const EXPECTED_FACTS = {
  title: "关于印发某某区2024年优化营商环境重点任务分工方案的通知",
  docNumber: "某府办发〔2024〕8号",
  publisher: "某某区人民政府办公室",
  indexNumber: "11500101MB1234567X/2024-00021",
  publishedDate: "2024-03-15",
  writtenDate: "2024-03-12",
  validity: "有效",
  topic: "综合政务\\通知",
};

describe("HTML government page", () => {
  it("extracts the body, the task table and the 信息公开 facts from the UTF-8 page", async () => {
    const result = await ingest(utf8Page, { filename: "t20240315_123.html" });
    expect(result.format).toBe("html");
    expect(result.text).toBe(EXPECTED_TEXT);
    expect(result.facts).toEqual(EXPECTED_FACTS);
    expect(result.encoding).toEqual({ name: "utf-8", confidence: 0.99 });
  });

  it("gives the same text and facts for the GBK copy (declared gb2312, decoded as gb18030)", async () => {
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(gbkPage)).toThrow();
    const result = await ingest(gbkPage, { filename: "t20240315_123.html" });
    expect(result.text).toBe(EXPECTED_TEXT);
    expect(result.facts).toEqual(EXPECTED_FACTS);
    expect(result.encoding?.name).toBe("gb18030");
    expect(result.encoding?.confidence).toBeGreaterThanOrEqual(0.9);
    expect(result.diagnostics.map((d) => d.code)).not.toContain("declared-charset-mismatch");
  });

  it("never lets script, style, navigation or widget text through", async () => {
    const { text } = await ingest(gbkPage);
    for (const chrome of [
      "统计代码",
      "不要执行",
      "font-size",
      "首页",
      "登录",
      "注册",
      "当前位置",
      "打印",
      "关闭",
      "分享",
      "字体",
      "备案号",
      "相关文件",
      "索引号",
      "发布机构",
    ]) {
      expect(text).not.toContain(chrome);
    }
  });

  it("decodes a UTF-8 page that declares gb2312 as UTF-8, with a warning", async () => {
    const lying = strToU8(utf8Page.toString("utf8").replace("charset=utf-8", "charset=gb2312"));
    const result = await ingest(lying);
    expect(result.text).toBe(EXPECTED_TEXT);
    expect(result.encoding?.name).toBe("utf-8");
    expect(result.diagnostics.find((d) => d.code === "declared-charset-mismatch")?.severity).toBe("warning");
  });

  it("reads metadata written as li pairs and as label：value lines, and removes them from the body", async () => {
    const html = `<html><head><meta charset="utf-8"><title>某县关于做好防汛工作的通知 - 某县人民政府网</title></head><body>
      <div class="xxgk"><ul>
        <li><span>索引号</span><p>000014348/2023-01381</p></li>
        <li><span>发布机构</span><p>某县应急管理局</p></li>
        <li><span>文号</span><p>某应急发〔2023〕21号</p></li>
        <li><span>发布日期</span><p>2023年8月14日</p></li>
        <li><span>有效性</span><p>有效</p></li>
      </ul></div>
      <div id="content">
        <p>主题分类：安全生产</p>
        <p>各乡镇人民政府：</p>
        <p>入汛以来，我县降雨偏多，现就做好防汛工作通知如下。</p>
        <p>一、压实防汛责任。各乡镇要落实防汛责任人。</p>
      </div></body></html>`;
    const result = await ingest(strToU8(html));
    expect(result.facts).toEqual({
      title: "某县关于做好防汛工作的通知",
      indexNumber: "000014348/2023-01381",
      publisher: "某县应急管理局",
      docNumber: "某应急发〔2023〕21号",
      publishedDate: "2023-08-14",
      validity: "有效",
      topic: "安全生产",
    });
    expect(result.text).toBe(
      [
        "某县关于做好防汛工作的通知",
        "各乡镇人民政府：",
        "入汛以来，我县降雨偏多，现就做好防汛工作通知如下。",
        "一、压实防汛责任。各乡镇要落实防汛责任人。",
      ].join("\n"),
    );
  });

  it("keeps a short article next to metadata lines", async () => {
    const apart = `<html><body><div class="info"><p>发布日期：2024-01-05</p><p>来源：区教委</p></div>
      <div><p>各学校：现将寒假安排通知如下。</p><p>放假时间为1月20日。</p></div></body></html>`;
    const together = `<html><body><div><p>发布日期：2024-01-05</p><p>来源：区教委</p>
      <p>各学校：现将寒假安排通知如下。</p><p>放假时间为1月20日。</p></div></body></html>`;
    for (const html of [apart, together]) {
      const result = await ingest(strToU8(html));
      expect(result.text).toBe("各学校：现将寒假安排通知如下。\n放假时间为1月20日。");
      expect(result.facts).toEqual({ publishedDate: "2024-01-05" });
    }
  });

  it("keeps a layout table's content as paragraphs and flattens a nested table into its cell", async () => {
    const html = `<html><body><table width="980"><tr><td>
      <p>一、主要目标</p><p>到2025年，全区经济总量迈上新台阶。</p>
      <table><tr><th>指标</th><th>目标值</th></tr>
        <tr><td>地区生产总值增速</td><td><table><tr><td>7%</td><td>左右</td></tr></table></td></tr>
        <tr><td rowspan="2" colspan="1">单位GDP能耗</td><td>下降</td></tr>
        <tr><td>完成市下达任务</td></tr>
      </table>
      </td></tr></table></body></html>`;
    const result = await ingest(strToU8(html));
    expect(result.text).toBe(
      [
        "一、主要目标",
        "到2025年，全区经济总量迈上新台阶。",
        "",
        "\t指标\t目标值",
        "\t地区生产总值增速\t7% 左右",
        "\t单位GDP能耗\t下降",
        "\t单位GDP能耗\t完成市下达任务",
      ].join("\n"),
    );
  });

  it("decodes entities and never executes anything", async () => {
    const html = `<html><body><p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; 第&#19968;条</p><img src=x onerror="globalThis.pwned=1"><iframe src="javascript:alert(1)">框架</iframe></body></html>`;
    const result = await ingest(strToU8(html));
    expect(result.text).toBe("<script>alert(1)</script> & 第一条");
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
  });
});
