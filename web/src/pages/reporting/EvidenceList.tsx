/** A report's evidence (佐证材料): the files attached so far, and attaching one with progress. */
import { PaperClipOutlined, UploadOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, List, Progress, Typography, Upload } from "antd";
import { useState } from "react";
import { messageOf } from "../../api/client.js";
import { get } from "../../api/send.js";
import { uploadFile } from "../../api/upload.js";
import type { EvidenceRecord } from "../../../../src/track/evidence.js";

type Evidence = Omit<EvidenceRecord, "uploadedAt"> & { uploadedAt: string };

/** The list and, while the report can be edited, the attach button. */
export function EvidenceList({ reportId, canAttach }: { reportId: string; canAttach: boolean }) {
  const client = useQueryClient();
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const evidence = useQuery({
    queryKey: ["evidence", reportId],
    queryFn: () => get<{ data: { evidence: Evidence[] } }>(`/api/reports/${reportId}`),
    select: (res) => res.data.evidence,
  });
  return (
    <div style={{ marginBottom: 16 }}>
      <Typography.Text strong>佐证材料</Typography.Text>
      <List
        size="small"
        loading={evidence.isPending}
        dataSource={evidence.data ?? []}
        locale={{ emptyText: "暂无佐证材料" }}
        renderItem={(e) => (
          <List.Item>
            <a href={`/api/evidence/${encodeURIComponent(e.id)}`}>
              <PaperClipOutlined /> {e.filename}
            </a>
            <Typography.Text type="secondary">{(e.byteSize / 1024).toFixed(1)} KB</Typography.Text>
          </List.Item>
        )}
      />
      {canAttach && (
        <Upload
          showUploadList={false}
          disabled={percent !== null}
          customRequest={({ file }) => {
            setError(null);
            setPercent(0);
            uploadFile(`/api/reports/${reportId}/evidence`, file as File, setPercent).then(
              async () => {
                setPercent(null);
                await client.invalidateQueries({ queryKey: ["evidence", reportId] });
              },
              (e: unknown) => {
                setPercent(null);
                setError(messageOf(e));
              },
            );
          }}
        >
          <Button icon={<UploadOutlined />} size="small">
            上传佐证材料
          </Button>
        </Upload>
      )}
      {percent !== null && <Progress percent={percent} size="small" status="active" />}
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} />}
    </div>
  );
}
