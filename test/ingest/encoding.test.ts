import { readFileSync } from "node:fs";
import { strToU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { decodeBytes, normalizeCharset, sniffDeclaredCharset } from "../../src/ingest/encoding.js";
import { ingest } from "../../src/ingest/index.js";

const FIXTURES = new URL("../fixtures/ingest/", import.meta.url);

function bytes(...parts: (number[] | Uint8Array)[]): Uint8Array {
  return new Uint8Array(parts.flatMap((p) => [...p]));
}

// GBK bytes written out by hand (checked against `iconv -t gbk`): 中文 = D6D0 CEC4, 通知 = CDA8 D6AA.
const GBK_ZHONGWEN = [0xd6, 0xd0, 0xce, 0xc4];
const GBK_TONGZHI = [0xcd, 0xa8, 0xd6, 0xaa];

describe("encoding detection", () => {
  it("honours a UTF-8 BOM and removes it", async () => {
    const result = await ingest(bytes([0xef, 0xbb, 0xbf], strToU8("一、总体要求\r\n二、重点任务")));
    expect(result.text).toBe("一、总体要求\n二、重点任务");
    expect(result.encoding).toEqual({ name: "utf-8", confidence: 1 });
    expect(result.format).toBe("text");
  });

  it("reads UTF-16 LE and BE with a BOM", async () => {
    const le = bytes([0xff, 0xfe], Buffer.from("第一条 总则", "utf16le"));
    const be = bytes([0xfe, 0xff], Buffer.from("第一条 总则", "utf16le").swap16());
    for (const [input, name] of [
      [le, "utf-16le"],
      [be, "utf-16be"],
    ] as const) {
      const result = await ingest(input);
      expect(result.text).toBe("第一条 总则");
      expect(result.encoding).toEqual({ name, confidence: 1 });
    }
  });

  it("decodes GBK bytes with gb18030, including four-byte sequences Node's 'gbk' decoder breaks", async () => {
    // 中文 + 㐀 (GB18030 81 39 EE 39) + 通知
    const input = bytes(GBK_ZHONGWEN, [0x81, 0x39, 0xee, 0x39], GBK_TONGZHI);
    const result = await ingest(input);
    expect(result.text).toBe("中文㐀通知");
    expect(result.encoding?.name).toBe("gb18030");
    expect(result.encoding?.confidence).toBeLessThan(0.9); // four characters are not much evidence
  });

  it("uses a declared charset only when the bytes are not UTF-8", () => {
    expect(decodeBytes(bytes(GBK_TONGZHI), "gbk").encoding).toEqual({ name: "gb18030", confidence: 0.95 });
    const utf8 = decodeBytes(strToU8("通知"), "gb2312");
    expect(utf8.text).toBe("通知");
    expect(utf8.encoding.name).toBe("utf-8");
    expect(utf8.diagnostics.map((d) => d.code)).toEqual(["declared-charset-mismatch"]);
    // ASCII reads the same in both: keep the declared name, no warning.
    const ascii = decodeBytes(strToU8("Notice No. 8"), "gbk");
    expect(ascii.encoding).toEqual({ name: "gb18030", confidence: 1 });
    expect(ascii.diagnostics).toEqual([]);
  });

  it("takes the charset parameter of the media type as declared", async () => {
    const result = await ingest(bytes(GBK_TONGZHI), { mediaType: "text/plain; charset=GB2312" });
    expect(result.encoding).toEqual({ name: "gb18030", confidence: 0.95 });
    expect(result.text).toBe("通知");
  });

  it("sniffs <meta charset> and the http-equiv form; maps every GB label to gb18030", () => {
    expect(sniffDeclaredCharset(strToU8('<html><head><meta charset="GBK">'))).toBe("GBK");
    expect(
      sniffDeclaredCharset(strToU8('<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />')),
    ).toBe("gb2312");
    expect(["gbk", "GB2312", "x-gbk", "cp936", "gb18030"].map(normalizeCharset)).toEqual(
      Array(5).fill("gb18030"),
    );
    expect(normalizeCharset("big5-hkscs")).toBe("big5");
    expect(normalizeCharset("no-such-charset")).toBeUndefined();
  });

  it("recognises Big5 (iconv fixture) and converts the traditional text", async () => {
    const input = readFileSync(new URL("traditional.big5.txt", FIXTURES));
    const result = await ingest(input, { filename: "意見.txt" });
    expect(result.encoding?.name).toBe("big5");
    expect(result.text).toBe(
      [
        "关于进一步优化营商环境的实施意见",
        "各区县人民政府，市政府各部门：",
        "为深入贯彻落实党中央、国务院决策部署，现就进一步优化营商环境提出如下意见。",
        "一、加强组织领导",
        "各单位要建立健全工作机制，确保各项任务落到实处。",
        "",
      ].join("\n"),
    );
    expect(result.diagnostics.map((d) => d.code)).toContain("converted-traditional");
  });

  it("reports invalid byte sequences instead of failing", async () => {
    // A UTF-8 text whose last character was cut in half.
    const whole = strToU8(
      "关于进一步加强安全生产工作的通知。各乡镇人民政府、县级有关部门：现将有关事项通知如下。",
    );
    const cut = whole.subarray(0, whole.length - 1);
    const result = await ingest(cut);
    expect(result.encoding?.name).toBe("utf-8");
    expect(result.text).toBe(
      "关于进一步加强安全生产工作的通知。各乡镇人民政府、县级有关部门：现将有关事项通知如下\ufffd",
    );
    const diag = result.diagnostics.find((d) => d.code === "invalid-byte-sequence");
    expect(diag?.count).toBe(1);
  });

  it("removes NUL, U+FEFF and U+200B with a diagnostic", async () => {
    const result = await ingest(strToU8("第一\u0000条\u200b 总\ufeff则\u0007"));
    expect(result.text).toBe("第一条 总则");
    const codes = result.diagnostics.map((d) => [d.code, d.count]);
    expect(codes).toContainEqual(["removed-invisible-characters", 3]);
    expect(codes).toContainEqual(["removed-control-characters", 1]);
  });

  it("returns plain text as it is, apart from line endings", async () => {
    const text = "  一、总体要求\n\t序号\t任务\n\n（一）指导思想  ";
    const result = await ingest(strToU8(text.replace(/\n/g, "\r\n")), { filename: "a.txt" });
    expect(result.text).toBe(text);
    expect(result.facts).toEqual({});
  });
});
