/**
 * 首页 for the 督查室 and leaders: for a period, the red/yellow/green counts, the reporting rate
 * of the region and of each unit (lagging units first), and the overdue tasks with the units that
 * still owe their report. A department's "what is due" is its 进展报送 list.
 */
import { useQuery } from "@tanstack/react-query";
import { Alert, Card, Col, Empty, Row, Select, Space, Statistic, Table, Tag, Typography } from "antd";
import { messageOf } from "../../api/client.js";
import { get } from "../../api/send.js";
import { useMe } from "../../auth/session.js";
import type { Period } from "../../reporting.js";
import { setQuery, useLocation } from "../../router.js";
import { RegionRates } from "./RegionRates.js";
import type { UnitScore } from "../../../../src/track/evaluation.js";
import type { TaskLightRow, UnitRates } from "../../../../src/track/supervision.js";
import type { ReportingRates } from "../../../../src/track/rules/rates.js";

const LIGHT_LABELS = { red: "红灯", yellow: "黄灯", green: "绿灯" } as const;
const LIGHT_COLORS = { red: "#cf1322", yellow: "#d48806", green: "#389e0d" } as const;

const pct = (v: number | null) => (v === null ? "—" : `${v}%`);

/** The dashboard. */
export default function DashboardPage() {
  const me = useMe();
  const { query } = useLocation();
  const periods = useQuery({ queryKey: ["periods"], queryFn: () => get<{ data: Period[] }>("/api/periods") });
  const periodId =
    query.get("periodId") ??
    periods.data?.data.find((p) => p.status === "open")?.id ??
    periods.data?.data[0]?.id;
  const selected = periods.data?.data.find((p) => p.id === periodId);
  const rates = useQuery({
    queryKey: ["rates", periodId],
    enabled: periodId !== undefined,
    queryFn: () =>
      get<{ data: { units: UnitRates[]; total: ReportingRates } }>(`/api/periods/${periodId}/rates`),
  });
  const lights = useQuery({
    queryKey: ["lights", periodId],
    enabled: periodId !== undefined,
    queryFn: () => get<{ data: { today: string; tasks: TaskLightRow[] } }>(`/api/periods/${periodId}/lights`),
  });
  const scores = useQuery({
    queryKey: ["scores", periodId],
    enabled: periodId !== undefined,
    queryFn: () => get<{ data: { units: UnitScore[] } }>(`/api/periods/${periodId}/scores`),
  });
  const count = (light: keyof typeof LIGHT_LABELS) =>
    lights.data?.data.tasks.filter((t) => t.light === light).length ?? 0;
  const overdue = (lights.data?.data.tasks ?? []).filter((t) => t.light === "red");
  const units = [...(rates.data?.data.units ?? [])].sort((a, b) => (a.rate ?? 0) - (b.rate ?? 0));
  const error = periods.error ?? rates.error ?? lights.error ?? scores.error;
  const share = (v: number) => `${Math.round(v * 1000) / 10}%`;

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Space style={{ width: "100%", justifyContent: "space-between" }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          督查首页
        </Typography.Title>
        <Select
          style={{ width: 360 }}
          placeholder="选择报送周期"
          loading={periods.isPending}
          value={periodId}
          onChange={(v: string) => setQuery({ periodId: v })}
          options={periods.data?.data.map((p) => ({ value: p.id, label: `${p.label}（截止 ${p.due}）` }))}
          aria-label="报送周期"
        />
      </Space>
      {error ? (
        <Alert type="error" showIcon title="加载失败" description={messageOf(error)} />
      ) : periods.data && periods.data.data.length === 0 ? (
        <Empty description="还没有开启报送周期：在“进展报送”中为文件开启" />
      ) : (
        <>
          <Row gutter={16}>
            <Col span={6}>
              <Card loading={rates.isPending}>
                <Statistic title="报送率" value={pct(rates.data?.data.total.rate ?? null)} />
                <Typography.Text type="secondary">
                  已报 {rates.data?.data.total.submitted ?? 0} / 应报 {rates.data?.data.total.expected ?? 0}
                  ，按时率 {pct(rates.data?.data.total.onTimeRate ?? null)}
                </Typography.Text>
              </Card>
            </Col>
            {(["red", "yellow", "green"] as const).map((light) => (
              <Col span={6} key={light}>
                <Card loading={lights.isPending}>
                  <Statistic
                    title={`${LIGHT_LABELS[light]}任务`}
                    value={count(light)}
                    styles={{ content: { color: LIGHT_COLORS[light] } }}
                  />
                </Card>
              </Col>
            ))}
          </Row>
          <Row gutter={16}>
            <Col span={12}>
              <Card title="各单位报送情况（报送率由低到高）" size="small">
                <Table<UnitRates>
                  rowKey="unitId"
                  size="small"
                  loading={rates.isPending}
                  dataSource={units}
                  pagination={{ pageSize: 10 }}
                  locale={{ emptyText: <Empty description="本周期没有应报单位" /> }}
                  columns={[
                    { title: "单位", dataIndex: "unitName" },
                    { title: "应报", dataIndex: "expected", width: 60, align: "right" },
                    { title: "已报", dataIndex: "submitted", width: 60, align: "right" },
                    { title: "报送率", dataIndex: "rate", width: 80, align: "right", render: pct },
                    { title: "按时率", dataIndex: "onTimeRate", width: 80, align: "right", render: pct },
                  ]}
                />
              </Card>
            </Col>
            <Col span={12}>
              <Card title={`逾期任务（截至 ${lights.data?.data.today ?? "…"}）`} size="small">
                <Table<TaskLightRow>
                  rowKey="taskId"
                  size="small"
                  loading={lights.isPending}
                  dataSource={overdue}
                  pagination={{ pageSize: 10 }}
                  locale={{ emptyText: <Empty description="没有逾期任务" /> }}
                  columns={[
                    { title: "任务", dataIndex: "taskText", ellipsis: true },
                    { title: "截止", dataIndex: "due", width: 100 },
                    {
                      title: "未报单位",
                      key: "missing",
                      width: 200,
                      render: (_, t) => t.missingUnits.map((u) => <Tag key={u.unitId}>{u.unitName}</Tag>),
                    },
                  ]}
                />
              </Card>
            </Col>
          </Row>
          <Card title="考核得分与排名" size="small">
            <Table<UnitScore>
              rowKey="unitId"
              size="small"
              loading={scores.isPending}
              dataSource={scores.data?.data.units ?? []}
              pagination={{ pageSize: 10 }}
              locale={{ emptyText: <Empty description="本周期没有参与考核的单位" /> }}
              columns={[
                { title: "排名", dataIndex: "rank", width: 64 },
                { title: "单位", dataIndex: "unitName" },
                { title: "得分", dataIndex: "score", width: 80, align: "right" },
                { title: "完成率", dataIndex: "completionRate", width: 90, align: "right", render: share },
                { title: "按时率", dataIndex: "onTimeRate", width: 90, align: "right", render: share },
                { title: "退回率", dataIndex: "returnedRate", width: 90, align: "right", render: share },
              ]}
            />
          </Card>
          {me.policies.period?.regionRates === true && (
            <RegionRates defaultYear={Number((selected?.due ?? new Date().toISOString()).slice(0, 4))} />
          )}
        </>
      )}
    </Space>
  );
}
