/** Reads what the calendar proposal needs from a parsed document. */
import type { PolicyDocument } from "../parse/index.js";
import type { CalendarInput } from "./rules/calendar.js";

/** The calendar input of a document: its text, its phases and its dated tasks. */
export function calendarInputOf(
  text: string,
  document: Pick<PolicyDocument, "phases" | "tasks">,
): CalendarInput {
  return {
    text,
    phases: document.phases.map((p) => ({
      name: p.name,
      start: p.start,
      end: p.end,
      steps: p.steps.map((s) => ({ text: s.text, deadline: s.deadline })),
    })),
    taskDeadlines: document.tasks.flatMap((t) =>
      t.deadline ? [{ text: t.text, deadline: t.deadline.value }] : [],
    ),
  };
}
