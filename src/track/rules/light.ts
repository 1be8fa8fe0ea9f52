/**
 * Red / yellow / green of a task: red when its deadline has passed without a finished report or
 * when a report was returned twice; yellow from N days before the deadline; green otherwise.
 */
import { daysBetween, type IsoDate } from "./dates.js";

/** The light of a task. */
export type Light = "red" | "yellow" | "green";

/** Chinese names of the lights. */
export const LIGHT_LABELS: Readonly<Record<Light, string>> = { red: "红灯", yellow: "黄灯", green: "绿灯" };

/** Days before a deadline a task turns yellow, unless the supervisor sets another. */
export const DEFAULT_YELLOW_DAYS = 7;

/** What decides a task's light. */
export interface LightInput {
  today: IsoDate;
  due: IsoDate;
  /** The report for the period is in (submitted, accepted or locked). */
  reported: boolean;
  /** Times the report was returned by the supervisor. */
  returnCount: number;
  yellowDays?: number | undefined;
}

/** The light of one task for one period. */
export function taskLight(input: LightInput): Light {
  if (input.returnCount >= 2) return "red";
  if (input.reported) return "green";
  const left = daysBetween(input.today, input.due);
  if (left < 0) return "red";
  if (left <= (input.yellowDays ?? DEFAULT_YELLOW_DAYS)) return "yellow";
  return "green";
}

/** The worst of several lights (a task with several units is as late as its latest unit). */
export function worstLight(lights: readonly Light[]): Light {
  if (lights.includes("red")) return "red";
  if (lights.includes("yellow")) return "yellow";
  return "green";
}
