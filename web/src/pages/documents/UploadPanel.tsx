/** Drag-and-drop upload with progress, then what the parser found in the document. */
import { InboxOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Descriptions, Progress, Tag, Upload } from "antd";
import { useState } from "react";
import { api, messageOf, ok } from "../../api/client.js";
import { uploadDocument, type UploadResult } from "../../api/upload.js";
import { Link } from "../../router.js";
import { documentPath } from "../../routes.js";
import { unresolvedNames } from "../../spans.js";

type UploadState =
  | { phase: "idle" }
  | { phase: "uploading"; name: string; percent: number }
  | { phase: "done"; result: UploadResult }
  | { phase: "failed"; name: string; message: string };

/** The upload area of the documents page. */
export function UploadPanel() {
  const client = useQueryClient();
  const [state, setState] = useState<UploadState>({ phase: "idle" });
  return (
    <div>
      <Upload.Dragger
        multiple={false}
        showUploadList={false}
        accept=".txt,.html,.htm,.docx,.pdf"
        disabled={state.phase === "uploading"}
        customRequest={({ file }) => {
          const f = file as File;
          setState({ phase: "uploading", name: f.name, percent: 0 });
          uploadDocument(f, (percent) => setState({ phase: "uploading", name: f.name, percent })).then(
            async (result) => {
              setState({ phase: "done", result });
              await client.invalidateQueries({ queryKey: ["documents"] });
              await client.invalidateQueries({ queryKey: ["tasks"] });
            },
            (error: unknown) => setState({ phase: "failed", name: f.name, message: messageOf(error) }),
          );
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">将政策文件拖到此处，或点击选择文件</p>
        <p className="ant-upload-hint">支持 TXT、HTML、DOCX、PDF（含文字层），单个文件不超过 50 MB</p>
      </Upload.Dragger>
      {state.phase === "uploading" && (
        <div style={{ marginTop: 12 }}>
          正在上传并解析 {state.name}
          <Progress percent={state.percent} status="active" />
        </div>
      )}
      {state.phase === "failed" && (
        <Alert
          style={{ marginTop: 12 }}
          type="error"
          showIcon
          title={`${state.name} 导入失败`}
          description={state.message}
        />
      )}
      {state.phase === "done" && <ParseResult result={state.result} />}
    </div>
  );
}

function ParseResult({ result }: { result: UploadResult }) {
  const doc = result.data;
  const detail = useQuery({
    queryKey: ["document", doc.id],
    queryFn: () => ok(api.api.documents[":id"].$get({ param: { id: doc.id } })),
  });
  const unresolved = detail.data ? unresolvedNames(detail.data.data.taskList) : [];
  return (
    <Alert
      style={{ marginTop: 12 }}
      type={result.duplicateOf ? "info" : "success"}
      showIcon
      title={result.duplicateOf ? "该文件此前已导入，未重复保存" : "导入成功"}
      description={
        <Descriptions size="small" column={1} data-testid="parse-result">
          <Descriptions.Item label="文件">
            <Link to={documentPath(doc.id)}>{doc.title ?? doc.filename}</Link>
          </Descriptions.Item>
          <Descriptions.Item label="识别任务">{doc.tasks} 项</Descriptions.Item>
          <Descriptions.Item label="指标">
            {detail.data
              ? `${detail.data.data.indicators.length} 项`
              : detail.isError
                ? messageOf(detail.error)
                : "…"}
          </Descriptions.Item>
          <Descriptions.Item label="未识别的单位">
            {detail.isPending
              ? "…"
              : unresolved.length === 0
                ? "无"
                : unresolved.map((u) => (
                    <Tag key={u.name} color="orange">
                      {u.name}（{u.tasks} 项任务）
                    </Tag>
                  ))}
          </Descriptions.Item>
          <Descriptions.Item label="解析诊断">
            {detail.data ? (
              detail.data.data.diagnostics.length === 0 ? (
                "无"
              ) : (
                <Link to={documentPath(doc.id)}>
                  {diagnosticSummary(detail.data.data.diagnostics)}（在文件页“诊断”中查看原文位置）
                </Link>
              )
            ) : (
              "…"
            )}
          </Descriptions.Item>
        </Descriptions>
      }
    />
  );
}

/** 「警告 2 条、提示 1 条」: the diagnostics of an upload by severity. */
function diagnosticSummary(diagnostics: readonly { severity: string }[]): string {
  const labels: Record<string, string> = { error: "错误", warning: "警告", info: "提示" };
  const counts = new Map<string, number>();
  for (const d of diagnostics) counts.set(d.severity, (counts.get(d.severity) ?? 0) + 1);
  return [...counts].map(([severity, n]) => `${labels[severity] ?? severity} ${n} 条`).join("、");
}
