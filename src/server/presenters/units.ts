import type { z } from "@hono/zod-openapi";
import type { UnitSummary } from "../../store/index.js";
import type { UnitSchema } from "../schemas/units.js";

/** A unit as the API shows it. */
export type UnitDto = z.infer<typeof UnitSchema>;

/** A unit with its task counts. */
export function presentUnit(unit: UnitSummary): UnitDto {
  return {
    id: unit.unitId,
    canonicalName: unit.canonicalName,
    kind: unit.kind,
    level: unit.level,
    aliases: unit.aliases,
    lead: unit.lead,
    co: unit.co,
  };
}
