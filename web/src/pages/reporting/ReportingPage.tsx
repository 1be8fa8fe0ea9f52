/**
 * 进展报送: pick a period, see every expected report (task × unit) with where it stands. A
 * department opens its own to fill in and submit; the 督查室 sees the review queue (待审核 first)
 * and accepts or returns.
 */
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Empty, Select, Space, Table, Tag, Typography } from "antd";
import { useMemo, useState } from "react";
import { messageOf } from "../../api/client.js";
import { get } from "../../api/send.js";
import { useMe } from "../../auth/session.js";
import { ASSIGNMENT_LABELS } from "../../labels.js";
import {
  REPORT_STATUS_LABELS,
  WORKFLOW_COLORS,
  WORKFLOW_LABELS,
  type ExpectedRow,
  type Period,
} from "../../reporting.js";
import { setQuery, useLocation } from "../../router.js";
import { DownloadButton } from "../../components/DownloadButton.js";
import { ClosePeriod } from "./ClosePeriod.js";
import { LedgerImport } from "./LedgerImport.js";
import { OpenYear } from "./OpenYear.js";
import { ReportDrawer } from "./ReportDrawer.js";

/** The reporting page. */
export default function ReportingPage() {
  const me = useMe();
  const { query } = useLocation();
  const role = me.data.role;
  const mode = role === "reporter" ? "write" : role === "supervisor" ? "review" : "read";
  const periods = useQuery({
    queryKey: ["periods"],
    queryFn: () => get<{ data: Period[]; policies?: Record<string, boolean> }>("/api/periods"),
  });
  const open = (periods.data?.data ?? []).filter((p) => p.status === "open");
  const periodId = query.get("periodId") ?? open[0]?.id ?? periods.data?.data[0]?.id;
  const queueOnly = query.get("queue") === "1";
  const selectedPeriod = periods.data?.data.find((p) => p.id === periodId);
  const expected = useQuery({
    queryKey: ["expected", periodId],
    enabled: periodId !== undefined,
    queryFn: () =>
      get<{ data: { period: Period; expected: ExpectedRow[] } }>(`/api/periods/${periodId}/expected`),
  });
  const [selected, setSelected] = useState<ExpectedRow | null>(null);
  const rows = useMemo(() => {
    const all = expected.data?.data.expected ?? [];
    return queueOnly ? all.filter((r) => r.workflow === "submitted") : all;
  }, [expected.data, queueOnly]);
  const waiting = (expected.data?.data.expected ?? []).filter((r) => r.workflow === "submitted").length;

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {mode === "review" ? "报送审核" : "进展报送"}
      </Typography.Title>
      {periods.data?.policies?.open && <OpenYear />}
      <Space wrap>
        <Select
          style={{ width: 360 }}
          placeholder="选择报送周期"
          loading={periods.isPending}
          value={periodId}
          onChange={(v: string) => setQuery({ periodId: v })}
          options={periods.data?.data.map((p) => ({
            value: p.id,
            label: `${p.label}（截止 ${p.due}${p.status === "closed" ? "，已关闭" : ""}）`,
          }))}
          aria-label="报送周期"
        />
        {selectedPeriod && periods.data?.policies?.close && <ClosePeriod period={selectedPeriod} />}
        {selectedPeriod && periods.data?.policies?.export && (
          <DownloadButton
            path={`/api/periods/${encodeURIComponent(selectedPeriod.id)}/ledger`}
            label="导出工作台账"
            fallbackName="工作台账.xlsx"
          />
        )}
        {selectedPeriod && periods.data?.policies?.import && (
          <LedgerImport period={selectedPeriod} rows={expected.data?.data.expected ?? []} />
        )}
        {mode === "review" && (
          <Button
            type={queueOnly ? "primary" : "default"}
            onClick={() => setQuery({ queue: queueOnly ? undefined : "1" })}
          >
            待审核（{waiting}）
          </Button>
        )}
      </Space>
      {periods.isError || expected.isError ? (
        <Alert
          type="error"
          showIcon
          title="加载失败"
          description={messageOf(periods.error ?? expected.error)}
        />
      ) : periods.data && periods.data.data.length === 0 ? (
        <Empty description={mode === "review" ? "还没有开启报送周期" : "目前没有需要报送的周期"} />
      ) : (
        <Table<ExpectedRow>
          rowKey={(r) => `${r.taskId}:${r.unitId}`}
          size="small"
          loading={periods.isPending || expected.isFetching}
          dataSource={rows}
          pagination={{ pageSize: 50, showTotal: (n) => `共 ${n} 份` }}
          locale={{
            emptyText: <Empty description={queueOnly ? "没有待审核的报告" : "本周期没有应报事项"} />,
          }}
          // Rows open the report: by mouse, and by keyboard (Tab to the row, Enter or Space).
          onRow={(r) => ({
            onClick: () => setSelected(r),
            onKeyDown: (e) => {
              if (e.target !== e.currentTarget) return;
              if (e.key === "Enter" || e.key === " ") {
                e.preventDefault();
                setSelected(r);
              }
            },
            tabIndex: 0,
            role: "button",
            "aria-label": `打开报告：${r.taskSeq}. ${r.taskText}（${r.unitName}）`,
            style: { cursor: "pointer" },
          })}
          columns={[
            { title: "序号", dataIndex: "taskSeq", width: 64 },
            { title: "任务", dataIndex: "taskText", ellipsis: true },
            { title: "单位", dataIndex: "unitName", width: 160 },
            {
              title: "职责",
              dataIndex: "role",
              width: 64,
              render: (r: "lead" | "co") => ASSIGNMENT_LABELS[r],
            },
            { title: "截止", dataIndex: "due", width: 110 },
            {
              title: "报送",
              dataIndex: "workflow",
              width: 90,
              render: (w: ExpectedRow["workflow"]) => (
                <Tag color={WORKFLOW_COLORS[w ?? "none"]}>{WORKFLOW_LABELS[w ?? "none"]}</Tag>
              ),
            },
            {
              title: "进展",
              dataIndex: "status",
              width: 110,
              render: (s: string | null, r) =>
                s ? `${REPORT_STATUS_LABELS[s] ?? s} ${r.progress ?? 0}%` : "—",
            },
          ]}
        />
      )}
      {periodId && (
        <ReportDrawer periodId={periodId} row={selected} mode={mode} onClose={() => setSelected(null)} />
      )}
    </Space>
  );
}
