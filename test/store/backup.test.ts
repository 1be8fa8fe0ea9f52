import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importDocument, importFiles } from "../../src/import/index.js";
import { parse } from "../../src/parse/index.js";
import { appendAuditAlone } from "../../src/server/audit/log.js";
import {
  backupStore,
  digestTables,
  LATEST_SCHEMA_VERSION,
  restoreStore,
  search,
  setRegistryOverride,
  TABLES_IN_DEPENDENCY_ORDER,
  wipe,
  type TableDigest,
  type TableName,
} from "../../src/store/index.js";
import { backends, CORPUS, corpusBytes, openTestStore, type TestStore } from "./helpers.js";
import { seedReporting } from "../track/seed.js";

const dir = mkdtempSync(join(tmpdir(), "luoshi-backup-"));

/** Every table gets rows: two regions, an override, a re-parsed document with a retired task, a user, an audit row. */
async function seed(store: TestStore): Promise<void> {
  await seedAccounts(store);
  await importFiles(store.db, [CORPUS], { regionId: "wz" });
  await importDocument(store.db, {
    bytes: corpusBytes("001_074c1061270704e5.txt"),
    filename: "x.txt",
    regionId: "other",
  });
  await setRegistryOverride(store.db, "wz", {
    version: 1,
    entries: [{ key: "customs-inspection", name: "检疫检验局" }],
  });
  await importDocument(
    store.db,
    { bytes: corpusBytes("002_4c99bfed024a4884.txt"), filename: "002.txt", regionId: "wz" },
    {
      parser: {
        version: "0.0.1-old",
        parse: (text, options) => {
          const result = parse(text, options);
          result.document.tasks.pop();
          return result;
        },
      },
    },
  );
  await seedReporting(store.db, "wz");
}

async function seedAccounts(store: TestStore): Promise<void> {
  await store.db.insertInto("regions").values({ region_id: "wz", name: "万州", level: null }).execute();
  const at = new Date("2025-03-01T01:02:03.456Z");
  await store.db
    .insertInto("users")
    .values({
      region_id: "wz",
      id: "00000000-0000-4000-8000-0000000000a1",
      username: "Admin",
      username_norm: "admin",
      display_name: "管理员",
      role: "system_admin",
      unit_id: null,
      password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
      password_changed_at: at,
      mfa_required: null,
      totp_secret: null,
      totp_pending_secret: null,
      totp_last_step: null,
      disabled_at: null,
      last_login_at: null,
    })
    .execute();
  await appendAuditAlone(store.db, {
    at,
    regionId: "wz",
    actorId: null,
    actorName: "system",
    unitId: null,
    ip: null,
    action: "user.create",
    objectType: "user",
    objectId: "00000000-0000-4000-8000-0000000000a1",
    outcome: "success",
    before: null,
    after: { username: "Admin", role: "system_admin" },
    detail: null,
    requestId: null,
  });
}

