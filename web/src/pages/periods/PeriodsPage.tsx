/**
 * 周期管理 for the 督查室: every reporting period with its document and state; closing a period
 * (accepted reports lock) or opening it again; granting a unit an exception (补报例外) so it can
 * still report in a closed period, seeing the exceptions in force and revoking one; and the 工作台账
 * of each period.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import { useMemo, useState } from "react";
import { messageOf } from "../../api/client.js";
import { get, send } from "../../api/send.js";
import { DownloadButton } from "../../components/DownloadButton.js";
import { usePeriods } from "../../components/PeriodSelect.js";
import { documentOptionsQuery } from "../../queries.js";
import type { ExpectedRow, Period } from "../../reporting.js";
import { setQuery, useLocation } from "../../router.js";
import { ClosePeriod } from "../reporting/ClosePeriod.js";

/** The periods page. */
export default function PeriodsPage() {
  const { query } = useLocation();
  const periods = usePeriods();
  const { policies } = periods;
  const documents = useQuery(documentOptionsQuery());
  const titles = useMemo(
    () => new Map((documents.data?.data ?? []).map((d) => [d.id, d.title ?? d.filename])),
    [documents.data],
  );
  const documentId = query.get("documentId") ?? undefined;
  const rows = periods.list.filter((p) => !documentId || p.documentId === documentId);
  const [exceptionFor, setExceptionFor] = useState<Period | null>(null);

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        周期管理
      </Typography.Title>
      <Typography.Text type="secondary">
        关闭周期后各单位不能再报送，已审核通过的报告随之锁定；个别单位确需补报的，可为其开通补报例外。
      </Typography.Text>
      <Select
        allowClear
        showSearch={{ optionFilterProp: "label" }}
        placeholder="全部文件"
        style={{ width: 360 }}
        loading={documents.isPending}
        value={documentId}
        onChange={(v?: string) => setQuery({ documentId: v })}
        options={(documents.data?.data ?? []).map((d) => ({ value: d.id, label: d.title ?? d.filename }))}
        aria-label="按文件筛选"
      />
      {periods.periods.isError ? (
        <Alert
          type="error"
          showIcon
          title="报送周期加载失败"
          description={messageOf(periods.periods.error)}
        />
      ) : (
        <Table<Period>
          rowKey="id"
          size="small"
          loading={periods.periods.isPending}
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => `共 ${n} 个周期` }}
          expandable={
            policies.listExceptions
              ? {
                  rowExpandable: (p) => p.status === "closed",
                  expandedRowRender: (p) => (
                    <ExceptionList period={p} mayRevoke={policies.revokeException === true} />
                  ),
                  expandRowByClick: false,
                }
              : undefined
          }
          locale={{ emptyText: <Empty description="还没有报送周期：在“进展报送”中为文件开启年度报送周期" /> }}
          columns={[
            {
              title: "文件",
              key: "document",
              ellipsis: true,
              render: (_, p) => titles.get(p.documentId) ?? "…",
            },
            { title: "周期", dataIndex: "label", width: 160 },
            { title: "起止", key: "range", width: 190, render: (_, p) => `${p.start} 至 ${p.end}` },
            { title: "截止", dataIndex: "due", width: 110 },
            {
              title: "状态",
              dataIndex: "status",
              width: 90,
              render: (s: Period["status"]) =>
                s === "open" ? <Tag color="green">报送中</Tag> : <Tag>已关闭</Tag>,
            },
            {
              title: "操作",
              key: "actions",
              width: 330,
              render: (_, p) => (
                <Space wrap>
                  {policies.close && <ClosePeriod period={p} />}
                  {policies.grantException && p.status === "closed" && (
                    <Button onClick={() => setExceptionFor(p)}>补报例外</Button>
                  )}
                  {policies.export && (
                    <DownloadButton
                      path={`/api/periods/${encodeURIComponent(p.id)}/ledger`}
                      label="工作台账"
                      fallbackName="工作台账.xlsx"
                    />
                  )}
                </Space>
              ),
            },
          ]}
        />
      )}
      {exceptionFor && <ExceptionModal period={exceptionFor} onClose={() => setExceptionFor(null)} />}
    </Space>
  );
}

