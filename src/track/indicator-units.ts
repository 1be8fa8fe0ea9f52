/**
 * Indicator responsibility: which units answer for an indicator. The supervisor sets it (audited);
 * the document can propose it — a 责任单位 / 牵头单位 column of the indicator's table, or else the
 * units of the tasks under the same heading as the indicator's sentence.
 */
import type { TrackContext, TrackScope } from "./context.js";
import { TrackError } from "./errors.js";

/** A unit responsible for an indicator. */
export interface IndicatorUnit {
  indicatorId: string;
  unitId: string;
  unitName: string;
  role: "lead" | "co";
  /** `supervisor` (set by hand) or `document` (accepted from the proposal). */
  source: string;
  assignedAt: Date;
}

/** A unit the document names for an indicator, resolved when the region knows it. */
export interface ProposedIndicatorUnit {
  written: string;
  unitId: string | null;
  unitName: string | null;
  role: "lead" | "co";
  basis: "table_column" | "heading_tasks";
}

/** The units responsible for an indicator, lead first. */
export async function listIndicatorUnits(scope: TrackScope, indicatorId: string): Promise<IndicatorUnit[]> {
  const rows = await scope.db
    .selectFrom("indicator_units as iu")
    .innerJoin("units as u", (j) =>
      j.onRef("u.region_id", "=", "iu.region_id").onRef("u.id", "=", "iu.unit_id"),
    )
    .select(["iu.indicator_id", "iu.unit_id", "u.canonical_name", "iu.role", "iu.source", "iu.assigned_at"])
    .where("iu.region_id", "=", scope.regionId)
    .where("iu.indicator_id", "=", indicatorId)
    .orderBy("iu.role", "desc")
    .orderBy("u.canonical_name")
    .execute();
  return rows.map((r) => ({
    indicatorId: r.indicator_id,
    unitId: r.unit_id,
    unitName: r.canonical_name,
    role: r.role,
    source: r.source,
    assignedAt: r.assigned_at,
  }));
}

/** The responsible units of every indicator of a document: indicator id → unit ids. */
export async function documentIndicatorUnits(
  scope: TrackScope,
  documentId: string,
): Promise<Map<string, string[]>> {
  const rows = await scope.db
    .selectFrom("indicator_units as iu")
    .innerJoin("indicators as i", (j) =>
      j.onRef("i.region_id", "=", "iu.region_id").onRef("i.id", "=", "iu.indicator_id"),
    )
    .select(["iu.indicator_id", "iu.unit_id"])
    .where("iu.region_id", "=", scope.regionId)
    .where("i.document_id", "=", documentId)
    .where("i.status", "=", "active")
    .execute();
  const map = new Map<string, string[]>();
  for (const r of rows) map.set(r.indicator_id, [...(map.get(r.indicator_id) ?? []), r.unit_id]);
  return map;
}

/**
 * Replaces the responsible units of an indicator (an empty list clears them). Every unit must be
 * a unit of the region; the change and the lists before and after are audited.
 */
export async function setIndicatorUnits(
  ctx: TrackContext,
  indicatorId: string,
  units: readonly { unitId: string; role: "lead" | "co" }[],
  source: "supervisor" | "document" = "supervisor",
): Promise<IndicatorUnit[]> {
  const regionId = ctx.actor.regionId;
  const ids = [...new Set(units.map((u) => u.unitId))];
  if (ids.length !== units.length) throw new TrackError("REPORT_INVALID", "同一单位不能重复指定");
  return ctx.transaction(async (trx) => {
    const indicator = await trx
      .selectFrom("indicators")
      .select("id")
      .where("region_id", "=", regionId)
      .where("id", "=", indicatorId)
      .executeTakeFirst();
    if (!indicator) throw new TrackError("NOT_FOUND", "未找到指标");
    if (ids.length > 0) {
      const known = await trx
        .selectFrom("units")
        .select("id")
        .where("region_id", "=", regionId)
        .where("id", "in", ids)
        .execute();
      if (known.length !== ids.length) throw new TrackError("REPORT_INVALID", "责任单位不存在");
    }
    const scope = { db: trx, regionId };
    const before = await listIndicatorUnits(scope, indicatorId);
    await trx
      .deleteFrom("indicator_units")
      .where("region_id", "=", regionId)
      .where("indicator_id", "=", indicatorId)
      .execute();
    if (units.length > 0)
      await trx
        .insertInto("indicator_units")
        .values(
          units.map((u) => ({
            region_id: regionId,
            indicator_id: indicatorId,
            unit_id: u.unitId,
            role: u.role,
            source,
            assigned_by: ctx.actor.userId,
            assigned_at: ctx.clock.now(),
          })),
        )
        .execute();
    const after = await listIndicatorUnits(scope, indicatorId);
    const brief = (list: IndicatorUnit[]) =>
      list.map((u) => ({ unitId: u.unitId, unitName: u.unitName, role: u.role }));
    await ctx.audit(trx, {
      objectId: indicatorId,
      before: brief(before),
      after: brief(after),
      detail: { source },
    });
    return after;
  });
}

