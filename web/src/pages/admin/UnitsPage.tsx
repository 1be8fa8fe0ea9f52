/** Units (责任单位) with their workloads, and the names in documents the registry did not resolve. */
import { useQuery } from "@tanstack/react-query";
import { Alert, Empty, Table, Tabs, Tag, Typography } from "antd";
import { api, messageOf, ok } from "../../api/client.js";
import { useMe } from "../../auth/session.js";

/** The units page. */
export default function UnitsPage() {
  const me = useMe();
  const units = useQuery({ queryKey: ["units"], queryFn: () => ok(api.api.units.$get()) });
  const mayListUnresolved = me.policies.unit?.listUnresolved === true;
  const unresolved = useQuery({
    queryKey: ["units", "unresolved"],
    enabled: mayListUnresolved,
    queryFn: () => ok(api.api.units.unresolved.$get()),
  });
  const unitTable = units.isError ? (
    <Alert type="error" showIcon title="单位加载失败" description={messageOf(units.error)} />
  ) : (
    <Table
      rowKey="id"
      size="small"
      loading={units.isPending}
      dataSource={units.data?.data ?? []}
      pagination={{ pageSize: 50, showTotal: (n) => `共 ${n} 个单位` }}
      locale={{ emptyText: <Empty description="还没有单位" /> }}
      columns={[
        { title: "单位", dataIndex: "canonicalName" },
        { title: "层级", dataIndex: "level", width: 80, render: (v: string | null) => v ?? "—" },
        {
          title: "别名",
          dataIndex: "aliases",
          render: (aliases: string[]) => aliases.map((a) => <Tag key={a}>{a}</Tag>),
        },
        {
          title: "牵头任务",
          dataIndex: "lead",
          width: 100,
          align: "right",
          sorter: (a, b) => a.lead - b.lead,
        },
        { title: "配合任务", dataIndex: "co", width: 100, align: "right", sorter: (a, b) => a.co - b.co },
      ]}
    />
  );
  return (
    <>
      <Typography.Title level={3}>责任单位</Typography.Title>
      {mayListUnresolved ? (
        <Tabs
          items={[
            { key: "units", label: "单位", children: unitTable },
            {
              key: "unresolved",
              label: `未识别的名称${unresolved.data ? `（${unresolved.data.data.length}）` : ""}`,
              children: unresolved.isError ? (
                <Alert type="error" showIcon title="加载失败" description={messageOf(unresolved.error)} />
              ) : (
                <>
                  <Typography.Paragraph type="secondary">
                    文件中出现、但单位名录无法对应的名称。请在名录中补充别名后重新导入相关文件。
                  </Typography.Paragraph>
                  <Table
                    rowKey="name"
                    size="small"
                    loading={unresolved.isPending}
                    dataSource={unresolved.data?.data ?? []}
                    locale={{ emptyText: <Empty description="所有单位名称均已识别" /> }}
                    columns={[
                      { title: "名称", dataIndex: "name" },
                      { title: "出现次数", dataIndex: "assignments", align: "right" },
                      { title: "任务数", dataIndex: "tasks", align: "right" },
                      { title: "文件数", dataIndex: "documents", align: "right" },
                    ]}
                  />
                </>
              ),
            },
          ]}
        />
      ) : (
        unitTable
      )}
    </>
  );
}
