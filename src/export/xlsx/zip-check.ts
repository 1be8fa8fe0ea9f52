/**
 * Checks an uploaded workbook before exceljs sees it. exceljs (through JSZip) inflates every part
 * into memory with no limit, so a 40 KB zip bomb would exhaust the server; the bounded reader of
 * ingest checks the central directory and then re-inflates each part under a running byte cap.
 */
import { NO_DEADLINE } from "../../ingest/deadline.js";
import { IngestError } from "../../ingest/errors.js";
import { ZipReader, type ZipLimits } from "../../ingest/zip.js";
import { XlsxImportError } from "./errors.js";

/**
 * Limits for an uploaded 工作台账, below ingest's: exceljs holds a parsed sheet at roughly ten times
 * its XML size, and a ledger of 5,000 rows unpacks to about 3 MB.
 */
export const XLSX_ZIP_LIMITS: ZipLimits = {
  maxEntries: 500,
  maxTotalBytes: 50 * 1000 * 1000,
  maxRatio: 100,
  ratioFloorBytes: 1 << 20,
};

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

/**
 * Throws an `XlsxImportError` unless the bytes are a zip within the limits that holds an Excel
 * workbook part. Every part is inflated once here so that sizes an archive lies about are caught.
 */
export function checkXlsxZip(bytes: Uint8Array, limits: ZipLimits = XLSX_ZIP_LIMITS): void {
  // Legacy .xls and password-protected .xlsx are both OLE compound files.
  if (startsWith(bytes, OLE_SIGNATURE)) throw new XlsxImportError("XLSX_LEGACY_OR_ENCRYPTED");
  if (!startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    throw new XlsxImportError("XLSX_NOT_XLSX", "no zip local header signature");
  }
  try {
    const zip = new ZipReader(bytes, NO_DEADLINE, limits);
    if (!zip.has("[Content_Types].xml") || !zip.has("xl/workbook.xml")) {
      throw new XlsxImportError("XLSX_NOT_XLSX", "zip without xl/workbook.xml");
    }
    for (const name of zip.entries.keys()) zip.read(name);
  } catch (e) {
    throw translate(e);
  }
}

function translate(e: unknown): unknown {
  if (!(e instanceof IngestError)) return e;
  switch (e.code) {
    case "INGEST_ZIP_LIMIT":
      return new XlsxImportError("XLSX_ZIP_LIMIT", e.detail, { cause: e });
    case "INGEST_ZIP_UNSAFE":
      return new XlsxImportError("XLSX_ZIP_UNSAFE", e.detail, { cause: e });
    case "INGEST_ENCRYPTED":
      return new XlsxImportError("XLSX_LEGACY_OR_ENCRYPTED", e.detail, { cause: e });
    default:
      return new XlsxImportError("XLSX_CORRUPT", e.detail, { cause: e });
  }
}
