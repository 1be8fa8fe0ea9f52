/**
 * 考核评价 of a period: unit scores and ranking under the 督查室's weights (the 督查室 sets them,
 * leaders read), and the 测评指标 checklist — the 督查室 defines items (item, points, whether
 * evidence is required) and verifies; a department fills in its self-evaluation.
 */
import { useQuery } from "@tanstack/react-query";
import { Alert, Card, Empty, Space, Table, Tabs, Typography } from "antd";
import { messageOf } from "../../api/client.js";
import { get } from "../../api/send.js";
import { useMe } from "../../auth/session.js";
import { PeriodSelect, usePeriods } from "../../components/PeriodSelect.js";
import { Checklist } from "./Checklist.js";
import { WeightsForm, type Weights } from "./WeightsForm.js";

/** A ranked unit as `/api/periods/{id}/scores` answers it. */
interface UnitScoreRow {
  unitId: string;
  unitName: string;
  score: number;
  rank: number;
  completionRate: number;
  onTimeRate: number;
  returnedRate: number;
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** The evaluation page. */
export default function EvaluationPage() {
  const me = useMe();
  const periods = usePeriods();
  const { periodId, policies, period } = periods;
  const mayScore = policies.supervise === true;
  const scores = useQuery({
    queryKey: ["scores", periodId],
    enabled: periodId !== undefined && mayScore,
    queryFn: () =>
      get<{ data: { weights: Weights; units: UnitScoreRow[] } }>(`/api/periods/${periodId}/scores`),
  });

  const ranking = (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      {scores.isError ? (
        <Alert type="error" showIcon title="得分加载失败" description={messageOf(scores.error)} />
      ) : (
        <>
          {scores.data && (
            <WeightsForm
              periodId={periodId!}
              weights={scores.data.data.weights}
              editable={policies.setWeights === true}
            />
          )}
          <Table<UnitScoreRow>
            rowKey="unitId"
            size="small"
            loading={scores.isPending || scores.isFetching}
            dataSource={scores.data?.data.units ?? []}
            pagination={false}
            locale={{ emptyText: <Empty description="本周期还没有应报事项，暂无得分" /> }}
            columns={[
              { title: "名次", dataIndex: "rank", width: 70 },
              { title: "单位", dataIndex: "unitName" },
              {
                title: "得分",
                dataIndex: "score",
                width: 100,
                render: (v: number) => <Typography.Text strong>{v.toFixed(1)}</Typography.Text>,
              },
              { title: "完成率", dataIndex: "completionRate", width: 100, render: pct },
              { title: "按时报送率", dataIndex: "onTimeRate", width: 110, render: pct },
              { title: "退回率", dataIndex: "returnedRate", width: 100, render: pct },
            ]}
          />
        </>
      )}
    </Space>
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        考核评价
      </Typography.Title>
      <PeriodSelect periods={periods} />
      {periods.periods.isError ? (
        <Alert
          type="error"
          showIcon
          title="报送周期加载失败"
          description={messageOf(periods.periods.error)}
        />
      ) : periods.periods.data && periods.list.length === 0 ? (
        <Empty description="还没有报送周期" />
      ) : !periodId || !period ? (
        <Card loading />
      ) : (
        <Tabs
          items={[
            ...(mayScore ? [{ key: "scores", label: "得分与排名", children: ranking }] : []),
            {
              key: "checklist",
              label: "测评指标",
              children: (
                <Checklist
                  period={period}
                  policies={policies}
                  role={me.data.role}
                  ownUnitId={me.data.unitId}
                />
              ),
            },
          ]}
        />
      )}
    </Space>
  );
}
