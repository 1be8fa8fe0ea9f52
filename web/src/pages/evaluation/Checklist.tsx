/**
 * 测评指标 of a period. The 督查室 adds items and verifies each unit's self-evaluation; a department
 * fills in its own (points up to the item's, a note, and evidence when the item requires it);
 * leaders read. Buttons follow the `evaluation` and `period` policies of the session.
 */
import { PlusOutlined, UploadOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from "antd";
import { useState } from "react";
import { messageOf } from "../../api/client.js";
import { get, send } from "../../api/send.js";
import { uploadFile } from "../../api/upload.js";
import { useMe } from "../../auth/session.js";
import type { Period } from "../../reporting.js";

/** A unit's self-evaluation of one item, with the 督查室's verification. */
export interface SelfEvaluationRow {
  id: string;
  itemId: string;
  unitId: string;
  claimedPoints: number;
  note: string;
  evidence: string | null;
  verifiedPoints: number | null;
  verifyComment: string | null;
  verifiedAt: string | null;
}

/** An evidence file of a self-evaluation (present when the server keeps them). */
interface EvaluationFileRow {
  id: string;
  unitId: string;
  filename: string;
  byteSize: number;
}

/** A checklist item with its self-evaluations. */
export interface ChecklistItemRow {
  id: string;
  seq: number;
  item: string;
  points: number;
  evidenceRequired: boolean;
  evaluations: SelfEvaluationRow[];
  files?: EvaluationFileRow[];
}

/** The checklist of a period. */
export function Checklist(props: {
  period: Period;
  policies: Record<string, boolean>;
  role: string;
  ownUnitId: string | null;
}) {
  const me = useMe();
  const periodId = props.period.id;
  const mayVerify = me.policies.evaluation?.verify === true;
  const maySelf = me.policies.evaluation?.selfEvaluate === true && props.ownUnitId !== null;
  const checklist = useQuery({
    queryKey: ["checklist", periodId],
    queryFn: () => get<{ data: { items: ChecklistItemRow[] } }>(`/api/periods/${periodId}/checklist`),
  });
  // Unit names for the 督查室's and leaders' view (a department sees only its own evaluations).
  const units = useQuery({
    queryKey: ["units"],
    enabled: props.role !== "reporter",
    queryFn: () => get<{ data: { id: string; canonicalName: string }[] }>("/api/units"),
  });
  const unitName = (id: string) =>
    id === props.ownUnitId
      ? (me.data.unitName ?? "本单位")
      : (units.data?.data.find((u) => u.id === id)?.canonicalName ?? "—");
  const [selfItem, setSelfItem] = useState<ChecklistItemRow | null>(null);
  // Every item's evaluations show unless the user folds them (the data arrives after the first render).
  const [folded, setFolded] = useState<ReadonlySet<string>>(new Set());
  const [verifying, setVerifying] = useState<{
    item: ChecklistItemRow;
    evaluation: SelfEvaluationRow;
  } | null>(null);

  if (checklist.isError)
    return <Alert type="error" showIcon title="测评指标加载失败" description={messageOf(checklist.error)} />;
  const items = checklist.data?.data.items ?? [];
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      {props.policies.manageChecklist && <AddItem periodId={periodId} />}
      <Table<ChecklistItemRow>
        rowKey="id"
        size="small"
        loading={checklist.isPending}
        dataSource={items}
        pagination={false}
        locale={{
          emptyText: (
            <Empty
              description={
                props.policies.manageChecklist
                  ? "还没有测评指标，请在上方新增"
                  : "督查室还没有设置本周期的测评指标"
              }
            />
          ),
        }}
        expandable={{
          expandedRowKeys: items
            .filter((r) => r.evaluations.length > 0 && !folded.has(r.id))
            .map((r) => r.id),
          onExpand: (expanded, r) =>
            setFolded((was) => {
              const next = new Set(was);
              if (expanded) next.delete(r.id);
              else next.add(r.id);
              return next;
            }),
          rowExpandable: (r) => r.evaluations.length > 0,
          expandedRowRender: (r) => (
            <List
              size="small"
              dataSource={r.evaluations}
              renderItem={(e) => (
                <List.Item
                  data-testid={`evaluation-${r.seq}`}
                  actions={
                    mayVerify
                      ? [
                          <Button
                            key="verify"
                            size="small"
                            onClick={() => setVerifying({ item: r, evaluation: e })}
                          >
                            {e.verifiedPoints === null ? "核定" : "重新核定"}
                          </Button>,
                        ]
                      : []
                  }
                >
                  <Descriptions size="small" column={4} style={{ width: "100%" }}>
                    <Descriptions.Item label="单位">{unitName(e.unitId)}</Descriptions.Item>
                    <Descriptions.Item label="自评">{e.claimedPoints} 分</Descriptions.Item>
                    <Descriptions.Item label="核定">
                      {e.verifiedPoints === null ? (
                        <Tag>待核定</Tag>
                      ) : (
                        <Tag color="green">{e.verifiedPoints} 分</Tag>
                      )}
                    </Descriptions.Item>
                    <Descriptions.Item label="核定意见">{e.verifyComment || "—"}</Descriptions.Item>
                    <Descriptions.Item label="自评说明" span={2}>
                      {e.note || "—"}
                    </Descriptions.Item>
                    <Descriptions.Item label="佐证" span={2}>
                      <Evidence evaluation={e} files={(r.files ?? []).filter((f) => f.unitId === e.unitId)} />
                    </Descriptions.Item>
                  </Descriptions>
                </List.Item>
              )}
            />
          ),
        }}
        columns={[
          { title: "序号", dataIndex: "seq", width: 64 },
          { title: "测评项目", dataIndex: "item" },
          { title: "分值", dataIndex: "points", width: 80 },
          {
            title: "佐证",
            dataIndex: "evidenceRequired",
            width: 90,
            render: (v: boolean) => (v ? <Tag color="orange">需佐证</Tag> : <Tag>无需</Tag>),
          },
          ...(maySelf
            ? [
                {
                  title: "本单位自评",
                  key: "self",
                  width: 200,
                  render: (_: unknown, r: ChecklistItemRow) => {
                    const own = r.evaluations.find((e) => e.unitId === props.ownUnitId);
                    const locked = own?.verifiedPoints !== null && own?.verifiedPoints !== undefined;
                    return (
                      <Space>
                        {own ? <span>{own.claimedPoints} 分</span> : <Tag>未自评</Tag>}
                        {!locked && (
                          <Button
                            size="small"
                            type={own ? "default" : "primary"}
                            onClick={() => setSelfItem(r)}
                          >
                            {own ? "修改自评" : "填写自评"}
                          </Button>
                        )}
                        {locked && <Tag color="green">已核定</Tag>}
                      </Space>
                    );
                  },
                },
              ]
            : []),
        ]}
      />
      {selfItem && (
        <SelfEvaluationModal
          // The item as last loaded: an upload refreshes its files while the dialog is open.
          item={items.find((i) => i.id === selfItem.id) ?? selfItem}
          own={selfItem.evaluations.find((e) => e.unitId === props.ownUnitId) ?? null}
          periodId={periodId}
          onClose={() => setSelfItem(null)}
        />
      )}
      {verifying && (
        <VerifyModal
          {...verifying}
          unitName={unitName(verifying.evaluation.unitId)}
          periodId={periodId}
          onClose={() => setVerifying(null)}
        />
      )}
    </Space>
  );
}

