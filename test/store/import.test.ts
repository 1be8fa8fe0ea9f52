import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  analyzesAfter,
  importDocument,
  importFiles,
  ImportError,
  type ImportContext,
  type Parser,
} from "../../src/import/index.js";
import { DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_MS } from "../../src/ingest/index.js";
import { createImportReaders, createWorkerParser, type ParseRunner } from "../../src/server/parse-runner.js";
import { parse, PARSER_VERSION } from "../../src/parse/index.js";
import { TABLES_IN_DEPENDENCY_ORDER, type Database } from "../../src/store/index.js";
import type { Kysely } from "kysely";
import { backends, CORPUS, corpusBytes, corpusFiles, openTestStore, type TestStore } from "./helpers.js";

const F000 = "000_7da39ae6e9dbf923.txt";
const F001 = "001_074c1061270704e5.txt";

async function counts(db: Kysely<Database>, regionId?: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES_IN_DEPENDENCY_ORDER) {
    let q = db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n"));
    if (regionId) q = q.where("region_id", "=", regionId);
    out[table] = Number((await q.executeTakeFirstOrThrow()).n);
  }
  return out;
}

describe.each(backends)("import on %s", (backend) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(backend);
  });
  afterAll(async () => {
    await store?.dispose();
  });

  it("imports the corpus folder; a second import of it changes nothing", async () => {
    const first = await importFiles(store.db, [CORPUS], { regionId: "corpus" });
    // README.md in the folder is not a document and is skipped by the folder scan.
    expect(first.outcomes.map((o) => o.path.split("/").at(-1))).toEqual(corpusFiles());
    expect(first).toMatchObject({ imported: 5, duplicates: 0, failed: 0, reparsed: 0 });
    const once = await counts(store.db, "corpus");
    expect(once.documents).toBe(5);

    const second = await importFiles(store.db, [CORPUS], { regionId: "corpus" });
    expect(second).toMatchObject({ imported: 0, duplicates: 5, failed: 0 });
    expect(await counts(store.db, "corpus")).toEqual(once);
  });

  it("stores what the parser found, with the original bytes and their SHA-256", async () => {
    for (const name of corpusFiles()) {
      const bytes = corpusBytes(name);
      const doc = await store.db
        .selectFrom("documents")
        .selectAll()
        .where("region_id", "=", "corpus")
        .where("filename", "=", name)
        .executeTakeFirstOrThrow();
      expect(Buffer.from(doc.original).equals(Buffer.from(bytes))).toBe(true);
      expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(doc.parser_version).toBe(PARSER_VERSION);
      expect(doc.media_type).toBe("text/plain");
      const parsed = parse(doc.text).document;
      const tasks = await store.db
        .selectFrom("tasks")
        .select(["text", "span_start", "span_end"])
        .where("document_id", "=", doc.id)
        .orderBy("seq")
        .execute();
      expect(tasks.map((t) => t.text)).toEqual(parsed.tasks.map((t) => t.text));
      for (const t of tasks) expect(doc.text.slice(t.span_start, t.span_end)).toBe(t.text);
    }
  });

  it("001 has 29 task clauses; 区卫生计生委 resolves to today's 区卫生健康委", async () => {
    const doc = await store.db
      .selectFrom("documents")
      .select(["id", "doc_number", "year"])
      .where("region_id", "=", "corpus")
      .where("filename", "=", F001)
      .executeTakeFirstOrThrow();
    expect(doc).toMatchObject({ doc_number: "万州府办发〔2017〕83号", year: 2017 });
    const n = await store.db
      .selectFrom("tasks")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("document_id", "=", doc.id)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(29);
    const health = await store.db
      .selectFrom("assignments as a")
      .innerJoin("units as u", "u.id", "a.unit_id")
      .select(["a.unit_name", "u.canonical_name", "u.aliases", "a.resolution"])
      .where("a.document_id", "=", doc.id)
      .where("a.unit_name", "=", "区卫生计生委")
      .execute();
    expect(health).toHaveLength(5);
    expect(new Set(health.map((h) => h.canonical_name))).toEqual(new Set(["区卫生健康委"]));
    expect(health[0]!.aliases).toContain("区卫生计生委");
    expect(health[0]!.resolution).toMatchObject({
      history: [{ from: "卫生计生委", to: "卫生健康委", year: 2018, relation: "renamed" }],
      staleAtWriting: false,
    });
  });

  it("resolves 001's citation of 渝府办发〔2017〕54号 to the Chongqing notice (000)", async () => {
    const rows = await store.db
      .selectFrom("citations as c")
      .innerJoin("documents as s", "s.id", "c.document_id")
      .leftJoin("documents as d", "d.id", "c.cited_document_id")
      .select(["c.doc_number", "c.resolved_by", "d.filename as cited"])
      .where("s.filename", "=", F001)
      .where("c.region_id", "=", "corpus")
      .execute();
    expect(rows).toContainEqual({
      doc_number: "渝府办发〔2017〕54号",
      resolved_by: "doc_number",
      cited: F000,
    });
  });

  it("re-resolves an open citation when the cited document arrives later", async () => {
    const r1 = await importDocument(store.db, { bytes: corpusBytes(F001), filename: F001, regionId: "late" });
    expect(r1.status).toBe("imported");
    const open = await store.db
      .selectFrom("citations")
      .select(["cited_document_id"])
      .where("region_id", "=", "late")
      .where("doc_number", "=", "渝府办发〔2017〕54号")
      .executeTakeFirstOrThrow();
    expect(open.cited_document_id).toBeNull();
    const r0 = await importDocument(store.db, { bytes: corpusBytes(F000), filename: F000, regionId: "late" });
    const resolved = await store.db
      .selectFrom("citations")
      .select(["cited_document_id", "resolved_by"])
      .where("region_id", "=", "late")
      .where("doc_number", "=", "渝府办发〔2017〕54号")
      .executeTakeFirstOrThrow();
    expect(resolved).toEqual({ cited_document_id: r0.documentId, resolved_by: "doc_number" });
  });

  it("resolves the citation between two documents imported at the same moment", async () => {
    for (const region of ["together-1", "together-2"]) {
      // Hold 000's transaction open until 001's has resolved its citations too (or 1 s passed:
      // with the citation lock, 001 waits for 000 and never gets there first).
      let signal!: () => void;
      const reached = new Promise<void>((resolve) => (signal = resolve));
      const [r0] = await Promise.all([
        importDocument(
          store.db,
          { bytes: corpusBytes(F000), filename: F000, regionId: region },
          { beforeCommit: () => Promise.race([reached, new Promise<void>((r) => setTimeout(r, 1000))]) },
        ),
        importDocument(
          store.db,
          { bytes: corpusBytes(F001), filename: F001, regionId: region },
          { beforeCommit: async () => signal() },
        ),
      ]);
      const link = await store.db
        .selectFrom("citations")
        .select(["cited_document_id"])
        .where("region_id", "=", region)
        .where("doc_number", "=", "渝府办发〔2017〕54号")
        .executeTakeFirstOrThrow();
      expect(link.cited_document_id).toBe(r0.documentId);
    }
  });

  it("keeps regions apart: the same bytes in another region is a new document", async () => {
    const r = await importDocument(store.db, {
      bytes: corpusBytes(F000),
      filename: "copy.txt",
      regionId: "other",
    });
    expect(r.status).toBe("imported");
    const dup = await importDocument(store.db, {
      bytes: corpusBytes(F000),
      filename: "renamed.txt",
      regionId: "other",
    });
    expect(dup).toMatchObject({ status: "duplicate", documentId: r.documentId, filename: "copy.txt" });
  });

  it("imports the same bytes concurrently exactly once", async () => {
    const bytes = corpusBytes("002_4c99bfed024a4884.txt");
    const results = await Promise.all([
      importDocument(store.db, { bytes, filename: "a.txt", regionId: "race" }),
      importDocument(store.db, { bytes, filename: "b.txt", regionId: "race" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["duplicate", "imported"]);
    expect((await counts(store.db, "race")).documents).toBe(1);
  });

  it("a failure inside the transaction leaves nothing of the document", async () => {
    const before = await counts(store.db);
    await expect(
      importDocument(
        store.db,
        { bytes: corpusBytes(F001), filename: F001, regionId: "rollback" },
        {
          beforeCommit: async (trx, documentId) => {
            const n = await trx
              .selectFrom("tasks")
              .select((eb) => eb.fn.countAll<number>().as("n"))
              .where("document_id", "=", documentId)
              .executeTakeFirstOrThrow();
            expect(Number(n.n)).toBe(29); // the rows were written …
            throw new Error("disk full");
          },
        },
      ),
    ).rejects.toMatchObject({ code: "IMPORT_STORE_FAILED" });
    const after = await counts(store.db);
    // … and rolled back: only the (empty) region row exists.
    expect(after).toEqual({ ...before, regions: before.regions! + 1 });
  });

  it("reports input ingest refuses, with its reason, and writes nothing", async () => {
    const error = await importDocument(store.db, {
      bytes: new TextEncoder().encode("not a pdf at all"),
      filename: "scan.pdf",
      regionId: "bad",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ code: "INGEST_NOT_PDF" });
    expect((error as ImportError).messageZh).toContain("PDF");
    const summary = await importFiles(store.db, ["/nonexistent/folder"], { regionId: "bad" });
    expect(summary.failed).toBe(1);
    expect(summary.outcomes[0]).toMatchObject({
      ok: false,
      code: "IMPORT_READ_FAILED",
      messageZh: "文件或目录不存在",
    });
    expect((await counts(store.db, "bad")).documents).toBe(0);
  });

  it("a parser exception fails that document only, with its reason", async () => {
    const broken: Parser = {
      version: "broken",
      parse: () => {
        throw new RangeError("offset out of range");
      },
    };
    const error = await importDocument(
      store.db,
      { bytes: corpusBytes(F001), filename: F001, regionId: "broken" },
      { parser: broken },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "IMPORT_PARSE_FAILED", messageZh: "解析出错：offset out of range" });
    const summary = await importFiles(store.db, [CORPUS], { regionId: "broken", parser: broken });
    expect(summary).toMatchObject({ imported: 0, failed: 5 });
    expect((await counts(store.db, "broken")).documents).toBe(0);
  });
});

