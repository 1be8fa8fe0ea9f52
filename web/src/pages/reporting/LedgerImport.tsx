/**
 * 导入台账 for the 督查室: a filled-in 工作台账 (.xlsx) is first checked without writing anything
 * (the server's dry run), the preview lists what every row would do and its problems, and only
 * 确认导入 writes the reports, through the same validation as the report form.
 */
import { ImportOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Modal, Space, Table, Tag, Typography, Upload } from "antd";
import { useMemo, useState } from "react";
import { messageOf } from "../../api/client.js";
import { uploadFile } from "../../api/upload.js";
import type { ExpectedRow, Period } from "../../reporting.js";

/** What importing one row would do (`LedgerRowPlan` of src/track/ledgers.ts). */
interface RowPlan {
  rowNumber: number;
  taskId: string | null;
  unitId: string | null;
  action: "create" | "update" | "unchanged" | "skip";
  problems: string[];
}
interface ImportAnswer {
  data: { dryRun: boolean; rows: RowPlan[]; applied: number };
}

const ACTIONS: Record<RowPlan["action"], { label: string; color: string }> = {
  create: { label: "新建报告", color: "green" },
  update: { label: "更新报告", color: "blue" },
  unchanged: { label: "无变化", color: "default" },
  skip: { label: "跳过", color: "red" },
};

/** The import button and its preview. */
export function LedgerImport(props: { period: Period; rows: readonly ExpectedRow[] }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [plan, setPlan] = useState<ImportAnswer["data"] | null>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const names = useMemo(() => {
    const tasks = new Map<string, string>();
    const units = new Map<string, string>();
    for (const r of props.rows) {
      tasks.set(r.taskId, `${r.taskSeq}. ${r.taskText}`);
      units.set(r.unitId, r.unitName);
    }
    return { tasks, units };
  }, [props.rows]);
  const path = (dryRun: boolean) =>
    `/api/periods/${encodeURIComponent(props.period.id)}/ledger?dryRun=${dryRun ? "true" : "false"}`;

  const check = (chosen: File) => {
    setFile(chosen);
    setPercent(0);
    uploadFile<ImportAnswer>(path(true), chosen, setPercent)
      .then(
        (answer) => setPlan(answer.data),
        (error: unknown) => message.error(`台账检查未通过：${messageOf(error)}`),
      )
      .finally(() => setPercent(null));
  };
  const apply = () => {
    if (!file) return;
    setPercent(0);
    uploadFile<ImportAnswer>(path(false), file, setPercent)
      .then(
        async (answer) => {
          message.success(`已导入台账，写入 ${answer.data.applied} 份报告`);
          setPlan(null);
          setFile(null);
          await client.invalidateQueries({ queryKey: ["expected", props.period.id] });
        },
        (error: unknown) => message.error(`导入失败：${messageOf(error)}`),
      )
      .finally(() => setPercent(null));
  };
  const writes = plan?.rows.filter((r) => r.action === "create" || r.action === "update").length ?? 0;
  const skipped = plan?.rows.filter((r) => r.action === "skip").length ?? 0;

  return (
    <>
      <Upload
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        showUploadList={false}
        customRequest={({ file: chosen }) => check(chosen as File)}
      >
        <Button icon={<ImportOutlined />} loading={percent !== null && plan === null}>
          {percent !== null && plan === null ? `正在检查 ${percent}%` : "导入台账"}
        </Button>
      </Upload>
      {plan && (
        <Modal
          open
          width={960}
          title={`导入预览：${file?.name ?? ""}`}
          okText={`确认导入（${writes} 份）`}
          cancelText="取消"
          okButtonProps={{ disabled: writes === 0 }}
          confirmLoading={percent !== null}
          onOk={apply}
          onCancel={() => {
            setPlan(null);
            setFile(null);
          }}
        >
          <Space orientation="vertical" style={{ width: "100%" }}>
            <Typography.Text>
              这是预检结果，尚未写入。共 {plan.rows.length} 行：将写入 {writes} 份报告，跳过 {skipped} 行。
            </Typography.Text>
            {skipped > 0 && (
              <Alert type="warning" showIcon title="有些行有问题，将被跳过；可修改台账后重新导入。" />
            )}
            <Table<RowPlan>
              rowKey="rowNumber"
              size="small"
              dataSource={plan.rows}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              scroll={{ y: 360 }}
              columns={[
                { title: "行号", dataIndex: "rowNumber", width: 64 },
                {
                  title: "任务",
                  key: "task",
                  ellipsis: true,
                  render: (_, r) => (r.taskId ? (names.tasks.get(r.taskId) ?? "（任务）") : "—"),
                },
                {
                  title: "单位",
                  key: "unit",
                  width: 140,
                  render: (_, r) => (r.unitId ? (names.units.get(r.unitId) ?? "—") : "—"),
                },
                {
                  title: "处理",
                  dataIndex: "action",
                  width: 100,
                  render: (a: RowPlan["action"]) => <Tag color={ACTIONS[a].color}>{ACTIONS[a].label}</Tag>,
                },
                {
                  title: "问题",
                  dataIndex: "problems",
                  width: 260,
                  render: (p: string[]) => (p.length ? p.join("；") : "—"),
                },
              ]}
            />
          </Space>
        </Modal>
      )}
    </>
  );
}
