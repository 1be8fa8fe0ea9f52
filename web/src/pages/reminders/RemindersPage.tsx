/**
 * 督办提醒: the 督办单 sent in a period — every unit's for the 督查室 and leaders, its own for a
 * department — with the task, the unit, what it says and how it was delivered. The 督查室
 * generates today's reminders (those already sent for a slot are not sent twice).
 */
import { BellOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Empty, Space, Table, Tag, Typography } from "antd";
import { useMemo } from "react";
import { messageOf } from "../../api/client.js";
import { get, send } from "../../api/send.js";
import { PeriodSelect, usePeriods } from "../../components/PeriodSelect.js";
import type { ExpectedRow, Period } from "../../reporting.js";

/** A reminder as `/api/reminders` answers it. */
export interface ReminderRow {
  id: string;
  periodId: string;
  taskId: string;
  unitId: string;
  /** `before_N`, `due_0` or `overdue_N`, after the region's reminder schedule (设置). */
  kind: string;
  message: string;
  due: string;
  sendOn: string;
  channel: "in_app" | "email";
  delivery: string;
}

/** Blue while there is time, warmer as the deadline nears, red once it has passed. */
function kindColor(kind: string): string {
  const [side, days] = kind.split("_");
  if (side === "overdue") return "red";
  if (side === "due" || Number(days) <= 1) return "orange";
  return Number(days) <= 7 ? "gold" : "blue";
}

/** The reminders page. */
export default function RemindersPage() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const periods = usePeriods();
  const { periodId, policies } = periods;
  const reminders = useQuery({
    queryKey: ["reminders", periodId],
    enabled: periodId !== undefined,
    queryFn: () => get<{ data: ReminderRow[] }>(`/api/reminders?periodId=${encodeURIComponent(periodId!)}`),
  });
  // Task and unit names come from the period's expected reports (a department gets its own).
  const expected = useQuery({
    queryKey: ["expected", periodId],
    enabled: periodId !== undefined,
    queryFn: () =>
      get<{ data: { period: Period; expected: ExpectedRow[] } }>(`/api/periods/${periodId}/expected`),
  });
  const names = useMemo(() => {
    const tasks = new Map<string, string>();
    const units = new Map<string, string>();
    for (const e of expected.data?.data.expected ?? []) {
      tasks.set(e.taskId, `${e.taskSeq}. ${e.taskText}`);
      units.set(e.unitId, e.unitName);
    }
    return { tasks, units };
  }, [expected.data]);
  const generate = useMutation({
    mutationFn: () => send<{ data: { created: unknown[] } }>("POST", `/api/periods/${periodId}/reminders`),
    onSuccess: async (res) => {
      const n = res.data.created.length;
      if (n > 0) message.success(`已生成今日督办提醒 ${n} 条`);
      else message.info("今天没有需要发出的督办提醒（均已报送、未到提醒时间或今日已发）");
      await client.invalidateQueries({ queryKey: ["reminders", periodId] });
    },
    onError: (error) => message.error(`生成失败：${messageOf(error)}`),
  });
  const error = periods.periods.error ?? reminders.error ?? expected.error;

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        督办提醒
      </Typography.Title>
      <Space wrap>
        <PeriodSelect periods={periods} />
        {policies.remind && periodId && (
          <Button
            type="primary"
            icon={<BellOutlined />}
            loading={generate.isPending}
            onClick={() => generate.mutate()}
          >
            生成今日督办提醒
          </Button>
        )}
      </Space>
      {error ? (
        <Alert type="error" showIcon title="督办提醒加载失败" description={messageOf(error)} />
      ) : periods.periods.data && periods.list.length === 0 ? (
        <Empty description="还没有报送周期，暂无督办提醒" />
      ) : (
        <Table<ReminderRow>
          rowKey="id"
          size="small"
          loading={periods.periods.isPending || reminders.isPending || reminders.isFetching}
          dataSource={reminders.data?.data ?? []}
          pagination={{ pageSize: 50, showTotal: (n) => `共 ${n} 条`, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description="本周期还没有督办提醒" /> }}
          columns={[
            {
              title: "提醒日期",
              dataIndex: "sendOn",
              width: 110,
              defaultSortOrder: "descend",
              sorter: (a, b) => a.sendOn.localeCompare(b.sendOn),
            },
            {
              title: "提醒",
              dataIndex: "message",
              width: 170,
              render: (text: string, r) => <Tag color={kindColor(r.kind)}>{text}</Tag>,
            },
            {
              title: "任务",
              key: "task",
              ellipsis: true,
              render: (_, r) => names.tasks.get(r.taskId) ?? "（任务）",
            },
            {
              title: "责任单位",
              key: "unit",
              width: 160,
              render: (_, r) => names.units.get(r.unitId) ?? "—",
            },
            { title: "截止日期", dataIndex: "due", width: 110 },
            {
              title: "送达",
              dataIndex: "delivery",
              width: 260,
              ellipsis: true,
              render: (text: string, r) => (
                <span title={text}>
                  <Tag>{r.channel === "email" ? "邮件" : "站内"}</Tag>
                  {text}
                </span>
              ),
            },
          ]}
        />
      )}
    </Space>
  );
}
