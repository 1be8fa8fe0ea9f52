/**
 * 指标监测: every indicator of a period's document with its progress class; one opens to its chart
 * of target path against observed values, and the 督查室 records an observed value.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import { lazy, Suspense, useState } from "react";
import { api, messageOf, ok } from "../../api/client.js";
import { DownloadButton } from "../../components/DownloadButton.js";
import { IndicatorUnits } from "./IndicatorUnits.js";
import { get, send } from "../../api/send.js";
import { useMe } from "../../auth/session.js";
import { targetPath, type StoredValue } from "../../indicator-path.js";
import type { Period } from "../../reporting.js";
import { setQuery, useLocation } from "../../router.js";
import type { IndicatorStatus } from "../../../../src/track/indicators.js";

const IndicatorChart = lazy(() => import("./IndicatorChart.js"));

const STATUS_COLORS: Record<string, string> = {
  on_track: "green",
  needs_acceleration: "gold",
  limited_progress: "orange",
  deteriorating: "red",
  no_data: "default",
};

type Indicator = Omit<IndicatorStatus, "observations"> & {
  observations: (Omit<IndicatorStatus["observations"][number], "recordedAt"> & { recordedAt: string })[];
};

/** The indicators page. */
export default function IndicatorsPage() {
  const { query } = useLocation();
  const periods = useQuery({
    queryKey: ["periods"],
    queryFn: () => get<{ data: Period[]; policies?: Record<string, boolean> }>("/api/periods"),
  });
  const periodId =
    query.get("periodId") ??
    periods.data?.data.find((p) => p.status === "open")?.id ??
    periods.data?.data[0]?.id;
  const indicators = useQuery({
    queryKey: ["indicators", periodId],
    enabled: periodId !== undefined,
    queryFn: () => get<{ data: { indicators: Indicator[] } }>(`/api/periods/${periodId}/indicators`),
  });
  const [selected, setSelected] = useState<Indicator | null>(null);
  const error = periods.error ?? indicators.error;
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Space style={{ width: "100%" }} wrap>
        <Typography.Title level={3} style={{ margin: "0 24px 0 0" }}>
          指标监测
        </Typography.Title>
        <Select
          style={{ width: 360 }}
          placeholder="选择报送周期"
          loading={periods.isPending}
          value={periodId}
          onChange={(v: string) => setQuery({ periodId: v })}
          options={periods.data?.data.map((p) => ({ value: p.id, label: p.label }))}
          aria-label="报送周期"
        />
        {periodId && periods.data?.policies?.export && (
          <DownloadButton
            path={`/api/periods/${encodeURIComponent(periodId)}/indicator-sheet`}
            label="导出指标监测表"
            fallbackName="指标监测表.xlsx"
          />
        )}
      </Space>
      {error ? (
        <Alert type="error" showIcon title="加载失败" description={messageOf(error)} />
      ) : periods.data && periods.data.data.length === 0 ? (
        <Empty description="还没有开启报送周期" />
      ) : (
        <Table<Indicator>
          rowKey="id"
          size="small"
          loading={periods.isPending || indicators.isFetching}
          dataSource={indicators.data?.data.indicators ?? []}
          pagination={{ pageSize: 50 }}
          locale={{ emptyText: <Empty description="该文件没有识别到指标" /> }}
          onRow={(r) => ({ onClick: () => setSelected(r), style: { cursor: "pointer" } })}
          columns={[
            { title: "指标", dataIndex: "name" },
            { title: "单位", dataIndex: "unit", width: 80, render: (v: string | null) => v ?? "—" },
            { title: "基期值", dataIndex: "baseline", width: 100, render: (v: string | null) => v ?? "—" },
            { title: "目标值", dataIndex: "target", width: 100, render: (v: string | null) => v ?? "—" },
            { title: "目标年", dataIndex: "targetYear", width: 80, render: (v: number | null) => v ?? "—" },
            {
              title: "最新实际值",
              key: "latest",
              width: 120,
              render: (_, i) => {
                const last = [...i.observations].sort((a, b) => b.year - a.year)[0];
                return last ? `${last.value ?? (last.met ? "已达成" : "未达成")}（${last.year}）` : "—";
              },
            },
            {
              title: "进展",
              key: "status",
              width: 110,
              render: (_, i) => <Tag color={STATUS_COLORS[i.progress.status] ?? "default"}>{i.label}</Tag>,
            },
          ]}
        />
      )}
      <IndicatorDrawer indicator={selected} periodId={periodId} onClose={() => setSelected(null)} />
    </Space>
  );
}

function IndicatorDrawer(props: {
  indicator: Indicator | null;
  periodId: string | undefined;
  onClose: () => void;
}) {
  const me = useMe();
  const client = useQueryClient();
  const { message } = App.useApp();
  const indicator = props.indicator;
  const doc = useQuery({
    queryKey: ["document", indicator?.documentId],
    enabled: indicator !== null,
    queryFn: () => ok(api.api.documents[":id"].$get({ param: { id: indicator!.documentId } })),
  });
  const stored = doc.data?.data.indicators.find((i) => i.id === indicator?.id);
  const path = stored
    ? targetPath(
        stored.baseline as StoredValue | null,
        stored.target as StoredValue | null,
        stored.targetYear,
      )
    : null;
  const observed = (indicator?.observations ?? [])
    .filter((o) => o.value !== null)
    .map((o) => [o.year, o.value!] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const record = useMutation({
    mutationFn: (v: { year: number; value: number; source: string }) =>
      send("POST", `/api/indicators/${indicator!.id}/observations`, {
        ...v,
        periodId: props.periodId ?? null,
      }),
    onSuccess: async () => {
      message.success("已记录实际值");
      await client.invalidateQueries({ queryKey: ["indicators"] });
      props.onClose();
    },
    onError: (error) => message.error(messageOf(error)),
  });
  return (
    <Drawer open={indicator !== null} size={720} title={indicator?.name} onClose={props.onClose}>
      {indicator && (
        <Space orientation="vertical" style={{ width: "100%" }}>
          <Typography.Text>
            进展：<Tag color={STATUS_COLORS[indicator.progress.status] ?? "default"}>{indicator.label}</Tag>
            {indicator.progress.ratio !== null &&
              `实际进度为应达进度的 ${Math.round(indicator.progress.ratio * 100)}%`}
          </Typography.Text>
          {doc.isPending ? (
            <Skeleton active />
          ) : path === null && observed.length === 0 ? (
            <Empty description="基期值、目标值不是数值，且尚无实际值，无法绘图" />
          ) : (
            <Suspense fallback={<Skeleton active />}>
              <IndicatorChart path={path} observed={observed} unit={indicator.unit} />
            </Suspense>
          )}
          <IndicatorUnits indicatorId={indicator.id} />
          {me.data.role === "supervisor" && (
            <Form<{ year: number; value: number; source: string }>
              layout="inline"
              onFinish={(v) => record.mutate(v)}
              initialValues={{ year: new Date().getFullYear() }}
            >
              <Form.Item name="year" rules={[{ required: true }]}>
                <InputNumber min={1990} max={2100} aria-label="年份" />
              </Form.Item>
              <Form.Item name="value" rules={[{ required: true, message: "请输入实际值" }]}>
                <InputNumber placeholder="实际值" aria-label="实际值" />
              </Form.Item>
              <Form.Item name="source" rules={[{ required: true, message: "请注明数据来源" }]}>
                <Input placeholder="数据来源，如 统计公报" aria-label="数据来源" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={record.isPending}>
                记录实际值
              </Button>
            </Form>
          )}
        </Space>
      )}
    </Drawer>
  );
}