const LEAD_HEADER = /牵头/;
const CO_HEADER = /配合|协办|参与/;
const RESPONSIBLE_HEADER = /责任(单位|部门|主体)|牵头(单位|部门)|主管(单位|部门)/;

/** Unit names of a table cell: 区发展改革委、区统计局 → two names. */
export function splitCellUnits(cell: string): string[] {
  return cell
    .split(/[、，,；;/\s]+/)
    .map((s) => s.replace(/^[（(]|[)）]$/g, "").trim())
    .filter((s) => s.length >= 2);
}

/**
 * What the document says about who answers for the indicator: the responsible-unit columns of its
 * table row (牵头 → lead, 配合 → co; in a single 责任单位 column the first named leads), or else
 * the resolved units of the tasks in the indicator's own section.
 */
export async function proposeIndicatorUnits(
  scope: TrackScope,
  indicatorId: string,
): Promise<ProposedIndicatorUnit[]> {
  const ind = await scope.db
    .selectFrom("indicators")
    .select(["id", "document_id", "name", "span_start", "span_end"])
    .where("region_id", "=", scope.regionId)
    .where("id", "=", indicatorId)
    .executeTakeFirst();
  if (!ind) throw new TrackError("NOT_FOUND", "未找到指标");
  const nodes = await scope.db
    .selectFrom("outline_nodes")
    .select(["type", "depth", "rows", "span_start", "span_end", "seq"])
    .where("region_id", "=", scope.regionId)
    .where("document_id", "=", ind.document_id)
    .orderBy("seq")
    .execute();
  const units = await scope.db
    .selectFrom("units")
    .select(["id", "canonical_name", "aliases"])
    .where("region_id", "=", scope.regionId)
    .execute();
  const resolve = (written: string) =>
    units.find((u) => u.canonical_name === written) ?? units.find((u) => u.aliases.includes(written));

  const table = nodes.find(
    (n) => n.type === "table" && n.span_start <= ind.span_start && ind.span_end <= n.span_end && n.rows,
  );
  if (table?.rows && table.rows.length > 1) {
    const header = table.rows[0]!;
    const row = table.rows.slice(1).find((cells) => cells.some((c) => c.includes(ind.name)));
    const proposed: ProposedIndicatorUnit[] = [];
    if (row)
      header.forEach((title, col) => {
        if (!RESPONSIBLE_HEADER.test(title) && !CO_HEADER.test(title)) return;
        splitCellUnits(row[col] ?? "").forEach((written, i) => {
          const role: "lead" | "co" = CO_HEADER.test(title)
            ? "co"
            : LEAD_HEADER.test(title) || i === 0
              ? "lead"
              : "co";
          if (proposed.some((p) => p.written === written)) return;
          const unit = resolve(written);
          proposed.push({
            written,
            unitId: unit?.id ?? null,
            unitName: unit?.canonical_name ?? null,
            role,
            basis: "table_column",
          });
        });
      });
    if (proposed.length > 0) return proposed;
  }

  // The section the indicator sits in: from its nearest heading to the next heading no deeper.
  const headings = nodes.filter((n) => n.type === "heading");
  const own = headings.filter((h) => h.span_start <= ind.span_start).at(-1);
  if (!own) return [];
  const next = headings.find((h) => h.seq > own.seq && h.depth <= own.depth);
  const end = next?.span_start ?? Number.MAX_SAFE_INTEGER;
  const rows = await scope.db
    .selectFrom("assignments as a")
    .innerJoin("tasks as t", (j) =>
      j.onRef("t.region_id", "=", "a.region_id").onRef("t.id", "=", "a.task_id"),
    )
    .innerJoin("units as u", (j) =>
      j.onRef("u.region_id", "=", "a.region_id").onRef("u.id", "=", "a.unit_id"),
    )
    .select(["a.unit_name", "a.unit_id", "u.canonical_name", "a.role"])
    .where("a.region_id", "=", scope.regionId)
    .where("t.document_id", "=", ind.document_id)
    .where("t.status", "=", "active")
    .where("t.span_start", ">=", own.span_start)
    .where("t.span_start", "<", end)
    .orderBy("t.seq")
    .orderBy("a.seq")
    .execute();
  const byUnit = new Map<string, ProposedIndicatorUnit>();
  for (const r of rows) {
    const seen = byUnit.get(r.unit_id!);
    if (seen) {
      if (r.role === "lead") seen.role = "lead";
      continue;
    }
    byUnit.set(r.unit_id!, {
      written: r.unit_name,
      unitId: r.unit_id,
      unitName: r.canonical_name,
      role: r.role,
      basis: "heading_tasks",
    });
  }
  return [...byUnit.values()];
}
