import { z } from "@hono/zod-openapi";

/** `GET /api/search` query. */
export const SearchQuery = z.object({
  q: z.string().trim().min(1).max(200),
  kind: z.enum(["task", "indicator", "document"]).optional(),
  documentId: z.uuid().optional(),
  year: z.coerce.number().int().min(1900).max(2200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** One hit with a snippet around the matched words. */
export const SearchHitSchema = z
  .object({
    kind: z.enum(["task", "indicator", "document"]),
    id: z.string(),
    documentId: z.string(),
    documentTitle: z.string().nullable(),
    docNumber: z.string().nullable(),
    year: z.number().int().nullable(),
    rank: z.number(),
    snippet: z.string(),
    highlights: z.array(z.tuple([z.number().int(), z.number().int()])),
    headingPath: z.array(z.string()).optional(),
  })
  .openapi("SearchHit");

/** `GET /api/search` response. */
export const SearchResponse = z.object({
  data: z.object({
    tokens: z.array(z.string()),
    hits: z.array(SearchHitSchema),
    /** Kinds whose ranking covered only the first matches found (see store search). */
    capped: z.array(z.enum(["task", "indicator", "document"])),
  }),
});
