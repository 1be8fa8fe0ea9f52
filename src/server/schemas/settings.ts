/** Request and response schemas of `/api/settings`. */
import { z } from "@hono/zod-openapi";
import { MAX_YELLOW_DAYS } from "../../track/settings.js";
import { REMINDER_OFFSET_RANGE } from "../../track/rules/reminders.js";
import { PoliciesSchema } from "./common.js";

/** The region's supervision settings. */
export const SupervisionSettingsSchema = z
  .object({
    yellowDays: z.number().int(),
    reminderOffsets: z.array(z.number().int()),
    updatedAt: z.string().nullable(),
    updatedBy: z.string().nullable(),
  })
  .openapi("SupervisionSettings");

/** Facts about the server safe to show its administrator: limits and whether e-mail is set up. */
export const ServerFactsSchema = z
  .object({
    uploadBytes: z.number().int(),
    sessionIdleMinutes: z.number().int(),
    sessionAbsoluteHours: z.number(),
    smtpConfigured: z.boolean(),
  })
  .openapi("ServerFacts");

/** `GET /api/settings`: the supervision settings; the server facts only for the system administrator. */
export const SettingsResponse = z.object({
  data: z.object({ supervision: SupervisionSettingsSchema, server: ServerFactsSchema.nullable() }),
  policies: PoliciesSchema.optional(),
});

/** `PUT /api/settings`: the whole supervision settings. */
export const SettingsBody = z
  .strictObject({
    yellowDays: z.number().int().min(0).max(MAX_YELLOW_DAYS),
    reminderOffsets: z
      .array(z.number().int().min(REMINDER_OFFSET_RANGE.min).max(REMINDER_OFFSET_RANGE.max))
      .max(20)
      .refine((a) => a.every((o, i) => i === 0 || o > a[i - 1]!), "提醒时间须从早到晚排列且不重复"),
  })
  .openapi("SettingsBody");
