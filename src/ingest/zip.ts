/**
 * A bounded ZIP reader (security.md §3): the central directory is checked first (at most 2,000
 * entries, declared total ≤ 200 MB, ratio ≤ 100, no ZIP64, no encryption, no `..` or absolute
 * names), then each entry is re-inflated with fflate in small chunks under a running byte cap, so
 * an archive that lies about its sizes is stopped after a few MB instead of exhausting memory.
 */
import { Inflate } from "fflate";
import * as zlib from "node:zlib";
import type { Deadline } from "./deadline.js";
import { IngestError } from "./errors.js";

/** Limits of the bounded unzip. */
export interface ZipLimits {
  /** Most entries in the central directory. */
  maxEntries: number;
  /** Most bytes all entries may declare, and most bytes actually inflated in total. */
  maxTotalBytes: number;
  /** Highest declared size / compressed size of an entry larger than `ratioFloorBytes`. */
  maxRatio: number;
  /** Entries smaller than this are exempt from the ratio rule (tiny XML parts compress well). */
  ratioFloorBytes: number;
}

/** The limits security.md §3 prescribes. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 2000,
  maxTotalBytes: 200 * 1000 * 1000,
  maxRatio: 100,
  ratioFloorBytes: 1 << 20,
};

/** One central-directory record. */
export interface ZipEntry {
  name: string;
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** Input is fed to the inflater this many bytes at a time: DEFLATE expands at most ~1032×. */
const INFLATE_CHUNK = 4096;

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;

function corrupt(detail: string): IngestError {
  return new IngestError("INGEST_CORRUPT_DOCX", detail);
}

function isUnsafeName(name: string): boolean {
  if (name.includes("\0") || /^[/\\]/.test(name) || /^[a-zA-Z]:/.test(name)) return true;
  return name.split(/[/\\]/).some((part) => part === "..");
}

let crcTable: Uint32Array | undefined;

/** Node's native CRC-32 (node:zlib, since v20.15), when present. */
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

/** CRC-32 (IEEE) of the bytes, as ZIP stores it. */
export function crc32(data: Uint8Array): number {
  return nativeCrc32 ? nativeCrc32(data) >>> 0 : crc32Portable(data);
}

/** CRC-32 in plain JavaScript, for runtimes without `zlib.crc32`. */
export function crc32Portable(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A ZIP archive whose central directory passed the precheck; entries are inflated on demand. */
export class ZipReader {
  /** Entries by name. */
  readonly entries = new Map<string, ZipEntry>();
  private inflated = 0;
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly deadline: Deadline,
    private readonly limits: ZipLimits = DEFAULT_ZIP_LIMITS,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.readCentralDirectory();
  }

  private u16(at: number): number {
    return this.view.getUint16(at, true);
  }

  private u32(at: number): number {
    return this.view.getUint32(at, true);
  }

  private findEocd(): number {
    const min = Math.max(0, this.bytes.length - 22 - 0xffff);
    for (let at = this.bytes.length - 22; at >= min; at--) {
      if (this.u32(at) === SIG_EOCD) return at;
    }
    throw corrupt("end of central directory not found (truncated archive?)");
  }

  private readCentralDirectory(): void {
    if (this.bytes.length < 22) throw corrupt("too short for a ZIP archive");
    const eocd = this.findEocd();
    if (eocd >= 20 && this.u32(eocd - 20) === SIG_ZIP64_LOCATOR) {
      throw new IngestError("INGEST_ZIP_UNSAFE", "ZIP64 archive");
    }
    const count = this.u16(eocd + 10);
    const cdSize = this.u32(eocd + 12);
    const cdOffset = this.u32(eocd + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      throw new IngestError("INGEST_ZIP_UNSAFE", "ZIP64 archive");
    }
    if (this.u16(eocd + 4) !== 0 || this.u16(eocd + 6) !== 0) throw corrupt("multi-disk archive");
    if (count > this.limits.maxEntries) {
      throw new IngestError("INGEST_ZIP_LIMIT", `${count} entries > ${this.limits.maxEntries}`);
    }
    if (cdOffset + cdSize > eocd) throw corrupt("central directory outside the archive");
    let at = cdOffset;
    let declaredTotal = 0;
    for (let i = 0; i < count; i++) {
      if (at + 46 > eocd || this.u32(at) !== SIG_CENTRAL) throw corrupt(`bad central header ${i}`);
      const flags = this.u16(at + 8);
      const method = this.u16(at + 10);
      const crc = this.u32(at + 16);
      const compressedSize = this.u32(at + 20);
      const size = this.u32(at + 24);
      const nameLen = this.u16(at + 28);
      const extraLen = this.u16(at + 30);
      const commentLen = this.u16(at + 32);
      const localOffset = this.u32(at + 42);
      if (at + 46 + nameLen > eocd) throw corrupt("central header name outside the archive");
      const name = new TextDecoder().decode(this.bytes.subarray(at + 46, at + 46 + nameLen));
      at += 46 + nameLen + extraLen + commentLen;
      if (flags & 0x1) throw new IngestError("INGEST_ENCRYPTED", `encrypted entry ${name}`);
      if (isUnsafeName(name)) throw new IngestError("INGEST_ZIP_UNSAFE", `unsafe entry name ${name}`);
      if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
        throw new IngestError("INGEST_ZIP_UNSAFE", "ZIP64 entry");
      }
      declaredTotal += size;
      if (declaredTotal > this.limits.maxTotalBytes) {
        throw new IngestError("INGEST_ZIP_LIMIT", `declared total > ${this.limits.maxTotalBytes} bytes`);
      }
      if (size > this.limits.ratioFloorBytes && size > Math.max(1, compressedSize) * this.limits.maxRatio) {
        throw new IngestError(
          "INGEST_ZIP_LIMIT",
          `entry ${name}: ratio ${Math.round(size / Math.max(1, compressedSize))} > ${this.limits.maxRatio}`,
        );
      }
      this.entries.set(name, { name, method, crc32: crc, compressedSize, size, localOffset });
    }
  }

