import { z } from "@hono/zod-openapi";
import { PoliciesSchema } from "./common.js";

/** A region (the tenant). */
export const RegionSchema = z
  .object({ id: z.string(), name: z.string(), level: z.string().nullable(), createdAt: z.string() })
  .openapi("Region");

/** `{id}` of a region: its text id. */
export const RegionIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" }, example: "default" }),
});

/** `PATCH /api/regions/{id}`. */
export const UpdateRegionBody = z
  .strictObject({
    name: z.string().trim().min(1).max(64).optional(),
    level: z.string().trim().max(16).nullable().optional(),
  })
  .openapi("UpdateRegionBody");

/** `GET /api/regions` response. */
export const RegionListResponse = z.object({ data: z.array(RegionSchema), policies: PoliciesSchema });

/** `GET /api/regions/{id}` response. */
export const RegionResponse = z.object({ data: RegionSchema, policies: PoliciesSchema });
