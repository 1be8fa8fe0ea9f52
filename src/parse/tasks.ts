import { findClauses, type Clause } from "./clauses.js";
import type { BodySegment } from "./outline.js";
import { readDeadline } from "./phases.js";
import { readTableDeadline } from "./task-tables.js";
import type { Assignment, Diagnostic, HeadingNode, Span, Task } from "./types.js";

/** Label of a heading as a clerk writes it in a 序号 column: marker and title. */
export function headingLabel(heading: HeadingNode): string {
  const wordy = heading.style === "part" || heading.style === "chapter" || heading.style === "section";
  return wordy ? `${heading.marker} ${heading.title}` : `${heading.marker}${heading.title}`;
}

interface Pending {
  pieces: Span[];
}

/**
 * Ties every responsibility clause to the work it assigns: the text since the previous clause or
 * heading. A clause right after a heading with no text of its own takes the heading's title.
 */
export function tasksFromSegments(
  text: string,
  segments: BodySegment[],
): { tasks: Task[]; diagnostics: Diagnostic[] } {
  const tasks: Task[] = [];
  const diagnostics: Diagnostic[] = [];
  let pending: Pending = { pieces: [] };
  let lastClauseEnd = -1;
  const seen = new Map<string, Task>();

  for (const segment of segments) {
    if (segment.kind === "heading") {
      pending = { pieces: [] };
      continue;
    }
    const field = DEADLINE_FIELD.exec(text.slice(segment.span.start, segment.span.end));
    const previousTask = tasks[tasks.length - 1];
    if (field && previousTask && onlySpaceBetween(text, lastClauseEnd, segment.span.start)) {
      const valueStart = segment.span.end - (field[1] as string).length;
      const value = readTableDeadline(field[1] as string);
      if (value) previousTask.deadline = { value, span: { start: valueStart, end: segment.span.end } };
      lastClauseEnd = segment.span.end;
      continue;
    }
    const found = findClauses(text, segment.span.start, segment.span.end);
    diagnostics.push(...found.diagnostics);
    let cursor = segment.span.start;
    for (const clause of found.clauses) {
      if (clause.span.start > cursor) pending.pieces.push({ start: cursor, end: clause.span.start });
      cursor = clause.span.end;
      const pieces = pending.pieces.map((p) => trim(text, p)).filter((p) => p.end > p.start);
      pending = { pieces: [] };
      const previous = tasks[tasks.length - 1];
      if (pieces.length === 0 && previous && onlySpaceBetween(text, lastClauseEnd, clause.span.start)) {
        // 牵头单位：X on one line and 配合单位：Y on the next are one clause.
        mergeInto(previous, clause);
        lastClauseEnd = clause.span.end;
        continue;
      }
      lastClauseEnd = clause.span.end;
      const headings = segment.headings;
      const task = buildTask(text, pieces, clause, headings);
      if (!task) {
        diagnostics.push({
          code: "clause-without-task",
          severity: "warning",
          message: "责任分工前没有可对应的任务内容",
          span: clause.span,
        });
        continue;
      }
      const key = `${task.text}\u0000${task.assignments.map((a) => `${a.role}:${a.unit}`).join("|")}`;
      const original = seen.get(key);
      if (original) {
        diagnostics.push({
          code: "duplicate-task",
          severity: "warning",
          message: "与前文任务及责任单位完全相同，已合并",
          span: { start: task.span.start, end: task.clauseSpan.end },
          related: [{ start: original.span.start, end: original.clauseSpan.end }],
        });
        continue;
      }
      seen.set(key, task);
      tasks.push(task);
    }
    if (cursor < segment.span.end) pending.pieces.push({ start: cursor, end: segment.span.end });
  }
  tasks.forEach((task, i) => (task.id = `t${i + 1}`));
  return { tasks, diagnostics };
}

function buildTask(text: string, pieces: Span[], clause: Clause, headings: HeadingNode[]): Task | undefined {
  const nearest = headings[headings.length - 1];
  let span: Span;
  let taskText: string;
  if (pieces.length > 0) {
    // Only the text right before the clause: a collapsed copy in between breaks the run.
    let first = pieces.length - 1;
    while (
      first > 0 &&
      /^\s*$/.test(text.slice((pieces[first - 1] as Span).end, (pieces[first] as Span).start))
    )
      first--;
    span = { start: (pieces[first] as Span).start, end: (pieces[pieces.length - 1] as Span).end };
    taskText = text.slice(span.start, span.end);
  } else if (nearest && nearest.title.length > 0) {
    span = {
      start: nearest.span.start + (nearest.span.end - nearest.span.start - nearest.title.length),
      end: nearest.span.end,
    };
    taskText = nearest.title;
  } else {
    return undefined;
  }
  const task: Task = {
    id: "",
    path: headings.map(headingLabel),
    headingIds: headings.map((h) => h.id),
    text: taskText,
    span,
    clauseSpan: clause.span,
    assignments: clause.assignments,
  };
  const deadline = findDeadline(text, span);
  if (deadline) task.deadline = deadline;
  return task;
}

function findDeadline(text: string, span: Span): Task["deadline"] {
  const slice = text.slice(span.start, span.end);
  const m =
    /(?:19|20)\d{2}\s*年\s*(?:\d{1,2}\s*月\s*(?:\d{1,2}\s*日|底|末)?|底|年底|末)\s*(?:前|之前|以前)/.exec(
      slice,
    );
  if (!m) return undefined;
  const value = readDeadline(m[0]);
  if (!value) return undefined;
  return { value, span: { start: span.start + m.index, end: span.start + m.index + m[0].length } };
}

function mergeInto(task: Task, clause: Clause): void {
  task.clauseSpan = { start: task.clauseSpan.start, end: clause.span.end };
  const hasLead = task.assignments.some((a) => a.role === "lead");
  for (const assignment of clause.assignments) {
    if (task.assignments.some((a: Assignment) => a.unit === assignment.unit)) continue;
    // 牵头单位：X then 责任单位：Y on the next line: Y works with the lead X, it does not lead.
    if (hasLead && assignment.inferred) {
      const { inferred: _inferred, ...rest } = assignment;
      task.assignments.push({ ...rest, role: "co" });
    } else {
      task.assignments.push(assignment);
    }
  }
}

/** A 完成时限：… line under a clause gives the task its deadline. */
const DEADLINE_FIELD = /^(?:完成时限|完成时间|时间节点|办结时限|时限要求|截止时间)\s*[:：]\s*(\S.*)$/;

function onlySpaceBetween(text: string, from: number, to: number): boolean {
  if (from < 0 || to < from) return false;
  return /^[\s\u3000]*$/.test(text.slice(from, to));
}

function trim(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /[\s\u3000]/.test(text[start] as string)) start++;
  while (end > start && /[\s\u3000]/.test(text[end - 1] as string)) end--;
  return { start, end };
}
