/** The 督查室 sets a period's score weights; leaders see them read-only. Scores recompute on save. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Form, InputNumber, Space, Typography } from "antd";
import { useEffect } from "react";
import { messageOf } from "../../api/client.js";
import { send } from "../../api/send.js";

/** Score weights (0–100 each; the score divides by their sum). */
export interface Weights {
  completion: number;
  onTime: number;
  returned: number;
  indicators: number;
}

const FIELDS: { name: keyof Weights; label: string }[] = [
  { name: "completion", label: "完成率" },
  { name: "onTime", label: "按时报送率" },
  { name: "returned", label: "未被退回" },
  { name: "indicators", label: "指标达标" },
];

/** The weights card. */
export function WeightsForm(props: { periodId: string; weights: Weights; editable: boolean }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Weights>();
  useEffect(() => form.setFieldsValue(props.weights), [form, props.weights]);
  const save = useMutation({
    mutationFn: (w: Weights) => send("PUT", `/api/periods/${props.periodId}/weights`, w),
    onSuccess: async () => {
      message.success("考核权重已保存，得分与排名已更新");
      await client.invalidateQueries({ queryKey: ["scores", props.periodId] });
    },
    onError: (error) => message.error(`保存失败：${messageOf(error)}`),
  });
  if (!props.editable)
    return (
      <Typography.Text type="secondary" data-testid="weights-readonly">
        考核权重：{FIELDS.map((f) => `${f.label} ${props.weights[f.name]}`).join("，")}
      </Typography.Text>
    );
  return (
    <Card size="small" title="考核权重（各项 0–100，得分 = 100 × Σ权重×得分率 ÷ Σ权重）">
      <Form
        form={form}
        name="weights"
        layout="inline"
        initialValues={props.weights}
        onFinish={(w) => save.mutate(w)}
      >
        {FIELDS.map((f) => (
          <Form.Item
            key={f.name}
            name={f.name}
            label={f.label}
            rules={[{ required: true, message: "请填写" }]}
          >
            <InputNumber min={0} max={100} style={{ width: 80 }} aria-label={`${f.label}权重`} />
          </Form.Item>
        ))}
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            保存权重
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
