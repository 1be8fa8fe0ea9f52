/** Why the store refused to open or to do something. Each code has a fixed reason in Chinese and English. */
export type StoreErrorCode =
  | "DATADIR_LOCKED"
  | "DATADIR_UNUSABLE"
  | "DATABASE_UNREACHABLE"
  | "SCHEMA_TOO_NEW"
  | "MIGRATION_FAILED"
  | "BACKUP_INVALID"
  | "RESTORE_NOT_EMPTY"
  | "NOT_FOUND";

const MESSAGES: Record<StoreErrorCode, readonly [zh: string, en: string]> = {
  DATADIR_LOCKED: ["数据目录正被其他进程使用", "data directory in use"],
  DATADIR_UNUSABLE: ["数据目录无法使用", "data directory unusable"],
  DATABASE_UNREACHABLE: ["无法连接数据库", "cannot connect to the database"],
  SCHEMA_TOO_NEW: [
    "数据库结构版本比本程序新，请升级 Luoshi",
    "the database schema is newer than this program; upgrade Luoshi",
  ],
  MIGRATION_FAILED: ["数据库迁移失败", "database migration failed"],
  BACKUP_INVALID: ["备份文件无效或已损坏", "the backup file is invalid or damaged"],
  RESTORE_NOT_EMPTY: [
    "目标数据库已有数据；如要覆盖请加 --replace",
    "the target database is not empty; pass --replace to overwrite it",
  ],
  NOT_FOUND: ["未找到", "not found"],
};

/** A store failure with a stable code and a one-line message in both languages. */
export class StoreError extends Error {
  readonly messageZh: string;
  readonly messageEn: string;

  constructor(
    readonly code: StoreErrorCode,
    detail?: string,
    options?: { cause?: unknown },
  ) {
    const [zh, en] = MESSAGES[code];
    const suffix = detail ? `：${detail}` : "";
    super(`${zh}${suffix} / ${en}${detail ? `: ${detail}` : ""}`, options);
    this.name = "StoreError";
    this.messageZh = `${zh}${suffix}`;
    this.messageEn = `${en}${detail ? `: ${detail}` : ""}`;
  }
}
