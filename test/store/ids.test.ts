import { describe, expect, it } from "vitest";
import { uuidv7 } from "../../src/store/ids.js";

describe("uuidv7", () => {
  it("is an RFC 9562 version 7 UUID carrying the given millisecond", () => {
    const id = uuidv7(Date.UTC(2026, 10, 24, 8, 0, 0));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // 2026-11-24T08:00:00Z = 1795507200000 ms = 0x01a2_0c91_a000.
    expect(id.replace(/-/g, "").slice(0, 12)).toBe((1795507200000).toString(16).padStart(12, "0"));
  });

  it("sorts in the order made, stays unique past the random pool's refill, and borrows a millisecond after 4096", () => {
    const at = Date.UTC(2030, 0, 1);
    const ids = Array.from({ length: 5000 }, () => uuidv7(at));
    expect(new Set(ids).size).toBe(5000);
    expect([...ids].sort()).toEqual(ids);
    // Ids 4097… of one millisecond carry the next one.
    expect(ids[4200]!.replace(/-/g, "").slice(0, 12)).toBe((at + 1).toString(16).padStart(12, "0"));
  });
});
