/**
 * 设置: the region's supervision settings — days before a deadline a task turns yellow, and when
 * 督办 reminders go out — which the 督查室 edits and leaders read; and, for the system
 * administrator, the server's limits (read-only, never credentials or keys).
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Space,
  Tag,
  Typography,
} from "antd";
import { messageOf } from "../../api/client.js";
import { get, send } from "../../api/send.js";

/** `GET /api/settings` as the page reads it. */
interface SettingsAnswer {
  data: {
    supervision: { yellowDays: number; reminderOffsets: number[]; updatedAt: string | null };
    server: {
      uploadBytes: number;
      sessionIdleMinutes: number;
      sessionAbsoluteHours: number;
      smtpConfigured: boolean;
    } | null;
  };
  policies?: Record<string, boolean>;
}

/** How an offset reads: 截止前 N 天, 截止当天, 逾期 N 天. */
function offsetLabel(offset: number): string {
  if (offset < 0) return `截止前${-offset}天`;
  if (offset === 0) return "截止当天";
  return `逾期${offset}天`;
}

/** The offsets typed as `-21, -7, -1, 1` (commas of either width), or a problem in Chinese. */
function parseOffsets(text: string): number[] | string {
  const parts = text
    .split(/[,，、\s]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const values = parts.map(Number);
  if (values.some((v) => !Number.isInteger(v))) return "请填写整数天数，用逗号分隔";
  if (values.some((v) => v < -30 || v > 90)) return "提醒时间须在截止前30天到逾期90天之间（-30 到 90）";
  if (new Set(values).size !== values.length) return "提醒时间不能重复";
  return [...values].sort((a, b) => a - b);
}

const QUERY_KEY = ["settings"];

/** The settings page. */
export default function SettingsPage() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ yellowDays: number; offsets: string }>();
  const offsets = Form.useWatch("offsets", form);
  const settings = useQuery({ queryKey: QUERY_KEY, queryFn: () => get<SettingsAnswer>("/api/settings") });
  const save = useMutation({
    mutationFn: (body: { yellowDays: number; reminderOffsets: number[] }) =>
      send<SettingsAnswer>("PUT", "/api/settings", body),
    onSuccess: (answer) => {
      client.setQueryData(QUERY_KEY, answer);
      form.setFieldsValue({ offsets: answer.data.supervision.reminderOffsets.join(", ") });
      message.success("督查设置已保存");
    },
    onError: (error) => message.error(`保存失败：${messageOf(error)}`),
  });
  if (settings.isError)
    return <Alert type="error" showIcon title="设置加载失败" description={messageOf(settings.error)} />;
  if (!settings.data) return <Card loading />;
  const { supervision, server } = settings.data.data;
  const mayEdit = settings.data.policies?.update === true;
  const preview = typeof offsets === "string" ? parseOffsets(offsets) : supervision.reminderOffsets;
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        设置
      </Typography.Title>
      <Card title="督查设置" extra={mayEdit ? null : <Tag>只读</Tag>}>
        <Form
          form={form}
          name="supervision"
          layout="vertical"
          disabled={!mayEdit}
          style={{ maxWidth: 560 }}
          initialValues={{
            yellowDays: supervision.yellowDays,
            offsets: supervision.reminderOffsets.join(", "),
          }}
          onFinish={(v) => {
            const parsed = parseOffsets(v.offsets);
            if (typeof parsed === "string") return;
            save.mutate({ yellowDays: v.yellowDays, reminderOffsets: parsed });
          }}
        >
          <Form.Item
            name="yellowDays"
            label="黄灯提前天数"
            extra="任务在截止日期前多少天起未报送即亮黄灯（0 到 60 天）"
            rules={[{ required: true, type: "integer", min: 0, max: 60, message: "请填写 0 到 60 的整数" }]}
          >
            <InputNumber min={0} max={60} precision={0} addonAfter="天" aria-label="黄灯提前天数" />
          </Form.Item>
          <Form.Item
            name="offsets"
            label="督办提醒时间"
            extra="距截止日期的天数，用逗号分隔：负数为截止前，0 为截止当天，正数为逾期后（-30 到 90）"
            rules={[
              {
                validator: async (_, value: string | undefined) => {
                  const parsed = parseOffsets(value ?? "");
                  if (typeof parsed === "string") throw new Error(parsed);
                },
              },
            ]}
          >
            <Input aria-label="督办提醒时间" placeholder="-21, -7, -1, 1" />
          </Form.Item>
          <Form.Item label="提醒安排">
            {typeof preview === "string" || preview.length === 0 ? (
              <Typography.Text type="secondary">不发送督办提醒</Typography.Text>
            ) : (
              <Space wrap data-testid="offset-preview">
                {preview.map((o) => (
                  <Tag key={o} color={o > 0 ? "red" : o === 0 ? "gold" : "blue"}>
                    {offsetLabel(o)}
                  </Tag>
                ))}
              </Space>
            )}
          </Form.Item>
          {mayEdit && (
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              保存设置
            </Button>
          )}
        </Form>
        {supervision.updatedAt && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            最近修改：{new Date(supervision.updatedAt).toLocaleString("zh-CN")}
          </Typography.Paragraph>
        )}
      </Card>
      {server && (
        <Card title="服务器参数" extra={<Tag>只读</Tag>}>
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label="上传文件大小上限">
              {(server.uploadBytes / 1024 / 1024).toFixed(0)} MB
            </Descriptions.Item>
            <Descriptions.Item label="会话空闲超时">{server.sessionIdleMinutes} 分钟</Descriptions.Item>
            <Descriptions.Item label="会话最长时间">{server.sessionAbsoluteHours} 小时</Descriptions.Item>
            <Descriptions.Item label="邮件（SMTP）">
              {server.smtpConfigured ? (
                <Tag color="green">已配置</Tag>
              ) : (
                <Tag>未配置，督办提醒仅站内送达</Tag>
              )}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            这些参数由部署时的环境变量决定，需在服务器上修改。
          </Typography.Paragraph>
        </Card>
      )}
    </Space>
  );
}