describe.each(backends)("import through worker threads on %s", (backend) => {
  let store: TestStore;
  let readers: ParseRunner;
  const read: ImportContext["read"] = (bytes, options) =>
    readers.run({ bytes, ...options, maxBytes: DEFAULT_MAX_BYTES, timeoutMs: DEFAULT_TIMEOUT_MS });
  beforeAll(async () => {
    store = await openTestStore(backend);
    readers = createWorkerParser({ timeoutMs: 60_000, maxOldGenerationMb: 512, concurrency: 2, queue: 8 });
  });
  afterAll(async () => {
    await readers?.close();
    await store?.dispose();
  });

  /** Every task's key, text, units and search vector in a region, in document and task order. */
  async function taskRows(regionId: string) {
    const rows = await sql<{ filename: string; task_key: string; text: string; units: string; tsv: string }>`
      SELECT d.filename, t.task_key, t.text, t.unit_ids::text AS units, t.tsv::text AS tsv
      FROM tasks t JOIN documents d ON d.region_id = t.region_id AND d.id = t.document_id
      WHERE t.region_id = ${regionId} ORDER BY d.filename, t.seq`.execute(store.db);
    return rows.rows;
  }

  it("stores the same rows and search vectors as reading in this thread", async () => {
    const inline = await importFiles(store.db, [CORPUS], { regionId: "inline", concurrency: 2 });
    const pooled = await importFiles(store.db, [CORPUS], { regionId: "pooled", concurrency: 3, read });
    expect(inline).toMatchObject({ imported: 5, failed: 0 });
    expect(pooled).toMatchObject({ imported: 5, failed: 0 });
    const a = await counts(store.db, "inline");
    const b = await counts(store.db, "pooled");
    expect(b).toEqual(a);
    const inlineTasks = await taskRows("inline");
    const pooledTasks = await taskRows("pooled");
    expect(pooledTasks.length).toBe(a.tasks);
    // Units are region rows with their own ids; everything else is equal, vectors included.
    const withoutUnits = (rows: typeof inlineTasks) =>
      rows.map((r) => ({ ...r, units: undefined, tsv: r.tsv.replace(/'unit@[0-9a-f]{32}'/g, "'unit@'") }));
    expect(withoutUnits(pooledTasks)).toEqual(withoutUnits(inlineTasks));
    const docVectors = async (regionId: string) =>
      (
        await sql<{
          tsv: string;
        }>`SELECT tsv::text AS tsv FROM documents WHERE region_id = ${regionId} ORDER BY filename`.execute(
          store.db,
        )
      ).rows.map((r) => r.tsv);
    expect(await docVectors("pooled")).toEqual(await docVectors("inline"));
  });

  it("a batch import reads in worker threads only where there are cores to spare", async () => {
    expect(createImportReaders(4, 2)).toBeUndefined();
    const readers4 = createImportReaders(4, 4);
    expect(readers4).toBeDefined();
    const out = await readers4!.read(corpusBytes(F001), { filename: F001 });
    expect(out.parsed.document.tasks.length).toBe(29);
    expect(out.vectors?.taskTokens.length).toBe(29);
    await readers4!.close();
  });

  it("a file the worker refuses fails with ingest's reason, and writes nothing", async () => {
    const error = await importDocument(
      store.db,
      { bytes: new TextEncoder().encode("not a pdf at all"), filename: "scan.pdf", regionId: "bad-pool" },
      { read },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ code: "INGEST_NOT_PDF" });
    expect((error as ImportError).messageZh).toContain("PDF");
    expect((await counts(store.db, "bad-pool")).documents).toBe(0);
  });

  it("keeps each task's unit lexemes equal to its units when the units change", async () => {
    const lexemes = (tsv: string) => [...tsv.matchAll(/'unit@([0-9a-f]{32})'/g)].map((m) => m[1]!).sort();
    const hex = (ids: string) =>
      ids
        .replace(/[{}]/g, "")
        .split(",")
        .filter(Boolean)
        .map((id) => id.replace(/-/g, ""))
        .sort();
    const rows = await taskRows("pooled");
    expect(rows.some((r) => hex(r.units).length > 0)).toBe(true);
    for (const r of rows) expect(lexemes(r.tsv)).toEqual(hex(r.units));
    // A task that loses its units loses their lexemes, and a re-derived vector gets them back.
    const one = await store.db
      .selectFrom("tasks")
      .select(["id", "unit_ids"])
      .where("region_id", "=", "pooled")
      .where(sql<boolean>`cardinality(unit_ids) > 1`)
      .executeTakeFirstOrThrow();
    await store.db
      .updateTable("tasks")
      .set({ unit_ids: [one.unit_ids[0]!] })
      .where("region_id", "=", "pooled")
      .where("id", "=", one.id)
      .execute();
    const after = await sql<{
      tsv: string;
    }>`SELECT tsv::text AS tsv FROM tasks WHERE region_id = 'pooled' AND id = ${one.id}`.execute(store.db);
    expect(lexemes(after.rows[0]!.tsv)).toEqual([one.unit_ids[0]!.replace(/-/g, "")]);
    await sql`UPDATE tasks SET tsv = ''::tsvector WHERE region_id = 'pooled' AND id = ${one.id}`.execute(
      store.db,
    );
    const emptied = await sql<{
      tsv: string;
    }>`SELECT tsv::text AS tsv FROM tasks WHERE region_id = 'pooled' AND id = ${one.id}`.execute(store.db);
    expect(emptied.rows[0]!.tsv).toBe(`'unit@${one.unit_ids[0]!.replace(/-/g, "")}'`);
  });
});

