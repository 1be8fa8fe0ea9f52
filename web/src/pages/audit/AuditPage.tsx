/** The audit log for the audit administrator: filters, the rows with their before/after, export, chain check. */
import { SafetyCertificateOutlined } from "@ant-design/icons";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { Alert, Button, DatePicker, Empty, Input, Select, Space, Table, Tag, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { api, messageOf, ok } from "../../api/client.js";
import { CHAIN_BREAK_LABELS, OUTCOME_LABELS } from "../../labels.js";

interface Filters {
  from?: string;
  to?: string;
  action?: string;
  actor?: string;
  outcome?: "success" | "failure" | "denied";
}

const PAGE_SIZE = 50;
const OUTCOME_COLORS = { success: "green", failure: "orange", denied: "red" } as const;

/** The audit page. */
export default function AuditPage() {
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const update = (f: Filters) => (setFilters((old) => ({ ...old, ...f })), setPage(1));
  const rows = useQuery({
    queryKey: ["audit", filters, page],
    placeholderData: keepPreviousData,
    queryFn: () =>
      ok(
        api.api.audit.$get({
          query: {
            limit: String(PAGE_SIZE),
            offset: String((page - 1) * PAGE_SIZE),
            ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)),
          },
        }),
      ),
  });
  const verify = useMutation({ mutationFn: () => ok(api.api.audit.verify.$get()) });
  const exportHref = (format: "csv" | "ndjson") => {
    const q = new URLSearchParams({ format });
    if (filters.from) q.set("from", filters.from);
    if (filters.to) q.set("to", filters.to);
    return `/api/audit/export?${q}`;
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Space style={{ width: "100%", justifyContent: "space-between" }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          审计日志
        </Typography.Title>
        <Space>
          <Button href={exportHref("csv")}>导出 CSV</Button>
          <Button href={exportHref("ndjson")}>导出 NDJSON</Button>
          <Button
            icon={<SafetyCertificateOutlined />}
            loading={verify.isPending}
            onClick={() => verify.mutate()}
          >
            校验完整性
          </Button>
        </Space>
      </Space>
      {verify.error && <Alert type="error" showIcon title={messageOf(verify.error)} />}
      {verify.data &&
        (verify.data.data.ok ? (
          <Alert
            type="success"
            showIcon
            data-testid="chain-result"
            title={`哈希链完整：共 ${verify.data.data.rows} 条记录（序号 ${verify.data.data.firstSeq ?? "—"} 至 ${verify.data.data.lastSeq ?? "—"}）`}
          />
        ) : (
          <Alert
            type="error"
            showIcon
            data-testid="chain-result"
            title={`哈希链在第 ${verify.data.data.firstBad?.seq} 条断开：${verify.data.data.firstBad ? CHAIN_BREAK_LABELS[verify.data.data.firstBad.reason] : ""}`}
          />
        ))}
      <Space wrap>
        <DatePicker.RangePicker
          showTime
          onChange={(range: [Dayjs | null, Dayjs | null] | null) =>
            update({ from: range?.[0]?.toISOString(), to: range?.[1]?.toISOString() })
          }
          aria-label="时间范围"
        />
        <Input.Search
          placeholder="操作，如 login"
          allowClear
          style={{ width: 180 }}
          onSearch={(v) => update({ action: v.trim() || undefined })}
        />
        <Input.Search
          placeholder="操作人用户名"
          allowClear
          style={{ width: 180 }}
          onSearch={(v) => update({ actor: v.trim() || undefined })}
        />
        <Select
          allowClear
          placeholder="全部结果"
          style={{ width: 120 }}
          onChange={(v?: Filters["outcome"]) => update({ outcome: v })}
          options={(Object.keys(OUTCOME_LABELS) as (keyof typeof OUTCOME_LABELS)[]).map((o) => ({
            value: o,
            label: OUTCOME_LABELS[o],
          }))}
          aria-label="按结果筛选"
        />
      </Space>
      {rows.isError ? (
        <Alert type="error" showIcon title="审计日志加载失败" description={messageOf(rows.error)} />
      ) : (
        <Table
          rowKey="seq"
          size="small"
          loading={rows.isFetching}
          dataSource={rows.data?.data ?? []}
          locale={{ emptyText: <Empty description="没有符合条件的记录" /> }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: rows.data?.page.total ?? 0,
            showSizeChanger: false,
            showTotal: (n) => `共 ${n} 条`,
            onChange: setPage,
          }}
          expandable={{
            expandedRowRender: (r) => (
              <pre style={{ margin: 0, whiteSpace: "pre-wrap" }}>
                {JSON.stringify(
                  {
                    before: r.before,
                    after: r.after,
                    detail: r.detail,
                    requestId: r.requestId,
                    hash: r.hash,
                  },
                  null,
                  2,
                )}
              </pre>
            ),
          }}
          columns={[
            { title: "序号", dataIndex: "seq", width: 80 },
            { title: "时间", dataIndex: "at", width: 240 },
            { title: "操作人", dataIndex: "actorName", render: (v: string | null) => v ?? "—" },
            { title: "操作", dataIndex: "action" },
            {
              title: "对象",
              key: "object",
              render: (_, r) => (r.objectType ? `${r.objectType} ${r.objectId ?? ""}` : "—"),
            },
            {
              title: "结果",
              dataIndex: "outcome",
              width: 80,
              render: (o: keyof typeof OUTCOME_LABELS) => (
                <Tag color={OUTCOME_COLORS[o]}>{OUTCOME_LABELS[o]}</Tag>
              ),
            },
            { title: "IP", dataIndex: "ip", width: 130, render: (v: string | null) => v ?? "—" },
          ]}
        />
      )}
    </Space>
  );
}
