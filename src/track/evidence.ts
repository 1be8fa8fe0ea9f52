/** Evidence files attached to a report, stored with their SHA-256 and checked again on download. */
import { createHash, randomUUID } from "node:crypto";
import type { TrackContext, TrackScope } from "./context.js";
import { TrackError } from "./errors.js";

/** An evidence file without its bytes. */
export interface EvidenceRecord {
  id: string;
  reportId: string;
  sha256: string;
  filename: string;
  mediaType: string;
  byteSize: number;
  uploadedAt: Date;
}

/** SHA-256 of bytes, hex. */
export function sha256Of(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Stores an evidence file that has passed the upload gate. */
export async function attachEvidence(
  ctx: TrackContext,
  reportId: string,
  file: { bytes: Uint8Array; filename: string; mediaType: string },
): Promise<EvidenceRecord> {
  return ctx.transaction(async (trx) => {
    const row = await trx
      .insertInto("evidence")
      .values({
        region_id: ctx.actor.regionId,
        id: randomUUID(),
        report_id: reportId,
        sha256: sha256Of(file.bytes),
        filename: file.filename,
        media_type: file.mediaType,
        byte_size: file.bytes.byteLength,
        bytes: file.bytes,
        uploaded_by: ctx.actor.userId,
        uploaded_at: ctx.clock.now(),
      })
      .returning(["id", "report_id", "sha256", "filename", "media_type", "byte_size", "uploaded_at"])
      .executeTakeFirstOrThrow();
    const record = evidenceOf(row);
    await ctx.audit(trx, { objectId: reportId, after: record });
    return record;
  });
}

function evidenceOf(r: {
  id: string;
  report_id: string;
  sha256: string;
  filename: string;
  media_type: string;
  byte_size: number;
  uploaded_at: Date;
}): EvidenceRecord {
  return {
    id: r.id,
    reportId: r.report_id,
    sha256: r.sha256,
    filename: r.filename,
    mediaType: r.media_type,
    byteSize: r.byte_size,
    uploadedAt: r.uploaded_at,
  };
}

/** The evidence files of a report, oldest first. */
export async function listEvidence(scope: TrackScope, reportId: string): Promise<EvidenceRecord[]> {
  const rows = await scope.db
    .selectFrom("evidence")
    .select(["id", "report_id", "sha256", "filename", "media_type", "byte_size", "uploaded_at"])
    .where("region_id", "=", scope.regionId)
    .where("report_id", "=", reportId)
    .orderBy("uploaded_at")
    .execute();
  return rows.map(evidenceOf);
}

/** One evidence file with its bytes; NOT_FOUND when missing, INTEGRITY when the bytes changed. */
export async function readEvidence(
  scope: TrackScope,
  id: string,
): Promise<EvidenceRecord & { bytes: Uint8Array; intact: boolean }> {
  const row = await scope.db
    .selectFrom("evidence")
    .selectAll()
    .where("region_id", "=", scope.regionId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw new TrackError("NOT_FOUND", "未找到佐证材料");
  return { ...evidenceOf(row), bytes: row.bytes, intact: sha256Of(row.bytes) === row.sha256 };
}
