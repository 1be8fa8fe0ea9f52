import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { StoreError } from "./errors.js";

/** Name of the lock file inside the data directory. */
export const LOCK_FILE = "luoshi.lock";

/** A held directory lock; `release()` is idempotent. */
export interface DirLock {
  path: string;
  release(): void;
}

interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
}

function readLock(path: string): { raw: string; info?: LockInfo } | undefined {
  let raw: string;
  try {
    raw = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    const info = JSON.parse(raw) as LockInfo;
    if (typeof info.pid === "number") return { raw, info };
  } catch {
    // A lock file cut short by a crash between create and write: treated as stale below.
  }
  return { raw };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const held = new Set<string>();
let exitHookInstalled = false;

/**
 * Takes the lock of a data directory: a file created with O_EXCL holding pid, host and start time.
 * A lock left by a dead process on this host is taken over; a live one (or one from another host,
 * whose pid cannot be checked) fails with DATADIR_LOCKED. PGlite itself locks nothing, and two
 * processes on one directory would corrupt it.
 */
export function acquireDirLock(dir: string): DirLock {
  const path = join(dir, LOCK_FILE);
  const me: LockInfo = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, "wx", 0o644);
      try {
        writeSync(fd, JSON.stringify(me));
      } finally {
        closeSync(fd);
      }
      return track(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new StoreError("DATADIR_UNUSABLE", `${dir}（${(error as Error).message}）`, { cause: error });
      }
    }
    const current = readLock(path);
    if (!current) continue;
    const { info } = current;
    if (info && info.host === me.host && info.pid === process.pid && held.has(path)) {
      throw new StoreError("DATADIR_LOCKED", `${dir}（本进程已打开）`);
    }
    if (info && (info.host !== me.host || processAlive(info.pid))) {
      throw new StoreError("DATADIR_LOCKED", `${dir}（进程 ${info.pid}@${info.host}，自 ${info.startedAt}）`);
    }
    // Stale: remove it only if it is still the file we judged, then retry the exclusive create.
    const again = readLock(path);
    if (again && again.raw === current.raw) {
      try {
        unlinkSync(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
    }
  }
  throw new StoreError("DATADIR_LOCKED", dir);
}

function track(path: string): DirLock {
  held.add(path);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // A normal exit without close() must not leave a lock behind (kill -9 is handled as stale).
    process.once("exit", () => {
      for (const p of held) releasePath(p);
    });
  }
  return {
    path,
    release: () => releasePath(path),
  };
}

function releasePath(path: string): void {
  if (!held.delete(path)) return;
  const current = readLock(path);
  if (current?.info?.pid !== process.pid) return;
  try {
    unlinkSync(path);
  } catch {
    // Already gone: nothing to release.
  }
}