describe.each(backends)("re-import after a parser upgrade on %s", (backend) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(backend);
  });
  afterAll(async () => {
    await store?.dispose();
  });

  /** An "upgraded" parser: one word of the first task edited, the last task dropped, one task added. */
  const upgraded: Parser = {
    version: "9.9.9-test",
    parse(text, options) {
      const result = parse(text, options);
      const tasks = result.document.tasks;
      const first = tasks[0]!;
      first.text = first.text.replace("分类施策", "精准施策");
      const last = tasks.pop()!;
      tasks.push({
        ...last,
        id: "t-new",
        text: "新增一项：建立少数民族乡发展监测评估机制。",
        path: ["三、保障措施"],
      });
      return { ...result, document: { ...result.document, parserVersion: "9.9.9-test", tasks } };
    },
  };

  it("keeps task ids, retires what vanished, adds what is new, and never deletes a task", async () => {
    const bytes = corpusBytes(F001);
    const input = { bytes, filename: F001, regionId: "wz" };
    const first = await importDocument(store.db, input);
    expect(first.status).toBe("imported");
    const original = await store.db
      .selectFrom("tasks")
      .select(["id", "seq", "text"])
      .where("document_id", "=", first.documentId)
      .orderBy("seq")
      .execute();
    expect(original).toHaveLength(29);
    // Something that hangs off every task, as reports do: deleting a task would fail.
    await sql`CREATE TABLE task_followups (region_id text, task_id uuid, FOREIGN KEY (region_id, task_id) REFERENCES tasks (region_id, id))`.execute(
      store.db,
    );
    await sql`INSERT INTO task_followups SELECT region_id, id FROM tasks`.execute(store.db);

    const second = await importDocument(store.db, input, { parser: upgraded });
    expect(second).toMatchObject({
      status: "reparsed",
      documentId: first.documentId,
      tasks: { kept: 28, added: 1, retired: 1 },
    });
    const after = await store.db
      .selectFrom("tasks")
      .select(["id", "seq", "text", "status"])
      .where("document_id", "=", first.documentId)
      .execute();
    const byId = new Map(after.map((t) => [t.id, t]));
    // The edited task kept its id and has the new text.
    expect(byId.get(original[0]!.id)).toMatchObject({
      status: "active",
      text: expect.stringContaining("精准施策"),
    });
    for (const t of original.slice(1, 28))
      expect(byId.get(t.id)).toMatchObject({ status: "active", text: t.text });
    expect(byId.get(original[28]!.id)!.status).toBe("retired");
    expect(after.filter((t) => t.status === "active")).toHaveLength(29);
    const doc = await store.db
      .selectFrom("documents")
      .select(["parser_version"])
      .where("id", "=", first.documentId)
      .executeTakeFirstOrThrow();
    expect(doc.parser_version).toBe("9.9.9-test");
    // Assignments were re-derived, one set per active task.
    const assigned = await sql<{ n: number }>`
      SELECT count(DISTINCT a.task_id)::int AS n FROM assignments a JOIN tasks t ON t.id = a.task_id
      WHERE t.status = 'retired'`.execute(store.db);
    expect(assigned.rows[0]!.n).toBe(0);

    // The same parser again is a duplicate; going back to the current parser revives the retired task.
    expect((await importDocument(store.db, input, { parser: upgraded })).status).toBe("duplicate");
    const third = await importDocument(store.db, input);
    expect(third).toMatchObject({ status: "reparsed", tasks: { kept: 29, added: 0, retired: 1 } });
    const final = await store.db
      .selectFrom("tasks")
      .select(["id", "status"])
      .where("document_id", "=", first.documentId)
      .where("status", "=", "active")
      .execute();
    expect(new Set(final.map((t) => t.id))).toEqual(new Set(original.map((t) => t.id)));
    const followups = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM task_followups r JOIN tasks t ON t.id = r.task_id`.execute(store.db);
    expect(followups.rows[0]!.n).toBe(29);
  });
});

describe("planner statistics during a long import", () => {
  it("are refreshed after imports 1, 10 and 50, then at 250 and each doubling", () => {
    const at: number[] = [];
    for (let n = 1; n <= 20_000; n++) if (analyzesAfter(n)) at.push(n);
    expect(at).toEqual([1, 10, 50, 250, 500, 1000, 2000, 4000, 8000, 16_000]);
  });
});
