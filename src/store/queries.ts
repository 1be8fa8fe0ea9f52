import { sql, type Kysely } from "kysely";
import { cleanUnitName, type UnitRegistry } from "../units/index.js";
import { StoreError } from "./errors.js";
import { normalizeDocNumber } from "./normalize.js";
import { loadRegistry } from "./regions.js";
import type { Database } from "./schema.js";

type Db = Kysely<Database>;

/** Which unit a query asked for, and what the registry made of it. */
export interface UnitQuery {
  /** The name as the user typed it. */
  query: string;
  /** The canonical name it resolved to (or the cleaned name when it did not resolve). */
  canonicalName: string;
  resolved: boolean;
  /** The unit row, when some assignment already points at it. */
  unitId: string | null;
}

/** Resolves a unit name typed by a user the same way assignments are resolved at import. */
export async function resolveUnitQuery(
  db: Db,
  regionId: string,
  name: string,
  registry?: UnitRegistry,
): Promise<UnitQuery> {
  const reg = registry ?? (await loadRegistry(db, regionId));
  const resolved = reg.resolve(name);
  let unitId: string | null = null;
  if (resolved.resolved) {
    const row = await db
      .selectFrom("units")
      .select("id")
      .where("region_id", "=", regionId)
      .where("canonical_name", "=", resolved.canonicalName)
      .executeTakeFirst();
    unitId = row?.id ?? null;
  }
  return { query: name, canonicalName: resolved.canonicalName, resolved: resolved.resolved, unitId };
}

/** A task a unit leads or works on. */
export interface UnitTask {
  taskId: string;
  documentId: string;
  documentTitle: string | null;
  docNumber: string | null;
  year: number | null;
  seq: number;
  headingPath: string[];
  text: string;
  deadline: string | null;
  /** `lead` wins when the unit is named twice in one clause. */
  role: "lead" | "co";
  /** The unit name as the document wrote it. */
  writtenAs: string;
}

/**
 * Every active task of a unit across all documents of the region, lead and co, newest document
 * first. The unit is resolved through the registry, so 区发改委 finds 区发展改革委's tasks and
 * 区卫生健康委 finds those assigned to 区卫生计生委 in 2017. A name that resolves to nothing is
 * matched against unresolved assignments as written.
 */
export async function tasksOfUnit(
  db: Db,
  options: { regionId: string; unit: string; role?: "lead" | "co"; registry?: UnitRegistry },
): Promise<{ unit: UnitQuery; tasks: UnitTask[] }> {
  const unit = await resolveUnitQuery(db, options.regionId, options.unit, options.registry);
  if (unit.resolved && !unit.unitId) return { unit, tasks: [] };
  const written = cleanUnitName(options.unit);
  let query = db
    .selectFrom("assignments as a")
    .innerJoin("tasks as t", (j) =>
      j.onRef("t.region_id", "=", "a.region_id").onRef("t.id", "=", "a.task_id"),
    )
    .innerJoin("documents as d", (j) =>
      j.onRef("d.region_id", "=", "t.region_id").onRef("d.id", "=", "t.document_id"),
    )
    .select([
      "t.id as taskId",
      "t.document_id as documentId",
      "d.title as documentTitle",
      "d.doc_number as docNumber",
      "d.year",
      "t.seq",
      "t.heading_path as headingPath",
      "t.text",
      "t.deadline",
      "a.role",
      "a.unit_name as writtenAs",
    ])
    .where("a.region_id", "=", options.regionId)
    .where("t.status", "=", "active");
  query = unit.unitId
    ? query.where("a.unit_id", "=", unit.unitId)
    : query.where("a.unit_id", "is", null).where("a.unit_name", "=", written);
  if (options.role) query = query.where("a.role", "=", options.role);
  const rows = await query
    .orderBy(sql`d.year DESC NULLS LAST`)
    .orderBy("d.imported_at")
    .orderBy("t.seq")
    .orderBy("a.role", "desc") // 'lead' > 'co', so lead comes first and wins below
    .execute();
  const byTask = new Map<string, UnitTask>();
  for (const row of rows) {
    const existing = byTask.get(row.taskId);
    if (existing) {
      if (row.role === "lead") existing.role = "lead";
      continue;
    }
    byTask.set(row.taskId, { ...row, headingPath: row.headingPath });
  }
  return { unit, tasks: [...byTask.values()] };
}

