/**
 * The tasks table: filters on the server (document, unit, role, status), every page of the answer
 * loaded in the background, sorted in the browser, and rendered virtually so tens of thousands of
 * rows scroll smoothly.
 */
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Alert, Empty, Progress, Select, Space, Table, Typography } from "antd";
import { useEffect, useMemo, useState } from "react";
import { messageOf } from "../../api/client.js";
import { ASSIGNMENT_LABELS, TASK_STATUS_LABELS } from "../../labels.js";
import { Link, setQuery, useLocation } from "../../router.js";
import { documentOptionsQuery, taskFiltersOf, tasksQuery, unitsQuery } from "../../queries.js";
import { documentPath } from "../../routes.js";

/** The tasks page. */
export default function TasksPage() {
  const { query } = useLocation();
  const filters = taskFiltersOf(query);
  // The filter options load when a filter is set or opened, not in front of the first rows.
  const [wantOptions, setWantOptions] = useState(false);
  const documents = useQuery({
    ...documentOptionsQuery(),
    enabled: wantOptions || filters.documentId !== undefined,
  });
  const units = useQuery({ ...unitsQuery(), enabled: wantOptions || filters.unitId !== undefined });
  const tasks = useInfiniteQuery(tasksQuery(filters));
  // Later pages stream in once the first rows are painted: each 500-row batch costs the main
  // thread ≈ 100 ms (JSON and re-render), which must not hold up the first paint.
  const [streaming, setStreaming] = useState(false);
  const firstLoaded = tasks.data !== undefined;
  useEffect(() => {
    if (!firstLoaded || streaming) return;
    let timer: number | undefined;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => setStreaming(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, [firstLoaded, streaming]);
  useEffect(() => {
    if (streaming && tasks.hasNextPage && !tasks.isFetchingNextPage && !tasks.isError)
      void tasks.fetchNextPage();
  }, [streaming, tasks.hasNextPage, tasks.isFetchingNextPage, tasks.isError, tasks]);

  const rows = useMemo(() => tasks.data?.pages.flatMap((p) => p.data) ?? [], [tasks.data]);
  const total = tasks.data?.pages[0]?.page.total ?? 0;

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        任务台账
      </Typography.Title>
      <Space wrap>
        <Select
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          placeholder="全部文件"
          style={{ width: 320 }}
          loading={documents.isFetching}
          onOpenChange={(open) => open && setWantOptions(true)}
          value={filters.documentId}
          onChange={(v?: string) => setQuery({ documentId: v })}
          options={documents.data?.data.map((d) => ({ value: d.id, label: d.title ?? d.filename }))}
          aria-label="按文件筛选"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          placeholder="全部单位"
          style={{ width: 220 }}
          loading={units.isFetching}
          onOpenChange={(open) => open && setWantOptions(true)}
          value={filters.unitId}
          onChange={(v?: string) => setQuery({ unitId: v })}
          options={units.data?.data.map((u) => ({ value: u.id, label: u.canonicalName }))}
          aria-label="按单位筛选"
        />
        <Select
          allowClear
          placeholder="牵头或配合"
          style={{ width: 130 }}
          value={filters.role}
          onChange={(v?: string) => setQuery({ role: v })}
          options={[
            { value: "lead", label: "牵头" },
            { value: "co", label: "配合" },
          ]}
          aria-label="按职责筛选"
        />
        <Select
          style={{ width: 110 }}
          value={filters.status}
          onChange={(v: string) => setQuery({ status: v === "active" ? undefined : v })}
          options={[
            { value: "active", label: TASK_STATUS_LABELS.active },
            { value: "retired", label: TASK_STATUS_LABELS.retired },
          ]}
          aria-label="按状态筛选"
        />
        {total > 0 && (
          <Typography.Text type="secondary" data-testid="task-count">
            共 {total} 项{rows.length < total ? `，已加载 ${rows.length} 项` : ""}
          </Typography.Text>
        )}
        {rows.length < total && (
          <Progress percent={Math.round((rows.length / total) * 100)} size="small" style={{ width: 120 }} />
        )}
      </Space>
      {tasks.isError ? (
        <Alert type="error" showIcon title="任务加载失败" description={messageOf(tasks.error)} />
      ) : (
        <Table
          virtual
          rowKey="id"
          size="small"
          loading={tasks.isPending}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 1000, y: 560 }}
          locale={{ emptyText: <Empty description="没有符合条件的任务" /> }}
          columns={[
            {
              title: "文件",
              key: "document",
              width: 170,
              ellipsis: true,
              sorter: (a, b) =>
                (a.documentTitle ?? "").localeCompare(b.documentTitle ?? "", "zh-CN") || a.seq - b.seq,
              render: (_, t) => (
                <Link to={`${documentPath(t.documentId)}?task=${t.id}`}>
                  {t.documentTitle ?? "（无标题）"}
                </Link>
              ),
            },
            {
              title: "章节",
              key: "heading",
              width: 150,
              ellipsis: true,
              render: (_, t) => t.headingPath.join(" › "),
            },
            { title: "任务", dataIndex: "text", width: 320, ellipsis: true },
            {
              title: "牵头单位",
              key: "lead",
              width: 130,
              ellipsis: true,
              render: (_, t) => unitTags(t.assignments, "lead"),
            },
            {
              title: "配合单位",
              key: "co",
              width: 140,
              ellipsis: true,
              render: (_, t) => unitTags(t.assignments, "co"),
            },
            {
              title: "时限",
              dataIndex: "deadline",
              width: 90,
              sorter: (a, b) => (a.deadline ?? "9999").localeCompare(b.deadline ?? "9999"),
              render: (v: string | null) => v ?? "—",
            },
          ]}
        />
      )}
    </Space>
  );
}

/** The units of one role on one line (rows keep one height, which the virtual list needs); unresolved names in orange. */
function unitTags(
  assignments: readonly {
    unitName: string;
    canonicalName: string | null;
    unitId: string | null;
    role: "lead" | "co";
  }[],
  role: "lead" | "co",
) {
  const mine = assignments.filter((a) => a.role === role);
  if (mine.length === 0) return "—";
  const names = mine.map((a) => a.canonicalName ?? a.unitName);
  // Plain CSS ellipsis (the column's `ellipsis`): measuring each cell in script costs too much at 10,000 rows.
  return (
    <span title={`${ASSIGNMENT_LABELS[role]}：${names.join("、")}`}>
      {mine.map((a, i) => (
        <span key={a.unitName} style={a.unitId ? undefined : { color: "#d46b08" }}>
          {i > 0 ? "、" : ""}
          {names[i]}
        </span>
      ))}
    </span>
  );
}
