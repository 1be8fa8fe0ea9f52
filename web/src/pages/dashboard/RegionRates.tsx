/**
 * 全区全年报送率: reporting rates across every document's periods due in a year, per unit (the
 * lowest first) — the view a leader asks for at year end. `GET /api/periods/rates?year=`.
 */
import { useQuery } from "@tanstack/react-query";
import { Alert, Card, Empty, InputNumber, Space, Table, Typography } from "antd";
import { messageOf } from "../../api/client.js";
import { get } from "../../api/send.js";
import { setQuery, useLocation } from "../../router.js";

interface Rates {
  expected: number;
  submitted: number;
  onTime: number;
  rate: number | null;
  onTimeRate: number | null;
}
interface UnitYearRates extends Rates {
  unitId: string;
  unitName: string;
  periods: number;
  documents: number;
}
interface YearRates {
  from: string;
  to: string;
  periods: number;
  documents: number;
  units: UnitYearRates[];
  total: Rates;
}

const pct = (v: number | null) => (v === null ? "—" : `${v}%`);

/** The card; `defaultYear` is the year of the period the dashboard shows. */
export function RegionRates({ defaultYear }: { defaultYear: number }) {
  const { query } = useLocation();
  const year = Number(query.get("year")) || defaultYear;
  const rates = useQuery({
    queryKey: ["region-rates", year],
    queryFn: () => get<{ data: YearRates }>(`/api/periods/rates?year=${year}`),
  });
  const data = rates.data?.data;
  const units = [...(data?.units ?? [])].sort((a, b) => (a.rate ?? 101) - (b.rate ?? 101));
  return (
    <Card
      size="small"
      title="全区全年报送率（跨文件）"
      extra={
        <Space>
          <Typography.Text type="secondary">年度</Typography.Text>
          <InputNumber
            min={2000}
            max={2100}
            value={year}
            onChange={(v) => v && setQuery({ year: String(v) })}
            aria-label="年度"
            style={{ width: 96 }}
          />
        </Space>
      }
    >
      {rates.isError ? (
        <Alert type="error" showIcon title="全年报送率加载失败" description={messageOf(rates.error)} />
      ) : (
        <Space orientation="vertical" style={{ width: "100%" }}>
          {data && (
            <Typography.Text data-testid="region-rates-total">
              {year} 年截止的 {data.periods} 个周期、{data.documents} 份文件：应报 {data.total.expected}，已报{" "}
              {data.total.submitted}，报送率 {pct(data.total.rate)}，按时率 {pct(data.total.onTimeRate)}
            </Typography.Text>
          )}
          <Table<UnitYearRates>
            rowKey="unitId"
            size="small"
            loading={rates.isPending}
            dataSource={units}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            locale={{ emptyText: <Empty description={`${year} 年没有截止的报送周期`} /> }}
            columns={[
              { title: "单位", dataIndex: "unitName" },
              { title: "文件", dataIndex: "documents", width: 60, align: "right" },
              { title: "周期", dataIndex: "periods", width: 60, align: "right" },
              { title: "应报", dataIndex: "expected", width: 60, align: "right" },
              { title: "已报", dataIndex: "submitted", width: 60, align: "right" },
              { title: "报送率", dataIndex: "rate", width: 80, align: "right", render: pct },
              { title: "按时率", dataIndex: "onTimeRate", width: 80, align: "right", render: pct },
            ]}
          />
        </Space>
      )}
    </Card>
  );
}
