import type { HeadingNode, OutlineNode, Phase, PhaseStep, Span } from "./types.js";

const RANGE =
  /((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?:\s*\d{1,2}\s*日)?(?:上旬|中旬|下旬|底|初)?\s*(?:[—–\-－~～至到]+|—{1,2})\s*(?:((?:19|20)\d{2})\s*年\s*)?(\d{1,2})\s*月/;
const YEAR_RANGE = /((?:19|20)\d{2})\s*(?:年\s*)?[—–\-－~～至到]+\s*((?:19|20)\d{2})\s*年/;
const PHASE_NAME = /阶段|时期|步骤/;
const DEADLINE =
  /(?:((?:19|20)\d{2})\s*年\s*)?(?:(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日|(底|末|中旬|上旬|下旬))|(年底|年末|底|末))\s*(?:前|之前|以前)/;

/**
 * Reads phases from headings such as 动员部署阶段（2021年12月—2022年6月）: their date range and
 * the dated steps under them (11月30日前，…), with the year taken from the phase when not written.
 */
export function findPhases(text: string, headings: HeadingNode[]): Phase[] {
  const phases: Phase[] = [];
  for (const heading of headings) {
    if (!PHASE_NAME.test(heading.title)) continue;
    const range = readRange(heading.title);
    if (!range) continue;
    const name = heading.title
      .replace(/[（(][^）)]*[）)]/g, "")
      .replace(RANGE, "")
      .replace(YEAR_RANGE, "")
      .replace(/[:：，,\s]+$/, "")
      .trim();
    const phase: Phase = {
      id: `ph${phases.length + 1}`,
      name: name.length > 0 ? name : heading.title,
      start: range.start,
      end: range.end,
      steps: [],
      span: { start: heading.span.start, end: subtreeEnd(heading) },
    };
    for (const child of heading.children) {
      const span: Span =
        child.type === "heading" ? { start: child.span.start, end: subtreeEnd(child) } : child.span;
      const stepText = text.slice(span.start, span.end).replace(/\s*\n\s*/g, "");
      const step: PhaseStep = { text: stepText, span };
      const deadline = readDeadline(stepText, range.start, range.end);
      if (deadline) step.deadline = deadline;
      phase.steps.push(step);
    }
    phases.push(phase);
  }
  return phases;
}

function readRange(title: string): { start: string; end: string } | undefined {
  const m = RANGE.exec(title);
  if (m) {
    const startYear = Number(m[1]);
    const endYear = m[3] ? Number(m[3]) : startYear;
    return { start: month(startYear, Number(m[2])), end: month(endYear, Number(m[4])) };
  }
  const y = YEAR_RANGE.exec(title);
  if (y) return { start: month(Number(y[1]), 1), end: month(Number(y[2]), 12) };
  return undefined;
}

function month(year: number, m: number): string {
  return `${year}-${String(m).padStart(2, "0")}`;
}

/** A dated deadline in a step: ISO day, or the month's last day for 底/末. */
export function readDeadline(stepText: string, phaseStart?: string, phaseEnd?: string): string | undefined {
  const m = DEADLINE.exec(stepText);
  if (!m) return undefined;
  const written = m[1] ? Number(m[1]) : undefined;
  if (m[5]) {
    if (!written && (m[5] === "底" || m[5] === "末")) return undefined;
    const year = written ?? yearOf(phaseEnd);
    return year ? `${year}-12-31` : undefined;
  }
  const mon = Number(m[2]);
  if (mon < 1 || mon > 12) return undefined;
  const year = written ?? yearForMonth(mon, phaseStart, phaseEnd);
  if (year === undefined) return undefined;
  const lastDay = new Date(Date.UTC(year, mon, 0)).getUTCDate();
  const day = m[3] ? Number(m[3]) : m[4] === "上旬" ? 10 : m[4] === "中旬" ? 20 : lastDay;
  if (day < 1 || day > lastDay) return undefined;
  return `${year}-${String(mon).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function yearOf(isoMonth: string | undefined): number | undefined {
  return isoMonth ? Number(isoMonth.slice(0, 4)) : undefined;
}

/** The year in the phase's range in which that month falls. */
function yearForMonth(mon: number, start?: string, end?: string): number | undefined {
  if (!start || !end) return yearOf(end ?? start);
  const startYear = Number(start.slice(0, 4));
  const endYear = Number(end.slice(0, 4));
  for (let year = startYear; year <= endYear; year++) {
    const key = month(year, mon);
    if (key >= start && key <= end) return year;
  }
  return endYear;
}

function subtreeEnd(node: OutlineNode): number {
  if (node.type !== "heading" || node.children.length === 0) return node.span.end;
  return Math.max(node.span.end, subtreeEnd(node.children[node.children.length - 1] as OutlineNode));
}