  /** True when the archive holds an entry of that name. */
  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Inflates one entry under the running cap; undefined when the archive has no such entry. */
  read(name: string): Uint8Array | undefined {
    const entry = this.entries.get(name);
    if (!entry) return undefined;
    const at = entry.localOffset;
    if (at + 30 > this.bytes.length || this.u32(at) !== SIG_LOCAL) throw corrupt(`bad local header ${name}`);
    const start = at + 30 + this.u16(at + 26) + this.u16(at + 28);
    const end = start + entry.compressedSize;
    if (end > this.bytes.length) throw corrupt(`entry ${name} runs past the end (truncated archive?)`);
    const data = this.bytes.subarray(start, end);
    let out: Uint8Array;
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.size) throw corrupt(`stored entry ${name} has two sizes`);
      this.account(entry, entry.size);
      this.inflated += entry.size;
      out = data.slice();
    } else if (entry.method === 8) {
      out = this.inflate(entry, data);
    } else {
      throw corrupt(`entry ${name} uses unsupported compression method ${entry.method}`);
    }
    if (crc32(out) !== entry.crc32) throw corrupt(`CRC mismatch in ${name}`);
    return out;
  }

  private account(entry: ZipEntry, produced: number): void {
    if (this.inflated + produced > this.limits.maxTotalBytes) {
      throw new IngestError("INGEST_ZIP_LIMIT", `more than ${this.limits.maxTotalBytes} bytes inflated`);
    }
    if (produced > entry.size) {
      throw new IngestError(
        "INGEST_ZIP_LIMIT",
        `entry ${entry.name} inflates beyond its declared ${entry.size} bytes`,
      );
    }
  }

  private inflate(entry: ZipEntry, data: Uint8Array): Uint8Array {
    const chunks: Uint8Array[] = [];
    let produced = 0;
    let done = false;
    const inflater = new Inflate((chunk, final) => {
      produced += chunk.length;
      this.account(entry, produced);
      if (chunk.length) chunks.push(chunk);
      if (final) done = true;
    });
    try {
      for (let i = 0; i < data.length || i === 0; i += INFLATE_CHUNK) {
        this.deadline.check();
        const last = i + INFLATE_CHUNK >= data.length;
        inflater.push(data.subarray(i, i + INFLATE_CHUNK), last);
        if (last) break;
      }
    } catch (e) {
      if (e instanceof IngestError) throw e;
      throw corrupt(`entry ${entry.name}: ${(e as Error).message}`);
    }
    if (!done || produced !== entry.size) {
      throw corrupt(`entry ${entry.name}: inflated ${produced} bytes, declared ${entry.size}`);
    }
    this.inflated += produced;
    const out = new Uint8Array(produced);
    let n = 0;
    for (const c of chunks) {
      out.set(c, n);
      n += c.length;
    }
    return out;
  }
}
