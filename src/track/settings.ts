/**
 * The 督查室's supervision settings of a region (设置): days before a deadline a task turns yellow,
 * and the reminder schedule. A region that never saved them runs on the defaults, which are the
 * constants of the rules.
 */
import type { TrackContext, TrackScope } from "./context.js";
import { TrackError } from "./errors.js";
import { DEFAULT_YELLOW_DAYS } from "./rules/light.js";
import { DEFAULT_REMINDER_OFFSETS, REMINDER_OFFSET_RANGE } from "./rules/reminders.js";

/** Highest yellow threshold the supervisor may set, in days. */
export const MAX_YELLOW_DAYS = 60;

/** A region's supervision settings. */
export interface RegionSettings {
  yellowDays: number;
  /** Days from the due date, ascending; negative before it, 0 on it, positive after. */
  reminderOffsets: number[];
  /** Null while the region runs on the defaults. */
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** The defaults every region starts with. */
export function defaultSettings(): RegionSettings {
  return {
    yellowDays: DEFAULT_YELLOW_DAYS,
    reminderOffsets: [...DEFAULT_REMINDER_OFFSETS],
    updatedAt: null,
    updatedBy: null,
  };
}

/** The region's settings, or the defaults when it has none stored. */
export async function getRegionSettings(scope: TrackScope): Promise<RegionSettings> {
  const row = await scope.db
    .selectFrom("region_settings")
    .selectAll()
    .where("region_id", "=", scope.regionId)
    .executeTakeFirst();
  if (!row) return defaultSettings();
  return {
    yellowDays: row.yellow_days,
    reminderOffsets: [...row.reminder_offsets],
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

/** What the supervisor submits. */
export interface SettingsInput {
  yellowDays: number;
  reminderOffsets: number[];
}

/** Problems with submitted settings, in Chinese; empty when they may be saved. */
export function settingsProblems(input: SettingsInput): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(input.yellowDays) || input.yellowDays < 0 || input.yellowDays > MAX_YELLOW_DAYS)
    problems.push(`yellowDays: 黄灯提前天数须为 0 到 ${MAX_YELLOW_DAYS} 的整数`);
  const { min, max } = REMINDER_OFFSET_RANGE;
  const offsets = input.reminderOffsets;
  if (offsets.some((o) => !Number.isInteger(o) || o < min || o > max))
    problems.push(`reminderOffsets: 提醒时间须为 ${min} 到 ${max} 的整数天`);
  else if (offsets.some((o, i) => i > 0 && o <= offsets[i - 1]!))
    problems.push("reminderOffsets: 提醒时间须从早到晚排列且不重复");
  return problems;
}

/** Saves the region's settings (audited with before and after). */
export async function updateRegionSettings(ctx: TrackContext, input: SettingsInput): Promise<RegionSettings> {
  const problems = settingsProblems(input);
  if (problems.length > 0) throw new TrackError("REPORT_INVALID", "设置不符合要求", undefined, problems);
  return ctx.transaction(async (trx) => {
    const regionId = ctx.actor.regionId;
    const before = await getRegionSettings({ db: trx, regionId });
    const now = ctx.clock.now();
    const values = {
      yellow_days: input.yellowDays,
      reminder_offsets: JSON.stringify(input.reminderOffsets),
      updated_by: ctx.actor.userId,
      updated_at: now,
    };
    await trx
      .insertInto("region_settings")
      .values({ region_id: regionId, ...values })
      .onConflict((oc) => oc.column("region_id").doUpdateSet(values))
      .execute();
    const after = await getRegionSettings({ db: trx, regionId });
    await ctx.audit(trx, {
      objectId: regionId,
      before: { yellowDays: before.yellowDays, reminderOffsets: before.reminderOffsets },
      after: { yellowDays: after.yellowDays, reminderOffsets: after.reminderOffsets },
    });
    return after;
  });
}
