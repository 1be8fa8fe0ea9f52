/**
 * Proposes a document's reporting calendar for one year from the document's own words: a cadence
 * sentence (每年底报送 → yearly, 每季度末 → quarterly, 每半年 → half-yearly, 每月 → monthly) and dated
 * checkpoints (phase ends, phase steps and task deadlines such as 11月30日前). The supervisor edits
 * the proposal; nothing here is final.
 */
import { dueDateOf, monthEnd, monthStart, type IsoDate } from "./dates.js";

/** How often, or at which point, a period falls. */
export type PeriodKind = "yearly" | "half" | "quarterly" | "monthly" | "checkpoint";

/** A proposed reporting period. */
export interface ProposedPeriod {
  kind: PeriodKind;
  label: string;
  start: IsoDate;
  end: IsoDate;
  due: IsoDate;
  /** The words of the document the period comes from, or `default` when none asked for it. */
  source: string;
}

/** What the proposal reads from a parsed document. */
export interface CalendarInput {
  text: string;
  phases: readonly {
    name: string;
    start?: string | undefined;
    end?: string | undefined;
    steps: readonly { text: string; deadline?: string | undefined }[];
  }[];
  taskDeadlines: readonly { text: string; deadline: string }[];
}

interface Cadence {
  kind: Exclude<PeriodKind, "checkpoint">;
  pattern: RegExp;
}

// Finer cadences first: a document that asks for quarterly and yearly reports gets both.
const CADENCES: readonly Cadence[] = [
  { kind: "monthly", pattern: /每(个)?月(底|末)?[^。；]{0,20}(报送|上报|报告|报)/ },
  { kind: "quarterly", pattern: /每(个)?季度(末|底)?[^。；]{0,20}(报送|上报|报告|报)/ },
  { kind: "half", pattern: /每半年[^。；]{0,20}(报送|上报|报告|报)/ },
  { kind: "yearly", pattern: /(每年(底|末|年底|年末)|年底前|每年度)[^。；]{0,20}(报送|上报|报告|报)/ },
];

/** The sentence around a match, for the `source` of a period. */
function sentenceAround(text: string, index: number): string {
  let start = index;
  while (start > 0 && index - start < 80 && !"。；\n".includes(text[start - 1]!)) start--;
  let end = index;
  while (end < text.length && end - index < 80 && !"。；\n".includes(text[end]!)) end++;
  return text.slice(start, end + (end < text.length ? 1 : 0)).trim();
}

function periodsOf(kind: Cadence["kind"], year: number, source: string): ProposedPeriod[] {
  switch (kind) {
    case "yearly":
      return [
        {
          kind,
          label: `${year}年度`,
          start: `${year}-01-01`,
          end: `${year}-12-31`,
          due: `${year}-12-31`,
          source,
        },
      ];
    case "half":
      return [1, 2].map((h) => ({
        kind,
        label: `${year}年${h === 1 ? "上" : "下"}半年`,
        start: monthStart(year, h === 1 ? 1 : 7),
        end: monthEnd(year, h === 1 ? 6 : 12),
        due: monthEnd(year, h === 1 ? 6 : 12),
        source,
      }));
    case "quarterly":
      return [1, 2, 3, 4].map((q) => ({
        kind,
        label: `${year}年第${q}季度`,
        start: monthStart(year, q * 3 - 2),
        end: monthEnd(year, q * 3),
        due: monthEnd(year, q * 3),
        source,
      }));
    case "monthly":
      return Array.from({ length: 12 }, (_, i) => ({
        kind,
        label: `${year}年${i + 1}月`,
        start: monthStart(year, i + 1),
        end: monthEnd(year, i + 1),
        due: monthEnd(year, i + 1),
        source,
      }));
  }
}

function checkpoint(name: string, due: IsoDate, year: number, source: string): ProposedPeriod {
  return {
    kind: "checkpoint",
    label: `节点：${name}（${due}）`,
    start: `${year}-01-01`,
    end: due,
    due,
    source,
  };
}

/**
 * The periods of `year`: one set per cadence the text asks for (yearly when it asks for none), then
 * a checkpoint for every phase end, step deadline and task deadline that falls in the year. Sorted
 * by due date, then by kind; duplicates (same kind and due date) dropped.
 */
export function proposeCalendar(input: CalendarInput, year: number): ProposedPeriod[] {
  const out: ProposedPeriod[] = [];
  for (const cadence of CADENCES) {
    const match = cadence.pattern.exec(input.text);
    if (match) out.push(...periodsOf(cadence.kind, year, sentenceAround(input.text, match.index)));
  }
  if (out.length === 0) out.push(...periodsOf("yearly", year, "default"));
  const inYear = (due: IsoDate | null): due is IsoDate => due !== null && due.startsWith(`${year}-`);
  for (const phase of input.phases) {
    const end = phase.end ? dueDateOf(phase.end) : null;
    if (inYear(end)) out.push(checkpoint(phase.name, end, year, phase.name));
    for (const step of phase.steps) {
      const due = step.deadline ? dueDateOf(step.deadline) : null;
      if (inYear(due)) out.push(checkpoint(clip(step.text), due, year, step.text));
    }
  }
  for (const task of input.taskDeadlines) {
    const due = dueDateOf(task.deadline);
    if (inYear(due)) out.push(checkpoint(clip(task.text), due, year, task.text));
  }
  const seen = new Set<string>();
  const order: Record<PeriodKind, number> = { checkpoint: 0, monthly: 1, quarterly: 2, half: 3, yearly: 4 };
  return out
    .filter((p) => {
      const key = `${p.kind}|${p.due}|${p.kind === "checkpoint" ? p.label : ""}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : order[a.kind] - order[b.kind]));
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, "");
  return flat.length > 20 ? `${flat.slice(0, 20)}…` : flat;
}
