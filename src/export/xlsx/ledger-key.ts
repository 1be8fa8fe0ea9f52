/**
 * The 行标识 that ties a 工作台账 row to one expected report. It carries its own checksum so a key
 * typed over, truncated or pasted from another row of a different file is caught on import.
 */
import { crc32 } from "../../ingest/zip.js";
import type { LedgerKey } from "./types.js";

const PREFIX = "LS1";

function checksum(body: string): string {
  return crc32(new TextEncoder().encode(body)).toString(16).padStart(8, "0");
}

/** The key text written into the hidden 行标识 cell, e.g. "LS1/<task>/<unit>/<crc32>". */
export function formatLedgerKey(key: LedgerKey): string {
  const body = `${PREFIX}/${encodeURIComponent(key.taskId)}/${encodeURIComponent(key.unitId)}`;
  return `${body}/${checksum(body)}`;
}

/** The key a 行标识 text names, or null when it is not one or its checksum does not match. */
export function parseLedgerKey(text: string): LedgerKey | null {
  const parts = text.trim().split("/");
  if (parts.length !== 4 || parts[0] !== PREFIX) return null;
  const body = parts.slice(0, 3).join("/");
  if (checksum(body) !== parts[3]!.toLowerCase()) return null;
  try {
    const taskId = decodeURIComponent(parts[1]!);
    const unitId = decodeURIComponent(parts[2]!);
    return taskId && unitId ? { taskId, unitId } : null;
  } catch {
    return null;
  }
}
