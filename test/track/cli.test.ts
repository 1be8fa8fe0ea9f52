/**
 * The supervisor's part at the command line, on both backends: open 2024 for the Wanzhou notice,
 * see who owes what and the rates, send reminders, write the three spreadsheets, close the year.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPeriods } from "../../src/cli/commands/periods.js";
import { runReports } from "../../src/cli/commands/reports.js";
import { runSupervision } from "../../src/cli/commands/supervision.js";
import { importDocument } from "../../src/import/index.js";
import { ensureRegion, openStore } from "../../src/store/index.js";
import { backends, freshSchema, PG_URL } from "../store/helpers.js";
import { WANZHOU } from "./helpers.js";

async function run(
  command: (args: string[], out: NodeJS.WritableStream) => Promise<number>,
  args: string[],
): Promise<string> {
  const out = new PassThrough();
  let text = "";
  out.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
  expect(await command(args, out)).toBe(0);
  return text;
}

describe.each(backends)("luoshi periods / reports / supervision on %s", (backend) => {
  const saved = { ...process.env };
  const dir = mkdtempSync(join(tmpdir(), "luoshi-track-cli-"));
  let periodId = "";

  beforeAll(async () => {
    delete process.env.DATABASE_URL;
    process.env.LUOSHI_REGION = "wz";
    if (backend === "postgres") {
      process.env.DATABASE_URL = PG_URL;
      process.env.LUOSHI_DB_SCHEMA = freshSchema();
    } else process.env.LUOSHI_DATA_DIR = join(dir, "data");
    const store = await openStore({});
    await ensureRegion(store.db, "wz");
    await importDocument(store.db, {
      bytes: new TextEncoder().encode(WANZHOU),
      filename: "001.txt",
      regionId: "wz",
    });
    await store.close();
  });
  afterAll(async () => {
    if (backend === "postgres") {
      const store = await openStore({ migrate: false });
      await store.db.schema.dropSchema(process.env.LUOSHI_DB_SCHEMA!).cascade().execute();
      await store.close();
    }
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it("proposes and opens 2024, then lists who owes what", async () => {
    const proposal = await run(runPeriods, ["propose", "--doc", "万州府办发〔2017〕83号", "--year", "2024"]);
    expect(proposal).toMatch(/^2024年度 {2}2024-01-01 — 2024-12-31 {2}截止 2024-12-31 {2}依据：.*每年底/);
    const opened = JSON.parse(
      await run(runPeriods, ["open", "--doc", "万州府办发〔2017〕83号", "--year", "2024", "--json"]),
    ) as { created: { id: string; label: string }[] };
    expect(opened.created.map((p) => p.label)).toEqual(["2024年度"]);
    periodId = opened.created[0]!.id;
    const expected = await run(runSupervision, ["expected", "--period", periodId, "--unit", "区民政局"]);
    // 区民政局: lead on 2 tasks, co on 4 (see cycle.test.ts).
    expect(expected.split("\n")[0]).toBe("2024年度（截止 2024-12-31）应报 6 份");
    expect(expected.match(/（牵头）/g)).toHaveLength(2);
  });

  it("rates before anyone reported: 区民政局 6 expected, 0 in", async () => {
    const rates = JSON.parse(await run(runSupervision, ["rates", "--period", periodId, "--json"])) as {
      units: { unitName: string; expected: number; submitted: number; rate: number }[];
    };
    expect(rates.units.find((u) => u.unitName === "区民政局")).toMatchObject({
      expected: 6,
      submitted: 0,
      rate: 0,
    });
    expect(await run(runReports, ["list", "--period", periodId])).toBe("2024年度：已有报告 0 份\n");
  });

  it("region-wide rates for 2024 and a unit; indicator responsibility set from the command line", async () => {
    // One document with one period in 2024: the region view of 区民政局 is its 6 expected reports.
    const region = JSON.parse(
      await run(runSupervision, ["rates", "--year", "2024", "--unit", "区民政局", "--json"]),
    ) as {
      periods: number;
      documents: number;
      units: { unitName: string; expected: number; submitted: number }[];
    };
    expect([region.periods, region.documents]).toEqual([1, 1]);
    expect(region.units).toMatchObject([{ unitName: "区民政局", expected: 6, submitted: 0 }]);
    expect(await run(runSupervision, ["rates", "--from", "2025-01-01", "--to", "2025-12-31"])).toContain(
      "0 个文件、0 个报送周期",
    );
    const store = await openStore({});
    const indicator = await store.db
      .selectFrom("indicators")
      .select("id")
      .where("region_id", "=", "wz")
      .executeTakeFirst();
    await store.close();
    // The notice has indicators (5 by the parser); the first gets 区民政局 as its lead unit.
    expect(indicator).toBeDefined();
    const set = await run(runSupervision, [
      "indicator-units",
      "--indicator",
      indicator!.id,
      "--set",
      "区民政局",
    ]);
    expect(set.split("\n")[0]).toBe("责任单位：区民政局（牵头）");
  });

  it("writes the three spreadsheets and closes the year", async () => {
    for (const what of ["tasks", "ledger", "indicators"]) {
      const file = join(dir, `${what}.xlsx`);
      expect(await run(runSupervision, ["export", what, "--period", periodId, "--out", file])).toMatch(
        /^已写入/,
      );
      expect([...readFileSync(file).subarray(0, 2)]).toEqual([0x50, 0x4b]);
    }
    expect(await run(runPeriods, ["close", periodId])).toBe("已关闭 2024年度，锁定已审核报告 0 份\n");
    expect(await run(runPeriods, ["list"])).toContain("已关闭");
  });
});
