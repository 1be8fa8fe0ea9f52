/**
 * 指标责任单位: the units that answer for an indicator (they count in the unit scores). Everyone
 * who reads the indicator sees them and what the document proposes (a 责任单位 column of the
 * indicator's table, or the units of the tasks under the same heading); the 督查室 (indicator
 * `assign`) adopts the proposal or sets them by hand. `GET` / `PUT /api/indicators/{id}/units`.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Descriptions, Select, Skeleton, Space, Tag, Typography } from "antd";
import { useEffect, useState } from "react";
import { messageOf } from "../../api/client.js";
import { get, send } from "../../api/send.js";
import { useMe } from "../../auth/session.js";

interface AssignedUnit {
  unitId: string;
  unitName: string;
  role: "lead" | "co";
  source: string;
}
interface ProposedUnit {
  written: string;
  unitId: string | null;
  unitName: string | null;
  role: "lead" | "co";
  basis: "table_column" | "heading_tasks";
}

const BASIS = { table_column: "指标表“责任单位”列", heading_tasks: "同一标题下任务的责任单位" } as const;

/** The responsibility section of an indicator's drawer. */
export function IndicatorUnits({ indicatorId }: { indicatorId: string }) {
  const me = useMe();
  const { message } = App.useApp();
  const client = useQueryClient();
  const mayAssign = me.policies.indicator?.assign === true;
  const key = ["indicator-units", indicatorId];
  const units = useQuery({
    queryKey: key,
    queryFn: () =>
      get<{ data: { units: AssignedUnit[]; proposed: ProposedUnit[] } }>(
        `/api/indicators/${indicatorId}/units`,
      ),
  });
  const registry = useQuery({
    queryKey: ["units"],
    enabled: mayAssign,
    queryFn: () => get<{ data: { id: string; canonicalName: string }[] }>("/api/units"),
  });
  const [lead, setLead] = useState<string[]>([]);
  const [co, setCo] = useState<string[]>([]);
  useEffect(() => {
    const assigned = units.data?.data.units ?? [];
    setLead(assigned.filter((u) => u.role === "lead").map((u) => u.unitId));
    setCo(assigned.filter((u) => u.role === "co").map((u) => u.unitId));
  }, [units.data]);
  const save = useMutation({
    mutationFn: (body: {
      units: { unitId: string; role: "lead" | "co" }[];
      source: "supervisor" | "document";
    }) => send("PUT", `/api/indicators/${indicatorId}/units`, body),
    onSuccess: async (_, body) => {
      message.success(body.units.length ? "已保存指标责任单位" : "已清除指标责任单位");
      await client.invalidateQueries({ queryKey: key });
      await client.invalidateQueries({ queryKey: ["scores"] });
    },
    onError: (error) => message.error(`保存失败：${messageOf(error)}`),
  });

  if (units.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (units.isError)
    return <Alert type="error" showIcon title="责任单位加载失败" description={messageOf(units.error)} />;
  const { units: assigned, proposed } = units.data.data;
  const adoptable = proposed.filter((p) => p.unitId !== null);
  const options = (registry.data?.data ?? []).map((u) => ({ value: u.id, label: u.canonicalName }));
  return (
    <Descriptions size="small" column={1} bordered title="指标责任单位" data-testid="indicator-units">
      <Descriptions.Item label="已指定">
        {assigned.length === 0 ? (
          <Typography.Text type="secondary">尚未指定</Typography.Text>
        ) : (
          assigned.map((u) => (
            <Tag key={u.unitId} color={u.role === "lead" ? "red" : undefined}>
              {u.role === "lead" ? "牵头" : "配合"}：{u.unitName}
            </Tag>
          ))
        )}
      </Descriptions.Item>
      <Descriptions.Item label="文件建议">
        {proposed.length === 0 ? (
          <Typography.Text type="secondary">文件中没有可据以确定的单位</Typography.Text>
        ) : (
          <Space orientation="vertical" size={4}>
            <span>
              {proposed.map((p) => (
                <Tag key={`${p.written}:${p.role}`} color={p.unitId ? undefined : "orange"}>
                  {p.role === "lead" ? "牵头" : "配合"}：{p.unitName ?? `${p.written}（未识别）`}
                </Tag>
              ))}
            </span>
            <Typography.Text type="secondary">依据：{BASIS[proposed[0]!.basis]}</Typography.Text>
            {mayAssign && adoptable.length > 0 && (
              <Button
                size="small"
                loading={save.isPending}
                onClick={() =>
                  save.mutate({
                    units: adoptable.map((p) => ({ unitId: p.unitId!, role: p.role })),
                    source: "document",
                  })
                }
              >
                采用文件建议
              </Button>
            )}
          </Space>
        )}
      </Descriptions.Item>
      {mayAssign && (
        <Descriptions.Item label="手工指定">
          <Space orientation="vertical" style={{ width: "100%" }}>
            <Select
              mode="multiple"
              placeholder="牵头单位"
              aria-label="牵头单位"
              style={{ width: "100%" }}
              loading={registry.isPending}
              showSearch={{ optionFilterProp: "label" }}
              value={lead}
              onChange={setLead}
              options={options}
            />
            <Select
              mode="multiple"
              placeholder="配合单位"
              aria-label="配合单位"
              style={{ width: "100%" }}
              loading={registry.isPending}
              showSearch={{ optionFilterProp: "label" }}
              value={co}
              onChange={setCo}
              options={options}
            />
            <Button
              type="primary"
              size="small"
              loading={save.isPending}
              onClick={() =>
                save.mutate({
                  units: [
                    ...lead.map((unitId) => ({ unitId, role: "lead" as const })),
                    ...co
                      .filter((id) => !lead.includes(id))
                      .map((unitId) => ({ unitId, role: "co" as const })),
                  ],
                  source: "supervisor",
                })
              }
            >
              保存责任单位
            </Button>
          </Space>
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}
