import { randomFillSync } from "node:crypto";

let lastMs = 0;
let counter = 0;
/**
 * Random bytes drawn 8 KiB at a time: one `randomFillSync` per id was a system call each and cost
 * as much as the rest of an import's id handling (≈ 200 ids per document).
 */
const pool = new Uint8Array(8192);
let poolAt = pool.length;

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids made one after
 * another sort one after another, so primary-key and foreign-key indexes grow at their right edge
 * instead of touching a random page per row, which keeps bulk imports fast once tables outgrow
 * memory. Within one millisecond a 12-bit counter keeps them ordered.
 */
export function uuidv7(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else if (++counter > 0xfff) {
    // More than 4096 ids in one millisecond: borrow the next millisecond.
    lastMs++;
    counter = 0;
  }
  if (poolAt + 8 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const random = pool.subarray(poolAt, poolAt + 8);
  poolAt += 8;
  const ms = lastMs.toString(16).padStart(12, "0");
  const a = (0x7000 | counter).toString(16);
  const b =
    ((random[0]! & 0x3f) | 0x80).toString(16).padStart(2, "0") + random[1]!.toString(16).padStart(2, "0");
  let rest = "";
  for (let i = 2; i < 8; i++) rest += random[i]!.toString(16).padStart(2, "0");
  return `${ms.slice(0, 8)}-${ms.slice(8)}-${a}-${b}-${rest}`;
}