/** One column of a responsibility matrix: a unit, resolved or as written. */
export interface MatrixUnit {
  /** `unitId`, or `name:` + the written name for an unresolved one. */
  key: string;
  name: string;
  unitId: string | null;
  resolved: boolean;
  lead: number;
  co: number;
}

/** One row of a responsibility matrix: a task and the role of each unit in it. */
export interface MatrixRow {
  taskId: string;
  seq: number;
  headingPath: string[];
  text: string;
  cells: Record<string, "lead" | "co">;
}

/** The responsibility matrix (任务分工表) of a document: tasks × units. */
export interface ResponsibilityMatrix {
  documentId: string;
  title: string | null;
  docNumber: string | null;
  units: MatrixUnit[];
  rows: MatrixRow[];
}

/** Tasks × units with lead/co cells, units in order of first appearance. */
export async function responsibilityMatrix(
  db: Db,
  options: { regionId: string; documentId: string },
): Promise<ResponsibilityMatrix> {
  const doc = await db
    .selectFrom("documents")
    .select(["id", "title", "doc_number"])
    .where("region_id", "=", options.regionId)
    .where("id", "=", options.documentId)
    .executeTakeFirst();
  if (!doc) throw new StoreError("NOT_FOUND", `文件 ${options.documentId}`);
  const tasks = await db
    .selectFrom("tasks")
    .select(["id", "seq", "heading_path", "text"])
    .where("region_id", "=", options.regionId)
    .where("document_id", "=", options.documentId)
    .where("status", "=", "active")
    .orderBy("seq")
    .execute();
  const assignments = await db
    .selectFrom("assignments as a")
    .leftJoin("units as u", (j) => j.onRef("u.region_id", "=", "a.region_id").onRef("u.id", "=", "a.unit_id"))
    .select(["a.task_id", "a.seq", "a.role", "a.unit_name", "a.unit_id", "u.canonical_name"])
    .where("a.region_id", "=", options.regionId)
    .where("a.document_id", "=", options.documentId)
    .execute();
  const byTask = new Map<string, typeof assignments>();
  for (const a of assignments) {
    const list = byTask.get(a.task_id) ?? [];
    list.push(a);
    byTask.set(a.task_id, list);
  }
  const units = new Map<string, MatrixUnit>();
  const rows: MatrixRow[] = tasks.map((t) => {
    const cells: Record<string, "lead" | "co"> = {};
    for (const a of (byTask.get(t.id) ?? []).sort((x, y) => x.seq - y.seq)) {
      const key = a.unit_id ?? `name:${cleanUnitName(a.unit_name)}`;
      if (!units.has(key)) {
        units.set(key, {
          key,
          name: a.canonical_name ?? cleanUnitName(a.unit_name),
          unitId: a.unit_id,
          resolved: a.unit_id !== null,
          lead: 0,
          co: 0,
        });
      }
      // A unit named twice in one clause counts once; lead wins over co.
      if (cells[key] !== "lead") cells[key] = a.role;
    }
    for (const [key, role] of Object.entries(cells)) units.get(key)![role]++;
    return { taskId: t.id, seq: t.seq, headingPath: t.heading_path, text: t.text, cells };
  });
  return {
    documentId: doc.id,
    title: doc.title,
    docNumber: doc.doc_number,
    units: [...units.values()],
    rows,
  };
}

/** A document in the citation graph. */
export interface GraphNode {
  documentId: string;
  title: string | null;
  docNumber: string | null;
  year: number | null;
  /** Steps from the document asked about (0 for itself). */
  distance: number;
}

/** A citation: `from` cites `to` (null when the cited document is not in the ledger). */
export interface GraphEdge {
  citationId: string;
  from: string;
  to: string | null;
  title: string | null;
  docNumber: string | null;
  resolvedBy: string | null;
}

