/**
 * Excel the way offices exchange work: the 任务分工表, the period's 工作台账 and the indicator
 * monitoring sheet as formatted .xlsx bytes, and a filled-in 工作台账 read back into plain rows.
 * Plain data in, bytes out (and back): no database, no HTTP. See docs/excel.md.
 */
export type {
  IndicatorMonitor,
  IndicatorMonitorRow,
  IndicatorNature,
  IndicatorValue,
  LedgerImport,
  LedgerImportProblem,
  LedgerImportRow,
  LedgerKey,
  ReadWorkLedgerOptions,
  TaskDivisionRow,
  TaskDivisionTable,
  WorkLedger,
  WorkLedgerRow,
} from "./types.js";
export { XlsxImportError, isXlsxImportError, type XlsxErrorCode } from "./errors.js";
export { writeTaskDivisionTable } from "./task-division.js";
export { writeWorkLedger } from "./work-ledger.js";
export { writeIndicatorMonitor } from "./indicator-monitor.js";
export { readWorkLedger, DEFAULT_MAX_XLSX_BYTES } from "./read-ledger.js";
export { formatLedgerKey, parseLedgerKey } from "./ledger-key.js";
export { XLSX_MEDIA_TYPE } from "./workbook.js";