describe.each(backends)("backup from %s, restore into both backends", (source) => {
  let store: TestStore;
  let before: Record<TableName, TableDigest>;
  const file = join(dir, `${source}.jsonl.gz`);

  beforeAll(async () => {
    store = await openTestStore(source);
    await seed(store);
    before = await digestTables(store.db);
  });
  afterAll(async () => {
    await store?.dispose();
  });

  it("the seed fills every table", () => {
    for (const table of TABLES_IN_DEPENDENCY_ORDER) expect(before[table].rows, table).toBeGreaterThan(0);
  });

  it("writes a gzip'd JSON-lines file with header, tables in dependency order and a trailer", async () => {
    const result = await backupStore(store.db, file, source);
    const lines = gunzipSync(readFileSync(file))
      .toString("utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({
      type: "header",
      format: "luoshi-backup",
      formatVersion: 1,
      schemaVersion: LATEST_SCHEMA_VERSION,
      source,
    });
    expect(lines.filter((l) => l.type === "table").map((l) => l.name)).toEqual([
      ...TABLES_IN_DEPENDENCY_ORDER,
    ]);
    expect(lines.at(-1)).toMatchObject({ type: "trailer", tables: result.tables });
    for (const table of TABLES_IN_DEPENDENCY_ORDER) expect(result.tables[table]).toBe(before[table].rows);
    // bytea as base64: the first document's original is the corpus file.
    const docs = lines.find((l) => l.type === "table" && l.name === "documents") as {
      columns: { name: string; type: string }[];
    };
    const originalAt = docs.columns.findIndex((c) => c.name === "original");
    const tsvAt = docs.columns.findIndex((c) => c.name === "tsv");
    expect(docs.columns[tsvAt]!.type).toBe("tsvector");
    const filenameAt = docs.columns.findIndex((c) => c.name === "filename");
    const docRows = lines
      .slice(lines.indexOf(docs as Record<string, unknown>) + 1)
      .filter((l) => l.type === "row") as { v: string[] }[];
    const firstDoc = docRows.find((r) => r.v[filenameAt] === "001_074c1061270704e5.txt")!;
    expect(
      Buffer.from(firstDoc.v[originalAt]!, "base64").equals(
        Buffer.from(corpusBytes("001_074c1061270704e5.txt")),
      ),
    ).toBe(true);
    // tsvector as its text: restore needs no segmentation.
    expect(firstDoc.v[tsvAt]).toMatch(/^'[^']+':\d/);
  });

  it("wipes, then restores into its own backend with identical tables", async () => {
    await wipe(store.db);
    for (const d of Object.values(await digestTables(store.db))) expect(d.rows).toBe(0);
    await restoreStore(store.db, file);
    expect(await digestTables(store.db)).toEqual(before);
  });

  it.each(backends)(
    "restores into a fresh %s with identical tables, and search works there",
    async (target) => {
      const fresh = await openTestStore(target);
      try {
        const result = await restoreStore(fresh.db, file);
        expect(result.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
        expect(await digestTables(fresh.db)).toEqual(before);
        const hits = await search(fresh.db, { regionId: "wz", query: "民族团结", kinds: ["task"] });
        expect(hits.hits.length).toBeGreaterThan(0);
        // A second restore into the now non-empty store is refused; --replace loads it again.
        await expect(restoreStore(fresh.db, file)).rejects.toMatchObject({ code: "RESTORE_NOT_EMPTY" });
        await restoreStore(fresh.db, file, { replace: true });
        expect(await digestTables(fresh.db)).toEqual(before);
      } finally {
        await fresh.dispose();
      }
    },
  );

  it("refuses a damaged or truncated file and leaves the target untouched", async () => {
    const text = gunzipSync(readFileSync(file)).toString("utf8");
    const lines = text.trim().split("\n");
    const tampered = join(dir, `${source}-tampered.jsonl.gz`);
    const rowAt = lines.findIndex((l) => l.startsWith('{"type":"row"') && l.includes("区发展改革委"));
    lines[rowAt] = lines[rowAt]!.replace("区发展改革委", "区发展改革局");
    writeFileSync(tampered, gzipSync(`${lines.join("\n")}\n`));
    const truncated = join(dir, `${source}-truncated.jsonl.gz`);
    writeFileSync(truncated, gzipSync(`${text.trim().split("\n").slice(0, 40).join("\n")}\n`));
    const fresh = await openTestStore(source);
    try {
      await expect(restoreStore(fresh.db, tampered)).rejects.toMatchObject({ code: "BACKUP_INVALID" });
      await expect(restoreStore(fresh.db, truncated)).rejects.toMatchObject({ code: "BACKUP_INVALID" });
      await expect(restoreStore(fresh.db, join(dir, "missing.gz"))).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
      for (const d of Object.values(await digestTables(fresh.db))) expect(d.rows).toBe(0);
    } finally {
      await fresh.dispose();
    }
  });
});