function Evidence(props: { evaluation: SelfEvaluationRow; files: EvaluationFileRow[] }) {
  if (!props.evaluation.evidence && props.files.length === 0) return <>—</>;
  return (
    <Space wrap>
      {props.evaluation.evidence && <span>{props.evaluation.evidence}</span>}
      {props.files.map((f) => (
        <a key={f.id} href={`/api/checklist/files/${encodeURIComponent(f.id)}`}>
          {f.filename}
        </a>
      ))}
    </Space>
  );
}

function AddItem({ periodId }: { periodId: string }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ item: string; points: number; evidenceRequired: boolean }>();
  const add = useMutation({
    mutationFn: (body: { item: string; points: number; evidenceRequired: boolean }) =>
      send("POST", `/api/periods/${periodId}/checklist`, body),
    onSuccess: async () => {
      message.success("已新增测评指标");
      form.resetFields();
      await client.invalidateQueries({ queryKey: ["checklist", periodId] });
    },
    onError: (error) => message.error(`新增失败：${messageOf(error)}`),
  });
  return (
    <Card size="small" title="新增测评指标">
      <Form
        form={form}
        name="checklist-add"
        layout="inline"
        initialValues={{ evidenceRequired: false }}
        onFinish={(v) => add.mutate({ ...v, evidenceRequired: v.evidenceRequired === true })}
      >
        <Form.Item
          name="item"
          label="测评项目"
          rules={[{ required: true, whitespace: true, message: "请填写测评项目" }]}
        >
          <Input style={{ width: 360 }} maxLength={500} placeholder="如：按时报送重点任务进展" />
        </Form.Item>
        <Form.Item name="points" label="分值" rules={[{ required: true, message: "请填写分值" }]}>
          <InputNumber min={0.5} max={1000} step={0.5} style={{ width: 90 }} />
        </Form.Item>
        <Form.Item name="evidenceRequired" valuePropName="checked">
          <Checkbox>需提供佐证</Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={add.isPending}>
          新增
        </Button>
      </Form>
    </Card>
  );
}