/** The documents around one document: what it cites and what cites it, to a depth. */
export interface CitationGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/**
 * The cascade around a document (国务院 → 市 → 区): citations out of and into it, followed
 * `depth` steps in both directions. Mentions by alias are folded into the citation they refer to.
 */
export async function citationGraph(
  db: Db,
  options: { regionId: string; documentId: string; depth?: number },
): Promise<CitationGraph> {
  const depth = Math.max(1, options.depth ?? 1);
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  let frontier = [options.documentId];
  nodes.set(options.documentId, {
    documentId: options.documentId,
    title: null,
    docNumber: null,
    year: null,
    distance: 0,
  });
  for (let step = 1; step <= depth && frontier.length > 0; step++) {
    const rows = await db
      .selectFrom("citations")
      .select(["id", "document_id", "cited_document_id", "title", "doc_number", "resolved_by"])
      .where("region_id", "=", options.regionId)
      .where("alias_of", "is", null)
      // A bare alias mention whose defining citation is unknown says nothing about what it cites.
      .where((eb) =>
        eb.or([
          eb("title", "is not", null),
          eb("doc_number", "is not", null),
          eb("cited_document_id", "is not", null),
        ]),
      )
      .where((eb) => eb.or([eb("document_id", "in", frontier), eb("cited_document_id", "in", frontier)]))
      .orderBy("document_id")
      .orderBy("seq")
      .execute();
    const next: string[] = [];
    for (const r of rows) {
      edges.set(r.id, {
        citationId: r.id,
        from: r.document_id,
        to: r.cited_document_id,
        title: r.title,
        docNumber: r.doc_number,
        resolvedBy: r.resolved_by,
      });
      for (const id of [r.document_id, r.cited_document_id]) {
        if (id && !nodes.has(id)) {
          nodes.set(id, { documentId: id, title: null, docNumber: null, year: null, distance: step });
          next.push(id);
        }
      }
    }
    frontier = next;
  }
  const docs = await db
    .selectFrom("documents")
    .select(["id", "title", "doc_number", "year"])
    .where("region_id", "=", options.regionId)
    .where("id", "in", [...nodes.keys()])
    .execute();
  if (!docs.some((d) => d.id === options.documentId))
    throw new StoreError("NOT_FOUND", `文件 ${options.documentId}`);
  for (const d of docs)
    Object.assign(nodes.get(d.id)!, { title: d.title, docNumber: d.doc_number, year: d.year });
  // Edges to documents outside the depth stay, but only between known nodes or to unresolved targets.
  const edgeList = [...edges.values()].filter((e) => nodes.has(e.from) && (e.to === null || nodes.has(e.to)));
  return { nodes: [...nodes.values()].sort((a, b) => a.distance - b.distance), edges: edgeList };
}

/** A unit name that matched nothing in the registry, with how often it is used. */
export interface UnresolvedUnit {
  name: string;
  assignments: number;
  tasks: number;
  documents: number;
}

/** Unit names that matched nothing, most used first: the list to fix in the region's registry. */
export async function unresolvedUnits(db: Db, options: { regionId: string }): Promise<UnresolvedUnit[]> {
  const rows = await db
    .selectFrom("assignments")
    .select([
      "unit_name as name",
      (eb) => eb.fn.countAll<number>().as("assignments"),
      (eb) => eb.fn.count<number>("task_id").distinct().as("tasks"),
      (eb) => eb.fn.count<number>("document_id").distinct().as("documents"),
    ])
    .where("region_id", "=", options.regionId)
    .where("unit_id", "is", null)
    .groupBy("unit_name")
    .orderBy("assignments", "desc")
    .orderBy("unit_name")
    .execute();
  return rows.map((r) => ({
    name: r.name,
    assignments: Number(r.assignments),
    tasks: Number(r.tasks),
    documents: Number(r.documents),
  }));
}

/** A unit of the region with its task counts. */
export interface UnitSummary {
  unitId: string;
  canonicalName: string;
  kind: string;
  level: string | null;
  aliases: string[];
  lead: number;
  co: number;
}

