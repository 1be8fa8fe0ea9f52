/** The 督查室 opens a year's reporting periods for a document (the server proposes them from the text). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, InputNumber, Select, Space } from "antd";
import { useState } from "react";
import { api, messageOf, ok } from "../../api/client.js";
import { send } from "../../api/send.js";
import type { Period } from "../../reporting.js";

/** The control. */
export function OpenYear() {
  const client = useQueryClient();
  const { message } = App.useApp();
  const [documentId, setDocumentId] = useState<string>();
  const [year, setYear] = useState<number>(new Date().getFullYear());
  const documents = useQuery({
    queryKey: ["documents", "options"],
    queryFn: () => ok(api.api.documents.$get({ query: { limit: "500" } })),
  });
  const openYear = useMutation({
    mutationFn: () =>
      send<{ data: { created: Period[]; periods: Period[] } }>(
        "POST",
        `/api/documents/${documentId}/periods`,
        { year },
      ),
    onSuccess: async (res) => {
      message.success(
        res.data.created.length > 0
          ? `已开启 ${res.data.created.length} 个报送周期`
          : `该年的报送周期已存在（${res.data.periods.length} 个）`,
      );
      await client.invalidateQueries({ queryKey: ["periods"] });
    },
    onError: (error) => message.error(messageOf(error)),
  });
  return (
    <Space wrap>
      <Select
        style={{ width: 320 }}
        placeholder="选择文件"
        showSearch={{ optionFilterProp: "label" }}
        loading={documents.isPending}
        value={documentId}
        onChange={(v: string) => setDocumentId(v)}
        options={documents.data?.data.map((d) => ({ value: d.id, label: d.title ?? d.filename }))}
        aria-label="开启周期的文件"
      />
      <InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} aria-label="年份" />
      <Button disabled={!documentId} loading={openYear.isPending} onClick={() => openYear.mutate()}>
        开启报送周期
      </Button>
    </Space>
  );
}
