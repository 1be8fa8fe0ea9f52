import type { z } from "@hono/zod-openapi";
import type { RegionSchema } from "../schemas/regions.js";
import type { RegionRecord } from "../services/regions.js";

/** A region as the API shows it. */
export type RegionDto = z.infer<typeof RegionSchema>;

/** A region. */
export function presentRegion(region: RegionRecord): RegionDto {
  return { id: region.id, name: region.name, level: region.level, createdAt: region.createdAt.toISOString() };
}