/** The units of a region with how many active tasks each leads and supports. */
export async function listUnits(db: Db, options: { regionId: string }): Promise<UnitSummary[]> {
  const rows = await db
    .selectFrom("units as u")
    .leftJoin("assignments as a", (j) =>
      j.onRef("a.region_id", "=", "u.region_id").onRef("a.unit_id", "=", "u.id"),
    )
    .leftJoin("tasks as t", (j) =>
      j
        .onRef("t.region_id", "=", "a.region_id")
        .onRef("t.id", "=", "a.task_id")
        .on("t.status", "=", "active"),
    )
    .select([
      "u.id",
      "u.canonical_name",
      "u.kind",
      "u.level",
      "u.aliases",
      sql<number>`count(DISTINCT t.id) FILTER (WHERE a.role = 'lead')`.as("lead"),
      sql<number>`count(DISTINCT t.id) FILTER (WHERE a.role = 'co')`.as("co"),
    ])
    .where("u.region_id", "=", options.regionId)
    .groupBy(["u.id", "u.canonical_name", "u.kind", "u.level", "u.aliases"])
    .orderBy("u.canonical_name")
    .execute();
  return rows.map((r) => ({
    unitId: r.id,
    canonicalName: r.canonical_name,
    kind: r.kind,
    level: r.level,
    aliases: r.aliases,
    lead: Number(r.lead),
    co: Number(r.co),
  }));
}

/** A document of the ledger, for listings. */
export interface DocumentSummary {
  documentId: string;
  filename: string;
  title: string | null;
  docNumber: string | null;
  year: number | null;
  parserVersion: string;
  importedAt: Date;
  tasks: number;
}

/** The documents of a region, newest import first. */
export async function listDocuments(db: Db, options: { regionId: string }): Promise<DocumentSummary[]> {
  const rows = await db
    .selectFrom("documents as d")
    .select([
      "d.id",
      "d.filename",
      "d.title",
      "d.doc_number",
      "d.year",
      "d.parser_version",
      "d.imported_at",
      (eb) =>
        eb
          .selectFrom("tasks as t")
          .select(eb.fn.countAll<number>().as("n"))
          .whereRef("t.region_id", "=", "d.region_id")
          .whereRef("t.document_id", "=", "d.id")
          .where("t.status", "=", "active")
          .as("tasks"),
    ])
    .where("d.region_id", "=", options.regionId)
    .orderBy("d.imported_at", "desc")
    .orderBy("d.id")
    .execute();
  return rows.map((r) => ({
    documentId: r.id,
    filename: r.filename,
    title: r.title,
    docNumber: r.doc_number,
    year: r.year,
    parserVersion: r.parser_version,
    importedAt: r.imported_at,
    tasks: Number(r.tasks ?? 0),
  }));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Finds a document by what a user would type: its id, the start of its id or SHA-256 (6+ hex
 * characters), its 文号 or its file name. Fails with NOT_FOUND, or when the reference is ambiguous.
 */
export async function findDocument(db: Db, regionId: string, ref: string): Promise<string> {
  const base = db.selectFrom("documents").select("id").where("region_id", "=", regionId);
  const candidates: string[][] = [];
  if (UUID.test(ref))
    candidates.push((await base.where("id", "=", ref.toLowerCase()).execute()).map((r) => r.id));
  if (/^[0-9a-f-]{6,}$/i.test(ref)) {
    const prefix = `${ref.toLowerCase()}%`;
    candidates.push(
      (
        await base
          .where((eb) => eb.or([eb(sql`id::text`, "like", prefix), eb("sha256", "like", prefix)]))
          .limit(2)
          .execute()
      ).map((r) => r.id),
    );
  }
  const number = normalizeDocNumber(ref);
  if (number)
    candidates.push((await base.where("doc_number_norm", "=", number).limit(2).execute()).map((r) => r.id));
  candidates.push((await base.where("filename", "=", ref).limit(2).execute()).map((r) => r.id));
  for (const ids of candidates) {
    if (ids.length === 1) return ids[0]!;
    if (ids.length > 1) throw new StoreError("NOT_FOUND", `“${ref}”对应多份文件，请用文件编号`);
  }
  throw new StoreError("NOT_FOUND", `文件“${ref}”`);
}