function SelfEvaluationModal(props: {
  item: ChecklistItemRow;
  own: SelfEvaluationRow | null;
  periodId: string;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ points: number; note: string; evidence: string }>();
  const [uploading, setUploading] = useState<number | null>(null);
  const save = useMutation({
    mutationFn: (v: { points: number; note: string; evidence: string }) =>
      send("PUT", `/api/checklist/${props.item.id}/self-evaluation`, {
        points: v.points,
        note: v.note ?? "",
        evidence: v.evidence?.trim() ? v.evidence.trim() : null,
      }),
    onSuccess: async () => {
      message.success("自评已保存");
      await client.invalidateQueries({ queryKey: ["checklist", props.periodId] });
      props.onClose();
    },
    onError: (error) => message.error(`保存失败：${messageOf(error)}`),
  });
  return (
    <Modal
      open
      title={`自评：${props.item.item}`}
      okText="保存自评"
      cancelText="取消"
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        分值 {props.item.points} 分
        {props.item.evidenceRequired ? "；本项须提供佐证（上传文件或填写佐证说明）" : ""}
      </Typography.Paragraph>
      <Form
        form={form}
        name="self-evaluation"
        layout="vertical"
        initialValues={{
          points: props.own?.claimedPoints,
          note: props.own?.note ?? "",
          evidence: props.own?.evidence ?? "",
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="points" label="自评得分" rules={[{ required: true, message: "请填写自评得分" }]}>
          <InputNumber min={0} max={props.item.points} step={0.5} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="note" label="自评说明">
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <Form.Item name="evidence" label="佐证说明（文件名称、文号或链接）">
          <Input maxLength={2000} />
        </Form.Item>
        {(props.item.files ?? []).length > 0 && (
          <Typography.Paragraph>
            已上传：
            {(props.item.files ?? []).map((f) => (
              <a
                key={f.id}
                href={`/api/checklist/files/${encodeURIComponent(f.id)}`}
                style={{ marginRight: 8 }}
              >
                {f.filename}
              </a>
            ))}
          </Typography.Paragraph>
        )}
        <Upload
          showUploadList={false}
          customRequest={({ file }) => {
            setUploading(0);
            uploadFile(`/api/checklist/${props.item.id}/evidence`, file as File, setUploading)
              .then(
                async () => {
                  message.success(`已上传佐证材料 ${(file as File).name}`);
                  await client.invalidateQueries({ queryKey: ["checklist", props.periodId] });
                },
                (error: unknown) => message.error(`上传失败：${messageOf(error)}`),
              )
              .finally(() => setUploading(null));
          }}
        >
          <Button icon={<UploadOutlined />} loading={uploading !== null}>
            {uploading !== null ? `正在上传 ${uploading}%` : "上传佐证文件"}
          </Button>
        </Upload>
      </Form>
    </Modal>
  );
}

function VerifyModal(props: {
  item: ChecklistItemRow;
  evaluation: SelfEvaluationRow;
  unitName: string;
  periodId: string;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ points: number; comment: string }>();
  const verify = useMutation({
    mutationFn: (v: { points: number; comment: string }) =>
      send("POST", `/api/self-evaluations/${props.evaluation.id}/verify`, {
        points: v.points,
        comment: v.comment?.trim() ? v.comment.trim() : null,
      }),
    onSuccess: async () => {
      message.success(`已核定 ${props.unitName} 的得分`);
      await client.invalidateQueries({ queryKey: ["checklist", props.periodId] });
      props.onClose();
    },
    onError: (error) => message.error(`核定失败：${messageOf(error)}`),
  });
  return (
    <Modal
      open
      title={`核定：${props.unitName} · ${props.item.item}`}
      okText="确认核定"
      cancelText="取消"
      confirmLoading={verify.isPending}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>
        分值 {props.item.points} 分，单位自评 {props.evaluation.claimedPoints} 分。
      </Typography.Paragraph>
      <Form
        form={form}
        name="verify"
        layout="vertical"
        initialValues={{
          points: props.evaluation.verifiedPoints ?? props.evaluation.claimedPoints,
          comment: props.evaluation.verifyComment ?? "",
        }}
        onFinish={(v) => verify.mutate(v)}
      >
        <Form.Item name="points" label="核定得分" rules={[{ required: true, message: "请填写核定得分" }]}>
          <InputNumber min={0} max={props.item.points} step={0.5} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="comment" label="核定意见">
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
