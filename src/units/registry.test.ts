import { describe, expect, it } from "vitest";
import {
  DEFAULT_REGISTRY_DATA,
  RegistryError,
  UnitRegistry,
  cleanUnitName,
  defaultRegistry,
  mergeRegistry,
  validateRegistry,
} from "./index.js";

const registry = defaultRegistry();
const canonical = (name: string) => registry.resolve(name).canonicalName;

describe("level prefix and short names", () => {
  it.each([
    ["区发改委", "区发展改革委"],
    ["区发展改革委", "区发展改革委"],
    ["区发展和改革委员会", "区发展改革委"],
    ["市人社局", "市人力社保局"],
    ["县人力资源和社会保障局", "县人力社保局"],
    ["市人力资源社会保障局", "市人力社保局"],
    ["县住建局", "县住房城乡建委"],
    ["市市场监督管理局", "市市场监管局"],
    ["国家发展改革委", "国家发展改革委"],
    ["省卫健委", "省卫生健康委"],
    ["州民宗委", "州民族宗教委"],
    ["县医疗保障局", "县医保局"],
    ["区委宣传部", "区委宣传部"],
    ["县委统一战线工作部", "县委统战部"],
    ["团区委", "团区委"],
    ["团县委", "团县委"],
    ["乡人民政府", "乡政府"],
  ])("%s → %s", (written, expected) => {
    expect(canonical(written)).toBe(expected);
  });

  it("reads the level and keeps 市场监管局 whole (市 is not a prefix there)", () => {
    const bare = registry.resolve("市场监管局");
    expect(bare.canonicalName).toBe("市场监管局");
    expect(bare.level).toBeUndefined();
    const city = registry.resolve("市市场监管局");
    expect(city.level).toBe("市");
    expect(city.key).toBe("market-regulation");
  });

  it("drops the trailing 等 and whitespace of a list", () => {
    expect(cleanUnitName(" 区教委等 ")).toBe("区教委");
    expect(canonical("区教委等")).toBe("区教委");
  });
});

describe("institutional-reform renames", () => {
  it("a 2017 task of 区卫生计生委 belongs to today's 区卫生健康委", () => {
    const r = registry.resolve("区卫生计生委", { writtenYear: 2017 });
    expect(r.canonicalName).toBe("区卫生健康委");
    expect(r.key).toBe("health");
    expect(r.history).toEqual([{ from: "卫生计生委", to: "卫生健康委", year: 2018, relation: "renamed" }]);
    expect(r.staleAtWriting).toBe(false);
  });

  it.each([
    ["区扶贫办", "区乡村振兴局", 2021],
    ["市国土房管局", "市规划自然资源局", 2018],
    ["区环保局", "区生态环境局", 2018],
    ["市农委", "市农业农村委", 2018],
    ["市城乡建委", "市住房城乡建委", 2018],
    ["区文化委", "区文化旅游委", 2018],
    ["区旅游局", "区文化旅游委", 2018],
    ["市科委", "市科技局", 2018],
    ["市交委", "市交通局", 2018],
    ["市食品药品监管局", "市市场监管局", 2018],
    ["区工商分局", "区市场监管局", 2018],
    ["区质监局", "区市场监管局", 2018],
    ["县安监局", "县应急管理局", 2018],
    ["市国税局", "市税务局", 2018],
  ])("%s → %s (%i)", (written, expected, year) => {
    const r = registry.resolve(written);
    expect(r.canonicalName).toBe(expected);
    expect(r.history.map((h) => h.year)).toEqual([year]);
  });

  it("flags an old name used after the reform", () => {
    expect(registry.resolve("县卫生计生委", { writtenYear: 2020 }).staleAtWriting).toBe(true);
  });

  it("as of a year before the reform, the old name is still its own unit", () => {
    const r = registry.resolve("区卫生计生委", { asOfYear: 2017 });
    expect(r.canonicalName).toBe("区卫生计生委");
    expect(r.history).toEqual([]);
  });
});

