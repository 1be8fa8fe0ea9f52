/**
 * The e-mail form of a reminder (督办单): a short notice in the manner of an official letter — the
 * unit addressed, the document, the task, the period, the due date and the days left or overdue.
 */
import { daysBetween, type IsoDate } from "./dates.js";
import { reminderLabel, type ReminderKind } from "./reminders.js";

/** What a reminder e-mail says. */
export interface ReminderMailInput {
  unitName: string;
  documentTitle: string;
  docNumber: string | null;
  periodLabel: string;
  taskText: string;
  due: IsoDate;
  today: IsoDate;
  kind: ReminderKind;
  /** Who signs it; the supervision office by default. */
  sender?: string;
}

/** Subject and plain-text body of a reminder e-mail. */
export interface ReminderMail {
  subject: string;
  text: string;
}

/** 距截止还有 N 天 / 今日截止 / 已逾期 N 天. */
export function daysLeftPhrase(due: IsoDate, today: IsoDate): string {
  const days = daysBetween(today, due);
  if (days > 0) return `距截止还有${days}天`;
  if (days === 0) return "今日截止";
  return `已逾期${-days}天`;
}

/** 2024-12-31 → 2024年12月31日. */
export function chineseDate(date: IsoDate): string {
  const [y, m, d] = date.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

// Header fields must stay on one line whatever the document's text holds.
const oneLine = (s: string) => s.replace(/[\r\n\t]+/g, " ").trim();

/** Composes the 督办提醒 e-mail of one expected report. */
export function composeReminderMail(input: ReminderMailInput): ReminderMail {
  const title = oneLine(input.documentTitle) || "政策文件";
  const document = `《${title.replace(/^《|》$/g, "")}》${input.docNumber ? `（${oneLine(input.docNumber)}）` : ""}`;
  const task = oneLine(input.taskText);
  const phrase = daysLeftPhrase(input.due, input.today);
  const overdue = input.kind.startsWith("overdue_") || daysBetween(input.today, input.due) < 0;
  const subject = `【督办提醒】${oneLine(input.periodLabel)}任务落实情况报送${overdue ? "已逾期" : `将于${chineseDate(input.due)}截止`}`;
  const text = [
    `${oneLine(input.unitName)}：`,
    "",
    `根据${document}的分工安排，你单位承担的下列任务须报送${oneLine(input.periodLabel)}落实情况：`,
    "",
    `任务：${task}`,
    `报送周期：${oneLine(input.periodLabel)}`,
    `截止日期：${chineseDate(input.due)}（${phrase}）`,
    `提醒事项：${reminderLabel(input.kind)}`,
    "",
    overdue
      ? "该任务进展情况已超过报送时限，请即登录落实系统补报，并说明逾期原因。"
      : "请于截止日期前登录落实系统报送进展情况。已报送的，请忽略本提醒。",
    "",
    input.sender ?? "督查室",
    chineseDate(input.today),
    "",
    "（本邮件由落实系统自动发送，请勿直接回复。）",
  ].join("\n");
  return { subject, text };
}
