/**
 * One report in a drawer: the department fills it in with autosave (a save on a stale version is
 * refused by the server with 409, and the form says someone else saved first and offers the
 * stored version); the 督查室 reads it and accepts it or returns it with a comment.
 */
import { useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Spin,
  Typography,
} from "antd";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiFailure, messageOf } from "../../api/client.js";
import { get, send } from "../../api/send.js";
import { EvidenceList } from "./EvidenceList.js";
import {
  contentOf,
  editable,
  REPORT_STATUS_LABELS,
  WORKFLOW_LABELS,
  type ExpectedRow,
  type Report,
} from "../../reporting.js";

type Content = ReturnType<typeof contentOf>;
type SaveState = { kind: "idle" } | { kind: "pending" } | { kind: "saving" } | { kind: "saved"; at: Date };

/** How long the form waits after the last keystroke before it saves. */
const AUTOSAVE_MS = 1200;

/** The drawer; `mode` is what the signed-in role does with the report. */
export function ReportDrawer(props: {
  periodId: string;
  row: ExpectedRow | null;
  mode: "write" | "review" | "read";
  onClose: () => void;
}) {
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Content>();
  const [report, setReport] = useState<Report | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Report | null>(null);
  const [saveState, setSaveState] = useState<SaveState>({ kind: "idle" });
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const row = props.row;

  const show = useCallback(
    (r: Report) => {
      setReport(r);
      form.setFieldsValue(contentOf(r));
    },
    [form],
  );

  useEffect(() => {
    setReport(null);
    setConflict(null);
    setLoadError(null);
    setSaveState({ kind: "idle" });
    setComment("");
    if (!row) return;
    const load = row.reportId
      ? get<{ data: Report }>(`/api/reports/${row.reportId}`)
      : props.mode === "write"
        ? send<{ data: Report }>("POST", "/api/reports", { periodId: props.periodId, taskId: row.taskId })
        : null;
    if (!load) return;
    load.then(
      (res) => show(res.data),
      (error: unknown) => setLoadError(messageOf(error)),
    );
  }, [row, props.mode, props.periodId, show]);

  const canEdit = props.mode === "write" && report !== null && editable(report.workflow) && conflict === null;

  const save = useCallback(async (): Promise<Report | null> => {
    if (!report) return null;
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    setSaveState({ kind: "saving" });
    try {
      const res = await send<{ data: Report }>("PATCH", `/api/reports/${report.id}`, {
        version: report.version,
        ...form.getFieldsValue(),
      });
      setReport(res.data);
      setSaveState({ kind: "saved", at: new Date() });
      return res.data;
    } catch (error) {
      setSaveState({ kind: "idle" });
      if (error instanceof ApiFailure && error.code === "VERSION_CONFLICT")
        setConflict(error.current as Report);
      else message.error(messageOf(error));
      return null;
    }
  }, [report, form, message]);

  // The autosave timer always calls the latest save (it closes over the latest version).
  const saveRef = useRef(save);
  saveRef.current = save;
  const scheduleSave = () => {
    setSaveState({ kind: "pending" });
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void saveRef.current(), AUTOSAVE_MS);
  };
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const refresh = () => client.invalidateQueries({ queryKey: ["expected", props.periodId] });

  const act = async (what: "submit" | "accept" | "return") => {
    if (!report) return;
    setBusy(true);
    try {
      let current = report;
      if (what === "submit" && saveState.kind === "pending") {
        const saved = await save();
        if (!saved) return;
        current = saved;
      }
      const body = what === "submit" ? { version: current.version } : { comment: comment.trim() || null };
      const res = await send<{ data: Report }>("POST", `/api/reports/${report.id}/${what}`, body);
      show(res.data);
      message.success({ submit: "已报送", accept: "已审核通过", return: "已退回" }[what]);
      await refresh();
      props.onClose();
    } catch (error) {
      message.error(messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  const status = Form.useWatch("status", form);
  return (
    <Drawer
      open={row !== null}
      size={720}
      title={row ? `${row.unitName} · 任务 ${row.taskSeq}` : ""}
      onClose={() => {
        if (saveState.kind === "pending") void save();
        void refresh();
        props.onClose();
      }}
      extra={<SaveIndicator state={saveState} />}
    >
      {row && (
        <Typography.Paragraph type="secondary" data-testid="report-task">
          {row.taskText}
        </Typography.Paragraph>
      )}
      {loadError && <Alert type="error" showIcon title="报告加载失败" description={loadError} />}
      {!report && !loadError && row && (row.reportId || props.mode === "write") && <Spin />}
      {!report && !loadError && row && !row.reportId && props.mode !== "write" && (
        <Alert type="info" showIcon title="该单位尚未填报" />
      )}
      {conflict && (
        <Alert
          type="warning"
          showIcon
          data-testid="conflict"
          style={{ marginBottom: 16 }}
          title="他人已先保存了这份报告"
          description={`服务器上已是第 ${conflict.version} 版（${new Date(conflict.updatedAt).toLocaleString("zh-CN", { hour12: false })} 保存），您刚才的修改没有保存。请载入最新版本后重新修改。`}
          action={
            <Button size="small" onClick={() => (show(conflict), setConflict(null))}>
              载入最新版本
            </Button>
          }
        />
      )}
      {report && (
        <>
          <Descriptions size="small" column={3} style={{ marginBottom: 16 }}>
            <Descriptions.Item label="状态">{WORKFLOW_LABELS[report.workflow]}</Descriptions.Item>
            <Descriptions.Item label="版本">第 {report.version} 版</Descriptions.Item>
            <Descriptions.Item label="退回次数">{report.returnCount}</Descriptions.Item>
          </Descriptions>
          {report.workflow === "returned" && report.reviewComment && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 16 }}
              title="退回意见"
              description={report.reviewComment}
            />
          )}
          <Form<Content>
            form={form}
            layout="vertical"
            disabled={!canEdit}
            onValuesChange={() => canEdit && scheduleSave()}
          >
            <Space size="large">
              <Form.Item label="进展状态" name="status" rules={[{ required: true }]}>
                <Select
                  style={{ width: 160 }}
                  options={Object.entries(REPORT_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
                />
              </Form.Item>
              <Form.Item label="完成进度（%）" name="progress">
                <InputNumber min={0} max={100} precision={0} />
              </Form.Item>
            </Space>
            <Form.Item label="工作进展" name="narrative">
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={20000} />
            </Form.Item>
            <Form.Item label="主要举措" name="measures">
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={20000} />
            </Form.Item>
            <Form.Item label="存在问题" name="problems">
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={20000} />
            </Form.Item>
            <Form.Item label="下一步计划" name="nextSteps">
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={20000} />
            </Form.Item>
            {(status === "delayed" || status === "blocked") && (
              <Form.Item label="滞后或受阻原因" name="reason">
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
              </Form.Item>
            )}
          </Form>
          <EvidenceList reportId={report.id} canAttach={canEdit} />
          {canEdit && (
            <Button type="primary" loading={busy} onClick={() => void act("submit")}>
              报送
            </Button>
          )}
          {props.mode === "review" && report.workflow === "submitted" && (
            <Space orientation="vertical" style={{ width: "100%" }}>
              <Input.TextArea
                placeholder="审核意见（退回时必填）"
                value={comment}
                onChange={(e) => setComment(e.target.value)}
                autoSize={{ minRows: 2, maxRows: 6 }}
                aria-label="审核意见"
              />
              <Space>
                <Button type="primary" loading={busy} onClick={() => void act("accept")}>
                  审核通过
                </Button>
                <Button
                  danger
                  loading={busy}
                  disabled={comment.trim() === ""}
                  onClick={() => void act("return")}
                >
                  退回修改
                </Button>
              </Space>
            </Space>
          )}
        </>
      )}
    </Drawer>
  );
}

function SaveIndicator({ state }: { state: SaveState }) {
  const text =
    state.kind === "pending"
      ? "有未保存的修改"
      : state.kind === "saving"
        ? "正在保存…"
        : state.kind === "saved"
          ? `已自动保存 ${state.at.toLocaleTimeString("zh-CN", { hour12: false })}`
          : "";
  return (
    <Typography.Text type="secondary" data-testid="save-state">
      {text}
    </Typography.Text>
  );
}
