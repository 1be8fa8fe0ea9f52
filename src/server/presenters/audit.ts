import type { z } from "@hono/zod-openapi";
import type { AuditRow } from "../audit/log.js";
import { isoWithOffset } from "../clock.js";
import type { AuditRowSchema } from "../schemas/audit.js";

/** An audit row as the API shows it. */
export type AuditRowDto = z.infer<typeof AuditRowSchema>;

/** An audit row with its time in the server's UTC offset. */
export function presentAuditRow(row: AuditRow): AuditRowDto {
  return {
    seq: row.seq,
    at: isoWithOffset(row.at),
    regionId: row.regionId,
    actorId: row.actorId,
    actorName: row.actorName,
    unitId: row.unitId,
    ip: row.ip,
    action: row.action,
    objectType: row.objectType,
    objectId: row.objectId,
    outcome: row.outcome,
    before: row.before,
    after: row.after,
    detail: row.detail,
    requestId: row.requestId,
    hash: row.hash,
  };
}

const CSV_COLUMNS: (keyof AuditRowDto)[] = [
  "seq",
  "at",
  "regionId",
  "actorName",
  "actorId",
  "unitId",
  "ip",
  "action",
  "objectType",
  "objectId",
  "outcome",
  "before",
  "after",
  "detail",
  "requestId",
  "hash",
];

/** The CSV header line. */
export const AUDIT_CSV_HEADER = `${CSV_COLUMNS.join(",")}\r\n`;

/**
 * One CSV line. Cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) get a
 * leading `'` (ASVS 1.2.10): a username like `=HYPERLINK(…)` stays text.
 */
export function auditCsvLine(row: AuditRowDto): string {
  return `${CSV_COLUMNS.map((column) => {
    const value = row[column];
    let text =
      value === null || value === undefined
        ? ""
        : typeof value === "object"
          ? JSON.stringify(value)
          : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }).join(",")}\r\n`;
}
