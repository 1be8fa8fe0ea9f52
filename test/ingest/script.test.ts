import { strToU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/index.js";
import { removePinyinJunk, repairMojibake } from "../../src/ingest/script.js";

/** What a UTF-8 text looks like after someone decoded its bytes as GBK. */
function mojibake(text: string): string {
  return new TextDecoder("gb18030").decode(new TextEncoder().encode(text));
}

const TRADITIONAL_PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8">
<title>關(guān)於進一步優化營商環境的實施意見</title></head><body>
<div class="nav"><a href="/">首頁</a></div>
<div class="content">
<h1>關(guān)於進一步優化營商環境的實施意見</h1>
<p>各區縣人民政府，市政府各部門：</p>
<p>為深入貫徹落實黨中央、國務院決策部署，推動經濟高質量發(fā)展，現提出如下意見。</p>
<p>一、加強組織領導。各單位要建立健全工作機制(zhì)，確保各項任務落到實處。</p>
</div></body></html>`;

describe("script clean-up", () => {
  it("converts a traditional page with pinyin junk to simplified text without the pinyin", async () => {
    const result = await ingest(strToU8(TRADITIONAL_PAGE));
    expect(result.text).toBe(
      [
        "关于进一步优化营商环境的实施意见",
        "各区县人民政府，市政府各部门：",
        "为深入贯彻落实党中央、国务院决策部署，推动经济高质量发展，现提出如下意见。",
        "一、加强组织领导。各单位要建立健全工作机制，确保各项任务落到实处。",
      ].join("\n"),
    );
    expect(result.facts.title).toBe("关于进一步优化营商环境的实施意见");
    const codes = result.diagnostics.map((d) => d.code);
    expect(codes).toContain("converted-traditional");
    expect(codes).toContain("removed-pinyin");
  });

  it("leaves simplified text with a few traditional names alone", async () => {
    const text =
      "区发展改革委牵头，会同區縣有关部门推进项目建设，确保按期完成各项目标任务，年底前报送进展情况。";
    const result = await ingest(strToU8(text));
    expect(result.text).toBe(text);
    expect(result.diagnostics).toEqual([]);
  });

  it("removes only tone-marked pinyin in parentheses right after a hanzi", () => {
    expect(removePinyinJunk("發(fā)展 關（guān）于 (a) 第(1)条 ABC(fā)").text).toBe(
      "發展 關于 (a) 第(1)条 ABC(fā)",
    );
  });

  it("repairs UTF-8 text that was decoded as GBK (涓枃 → 中文)", async () => {
    expect(mojibake("中文")).toMatch(/^涓.枃$/u); // with a private-use character in the middle
    const original = "关于进一步加强安全生产工作的通知";
    const garbled = `${mojibake(original)}\n2024年3月1日`;
    const result = await ingest(strToU8(garbled));
    expect(result.text).toBe(`${original}\n2024年3月1日`);
    expect(result.diagnostics.map((d) => d.code)).toContain("repaired-mojibake");
  });

  it("repairs a run with an odd byte count, keeping U+FFFD for the lost last character", () => {
    // 进一步 is 9 UTF-8 bytes: its last byte cannot be recovered from the GBK reading.
    const garbled = mojibake("进一步");
    expect(garbled.endsWith("\ufffd")).toBe(true);
    expect(repairMojibake(garbled).text).toBe("进一\ufffd");
  });

  it("does not touch genuine text made of rare characters", () => {
    const rare = "涓涓细流，枃字罕见";
    expect(repairMojibake(rare)).toEqual({ text: rare, count: 0 });
  });
});
