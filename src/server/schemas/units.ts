import { z } from "@hono/zod-openapi";
import { PoliciesSchema } from "./common.js";

/** A unit with how many active tasks it leads and supports. */
export const UnitSchema = z
  .object({
    id: z.uuid(),
    canonicalName: z.string(),
    kind: z.string(),
    level: z.string().nullable(),
    aliases: z.array(z.string()),
    lead: z.number().int(),
    co: z.number().int(),
  })
  .openapi("Unit");

/** A unit name that matched nothing in the registry. */
export const UnresolvedUnitSchema = z
  .object({
    name: z.string(),
    assignments: z.number().int(),
    tasks: z.number().int(),
    documents: z.number().int(),
  })
  .openapi("UnresolvedUnit");

/** `GET /api/units` response. */
export const UnitListResponse = z.object({ data: z.array(UnitSchema), policies: PoliciesSchema });

/** `GET /api/units/unresolved` response. */
export const UnresolvedListResponse = z.object({
  data: z.array(UnresolvedUnitSchema),
  policies: PoliciesSchema,
});
