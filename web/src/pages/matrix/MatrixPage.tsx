/** The responsibility matrix of one document (units × tasks, 牵/配) and the region's workload chart. */
import { useQuery } from "@tanstack/react-query";
import { Alert, Card, Empty, Pagination, Select, Skeleton, Space, Table, Tag, Typography } from "antd";
import { lazy, Suspense, useMemo, useState } from "react";
import { messageOf } from "../../api/client.js";
import { buildMatrix, type MatrixRow } from "../../matrix.js";
import {
  defaultMatrixDocument,
  documentOptionsQuery,
  documentTasksQuery,
  unitsQuery,
} from "../../queries.js";
import { setQuery, useLocation } from "../../router.js";

// ECharts is the heaviest dependency: it loads only with this chart.
const WorkloadChart = lazy(() => import("./WorkloadChart.js"));

/** Task columns shown at once: a wider matrix is unreadable, and antd's table slows down per column. */
const TASK_COLUMNS = 40;

/** The matrix page. */
export default function MatrixPage() {
  const { query } = useLocation();
  const documents = useQuery(documentOptionsQuery());
  const documentId = query.get("documentId") ?? defaultMatrixDocument(documents.data);
  const tasks = useQuery(documentTasksQuery(documentId));
  const units = useQuery(unitsQuery());
  const rows = useMemo(() => (tasks.data ? buildMatrix(tasks.data) : []), [tasks.data]);
  const [columnPage, setColumnPage] = useState(1);
  const shownTasks = (tasks.data ?? []).slice((columnPage - 1) * TASK_COLUMNS, columnPage * TASK_COLUMNS);
  const firstShown = (columnPage - 1) * TASK_COLUMNS;

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        责任矩阵
      </Typography.Title>
      <Card size="small" title="各单位任务量（全部文件）">
        {units.isError ? (
          <Alert type="error" showIcon title="单位加载失败" description={messageOf(units.error)} />
        ) : units.data ? (
          units.data.data.some((u) => u.lead + u.co > 0) ? (
            <Suspense fallback={<Skeleton active />}>
              <WorkloadChart units={units.data.data} />
            </Suspense>
          ) : (
            <Empty description="还没有分配任务的单位" />
          )
        ) : (
          <Skeleton active />
        )}
      </Card>
      <Select
        showSearch={{ optionFilterProp: "label" }}
        placeholder="选择文件"
        style={{ width: 420 }}
        loading={documents.isPending}
        value={documentId}
        onChange={(v: string) => (setColumnPage(1), setQuery({ documentId: v }))}
        options={documents.data?.data.map((d) => ({
          value: d.id,
          label: `${d.title ?? d.filename}（${d.tasks} 项任务）`,
        }))}
        aria-label="选择文件"
      />
      {documents.isError || tasks.isError ? (
        <Alert
          type="error"
          showIcon
          title="矩阵加载失败"
          description={messageOf(documents.error ?? tasks.error)}
        />
      ) : (
        <Table<MatrixRow>
          rowKey="key"
          size="small"
          bordered
          loading={documents.isPending || tasks.isFetching}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 360 + shownTasks.length * 44, y: 520 }}
          title={
            (tasks.data?.length ?? 0) > TASK_COLUMNS
              ? () => (
                  <Pagination
                    simple
                    size="small"
                    current={columnPage}
                    pageSize={TASK_COLUMNS}
                    total={tasks.data?.length ?? 0}
                    onChange={setColumnPage}
                    showTotal={(total, [from, to]) =>
                      `任务 ${from}–${to}，共 ${total} 项（牵头、配合数按全部任务计）`
                    }
                  />
                )
              : undefined
          }
          locale={{ emptyText: <Empty description="该文件没有任务" /> }}
          columns={[
            {
              title: "单位",
              dataIndex: "name",
              fixed: "left",
              width: 200,
              render: (name: string, r) =>
                r.resolved ? (
                  name
                ) : (
                  <Tag color="orange" title="未识别的单位">
                    {name}
                  </Tag>
                ),
            },
            { title: "牵头", dataIndex: "lead", fixed: "left", width: 64, align: "right" },
            { title: "配合", dataIndex: "co", fixed: "left", width: 64, align: "right" },
            ...shownTasks.map((t, i) => ({
              key: t.id,
              width: 44,
              align: "center" as const,
              // A native tooltip: hundreds of antd Tooltips in one header cost more than the table itself.
              title: <span title={t.text}>{firstShown + i + 1}</span>,
              render: (_: unknown, r: MatrixRow) =>
                r.cells[t.id] === "lead" ? (
                  <Typography.Text strong style={{ color: "#c0392b" }}>
                    牵
                  </Typography.Text>
                ) : r.cells[t.id] === "co" ? (
                  "配"
                ) : null,
            })),
          ]}
        />
      )}
    </Space>
  );
}
