/**
 * Files a unit uploads as evidence for a checklist item (测评指标), kept per item × unit like report
 * evidence: bytes in the database with their SHA-256, checked again on download.
 */
import { randomUUID } from "node:crypto";
import type { TrackContext, TrackScope } from "./context.js";
import { TrackError } from "./errors.js";
import { sha256Of } from "./evidence.js";

/** An evaluation evidence file without its bytes. */
export interface EvaluationFileRecord {
  id: string;
  itemId: string;
  unitId: string;
  sha256: string;
  filename: string;
  mediaType: string;
  byteSize: number;
  uploadedAt: Date;
}

const COLUMNS = [
  "id",
  "item_id",
  "unit_id",
  "sha256",
  "filename",
  "media_type",
  "byte_size",
  "uploaded_at",
] as const;

function fileOf(r: {
  id: string;
  item_id: string;
  unit_id: string;
  sha256: string;
  filename: string;
  media_type: string;
  byte_size: number;
  uploaded_at: Date;
}): EvaluationFileRecord {
  return {
    id: r.id,
    itemId: r.item_id,
    unitId: r.unit_id,
    sha256: r.sha256,
    filename: r.filename,
    mediaType: r.media_type,
    byteSize: r.byte_size,
    uploadedAt: r.uploaded_at,
  };
}

/** Stores a file that has passed the upload gate as the unit's evidence for the item. */
export async function attachEvaluationFile(
  ctx: TrackContext,
  itemId: string,
  unitId: string,
  file: { bytes: Uint8Array; filename: string; mediaType: string },
): Promise<EvaluationFileRecord> {
  return ctx.transaction(async (trx) => {
    const row = await trx
      .insertInto("evaluation_files")
      .values({
        region_id: ctx.actor.regionId,
        id: randomUUID(),
        item_id: itemId,
        unit_id: unitId,
        sha256: sha256Of(file.bytes),
        filename: file.filename,
        media_type: file.mediaType,
        byte_size: file.bytes.byteLength,
        bytes: file.bytes,
        uploaded_by: ctx.actor.userId,
        uploaded_at: ctx.clock.now(),
      })
      .returning([...COLUMNS])
      .executeTakeFirstOrThrow();
    const record = fileOf(row);
    await ctx.audit(trx, { objectId: itemId, after: record });
    return record;
  });
}

/** The evidence files of checklist items (of one unit when given), oldest first. */
export async function listEvaluationFiles(
  scope: TrackScope,
  itemIds: readonly string[],
  unitId?: string | null,
): Promise<EvaluationFileRecord[]> {
  if (itemIds.length === 0) return [];
  let query = scope.db
    .selectFrom("evaluation_files")
    .select([...COLUMNS])
    .where("region_id", "=", scope.regionId)
    .where("item_id", "in", [...itemIds]);
  if (unitId) query = query.where("unit_id", "=", unitId);
  return (await query.orderBy("uploaded_at").orderBy("id").execute()).map(fileOf);
}

/** One file with its bytes; NOT_FOUND when missing; `intact` false when the bytes changed. */
export async function readEvaluationFile(
  scope: TrackScope,
  id: string,
): Promise<EvaluationFileRecord & { bytes: Uint8Array; intact: boolean }> {
  const row = await scope.db
    .selectFrom("evaluation_files")
    .selectAll()
    .where("region_id", "=", scope.regionId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw new TrackError("NOT_FOUND", "未找到佐证材料");
  return { ...fileOf(row), bytes: row.bytes, intact: sha256Of(row.bytes) === row.sha256 };
}