describe("places, plates and collectives", () => {
  it("a place prefix that is the region's own becomes its level; another place is kept", () => {
    const wanzhou = UnitRegistry.create({ version: 1, places: { 万州区: "区", 重庆市: "市" } });
    expect(wanzhou.resolve("万州区人力资源和社会保障局").canonicalName).toBe("区人力社保局");
    expect(wanzhou.resolve("重庆市发展和改革委员会").canonicalName).toBe("市发展改革委");
    const other = wanzhou.resolve("彭水县教委");
    expect(other.canonicalName).toBe("彭水县教委");
    expect(other.place).toBe("彭水县");
    expect(other.level).toBe("县");
  });

  it("X（Y） is one body named by X", () => {
    expect(canonical("县委党校（县行政学校）")).toBe("县委党校");
    expect(canonical("市委统一战线工作部（市民族宗教事务局、市侨务局）")).toBe("市委统战部");
  });

  it.each([
    "各乡镇（街道）",
    "各乡镇(街道)",
    "各县（市、区）政府",
    "市级各有关部门",
    "市巩固脱贫攻坚推进乡村振兴领导小组成员单位",
    "相关扶贫帮扶集团",
  ])("%s is a collective", (name) => {
    const r = registry.resolve(name);
    expect(r.kind).toBe("collective");
    expect(r.resolved).toBe(true);
    expect(r.canonicalName).toBe(cleanUnitName(name));
  });

  it("normalises the brackets of a collective", () => {
    expect(canonical("各乡镇(街道)")).toBe("各乡镇（街道）");
  });

  it("names that match nothing come back unresolved, with the cleaned name", () => {
    for (const name of ["人行重庆营管部", "万州检疫检验局", "县工业园区管委会"]) {
      const r = registry.resolve(name);
      expect(r).toMatchObject({ resolved: false, kind: "unknown", canonicalName: name });
    }
  });
});

describe("region overrides", () => {
  it("a region can rename, add entries and chain a later reform", () => {
    const region = UnitRegistry.create({
      version: 1,
      entries: [
        { key: "education", name: "教育局" },
        { key: "industrial-park", name: "工业园区管委会", aliases: ["园区管委会"] },
        {
          key: "rural-revitalization",
          successor: { key: "agriculture-rural", year: 2024, relation: "plate" },
        },
      ],
    });
    expect(region.resolve("县教委").canonicalName).toBe("县教育局");
    expect(region.resolve("县工业园区管委会").canonicalName).toBe("县工业园区管委会");
    expect(region.resolve("县园区管委会").key).toBe("industrial-park");
    const poverty = region.resolve("县扶贫办");
    expect(poverty.canonicalName).toBe("县农业农村委");
    expect(poverty.history.map((h) => `${h.from}→${h.to}@${h.year}`)).toEqual([
      "扶贫办→乡村振兴局@2021",
      "乡村振兴局→农业农村委@2024",
    ]);
    expect(region.resolve("县扶贫办", { asOfYear: 2022 }).canonicalName).toBe("县乡村振兴局");
    // The default registry is untouched.
    expect(canonical("县扶贫办")).toBe("县乡村振兴局");
  });

  it("removeAliases takes a name away", () => {
    const region = UnitRegistry.create({ version: 1, removeAliases: ["水务局"] });
    expect(region.resolve("区水务局").resolved).toBe(false);
    expect(region.resolve("区水利局").resolved).toBe(true);
  });

  it("rejects an override that gives one name to two entries or a missing successor", () => {
    expect(() => UnitRegistry.create({ version: 1, entries: [{ key: "x", name: "发改委" }] })).toThrow(
      RegistryError,
    );
    expect(() =>
      UnitRegistry.create({
        version: 1,
        entries: [{ key: "health", successor: { key: "nope", year: 2030, relation: "merged" } }],
      }),
    ).toThrow(/不存在/);
  });

  it("the shipped data is consistent", () => {
    expect(validateRegistry(DEFAULT_REGISTRY_DATA)).toEqual([]);
    expect(mergeRegistry(DEFAULT_REGISTRY_DATA).entries.length).toBe(DEFAULT_REGISTRY_DATA.entries.length);
  });
});