/** Grants one unit of the period's document an exception, with the reason (audited). */
function ExceptionModal(props: { period: Period; onClose: () => void }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ unitId: string; reason: string }>();
  // The units that owe reports in this period are the ones an exception can be for.
  const expected = useQuery({
    queryKey: ["expected", props.period.id],
    queryFn: () =>
      get<{ data: { period: Period; expected: ExpectedRow[] } }>(`/api/periods/${props.period.id}/expected`),
  });
  const units = useMemo(() => {
    const seen = new Map<string, { name: string; owing: number }>();
    for (const e of expected.data?.data.expected ?? []) {
      const u = seen.get(e.unitId) ?? { name: e.unitName, owing: 0 };
      if (e.workflow === null || e.workflow === "draft" || e.workflow === "returned") u.owing++;
      seen.set(e.unitId, u);
    }
    return [...seen.entries()].sort((a, b) => b[1].owing - a[1].owing);
  }, [expected.data]);
  const grant = useMutation({
    mutationFn: (v: { unitId: string; reason: string }) =>
      send("POST", `/api/periods/${props.period.id}/exceptions`, {
        unitId: v.unitId,
        reason: v.reason.trim(),
      }),
    onSuccess: async (_, v) => {
      const name = units.find(([id]) => id === v.unitId)?.[1].name ?? "该单位";
      message.success(`已为${name}开通“${props.period.label}”的补报例外`);
      await client.invalidateQueries({ queryKey: ["expected", props.period.id] });
      await client.invalidateQueries({ queryKey: exceptionsKey(props.period.id) });
      props.onClose();
    },
    onError: (error) => message.error(`开通失败：${messageOf(error)}`),
  });
  return (
    <Modal
      open
      title={`补报例外：${props.period.label}`}
      okText="开通例外"
      cancelText="取消"
      confirmLoading={grant.isPending}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        开通后，该单位可以在已关闭的周期内继续保存和报送；其他单位不受影响。
      </Typography.Paragraph>
      {expected.isError && (
        <Alert type="error" showIcon title="单位加载失败" description={messageOf(expected.error)} />
      )}
      <Form form={form} name="exception" layout="vertical" onFinish={(v) => grant.mutate(v)}>
        <Form.Item name="unitId" label="单位" rules={[{ required: true, message: "请选择单位" }]}>
          <Select
            showSearch={{ optionFilterProp: "label" }}
            loading={expected.isPending}
            placeholder="选择需要补报的单位"
            options={units.map(([id, u]) => ({
              value: id,
              label: u.owing > 0 ? `${u.name}（未报 ${u.owing} 项）` : u.name,
            }))}
            aria-label="单位"
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label="事由"
          rules={[{ required: true, whitespace: true, message: "请填写开通例外的事由" }]}
        >
          <Input.TextArea rows={3} maxLength={500} placeholder="如：因系统故障未能按时报送，经领导同意补报" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One exception (补报例外) as `GET /api/periods/{id}/exceptions` lists it. */
interface PeriodException {
  unitId: string;
  unitName: string;
  reason: string;
  grantedByName: string | null;
  grantedAt: string;
  inForce: boolean;
  revokedAt: string | null;
}

const exceptionsKey = (periodId: string) => ["period-exceptions", periodId];

const when = (iso: string) => new Date(iso).toLocaleString("zh-CN", { hour12: false });

/** The exceptions of a closed period: those in force with a revoke button, then the revoked ones. */
function ExceptionList(props: { period: Period; mayRevoke: boolean }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const id = props.period.id;
  const list = useQuery({
    queryKey: exceptionsKey(id),
    queryFn: () => get<{ data: PeriodException[] }>(`/api/periods/${encodeURIComponent(id)}/exceptions`),
  });
  const revoke = useMutation({
    mutationFn: (e: PeriodException) =>
      send<{ data: { changed: boolean } }>(
        "DELETE",
        `/api/periods/${encodeURIComponent(id)}/exceptions/${encodeURIComponent(e.unitId)}`,
      ),
    onSuccess: async (answer, e) => {
      if (answer.data.changed) message.success(`已撤销${e.unitName}的补报例外，该单位不能再在本周期报送`);
      else message.info(`${e.unitName}的补报例外此前已撤销`);
      await client.invalidateQueries({ queryKey: exceptionsKey(id) });
      await client.invalidateQueries({ queryKey: ["expected", id] });
    },
    onError: (error) => message.error(`撤销失败：${messageOf(error)}`),
  });
  if (list.isError)
    return <Alert type="error" showIcon title="补报例外加载失败" description={messageOf(list.error)} />;
  return (
    <Table<PeriodException>
      rowKey="unitId"
      size="small"
      loading={list.isPending}
      dataSource={list.data?.data ?? []}
      pagination={false}
      aria-label={`${props.period.label}的补报例外`}
      locale={{ emptyText: <Empty description="本周期没有补报例外" /> }}
      columns={[
        { title: "单位", dataIndex: "unitName", width: 180 },
        { title: "事由", dataIndex: "reason", ellipsis: true },
        {
          title: "开通人",
          dataIndex: "grantedByName",
          width: 120,
          render: (n: string | null) => n ?? "命令行",
        },
        { title: "开通时间", dataIndex: "grantedAt", width: 170, render: when },
        {
          title: "状态",
          key: "inForce",
          width: 170,
          render: (_, e) =>
            e.inForce ? (
              <Tag color="green">有效</Tag>
            ) : (
              <Tag>已撤销{e.revokedAt ? `（${when(e.revokedAt)}）` : ""}</Tag>
            ),
        },
        ...(props.mayRevoke
          ? [
              {
                title: "操作",
                key: "actions",
                width: 100,
                render: (_: unknown, e: PeriodException) =>
                  e.inForce && (
                    <Popconfirm
                      title={`撤销${e.unitName}的补报例外？`}
                      description="撤销后该单位不能再在已关闭的周期内保存和报送。"
                      okText="撤销"
                      cancelText="取消"
                      okButtonProps={{ danger: true }}
                      onConfirm={() => revoke.mutateAsync(e)}
                    >
                      <Button
                        danger
                        size="small"
                        loading={revoke.isPending && revoke.variables?.unitId === e.unitId}
                      >
                        撤销
                      </Button>
                    </Popconfirm>
                  ),
              },
            ]
          : []),
      ]}
    />
  );
}
