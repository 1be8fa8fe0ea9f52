/** The e-mail address reminders (督办提醒) reach the user at: set, change or clear it. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Form, Input, Space } from "antd";
import { api, messageOf, ok } from "../../api/client.js";
import { ME_KEY } from "../../auth/session.js";

/** The form; `email` is the stored address (null: in-app reminders only). */
export function EmailForm({ email }: { email: string | null }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ email: string }>();
  const save = useMutation({
    mutationFn: (value: string | null) => ok(api.api.auth.me.$patch({ json: { email: value } })),
    onSuccess: async (_, value) => {
      message.success(value ? `邮箱已保存：${value}` : "已清除邮箱，今后只接收站内提醒");
      await client.invalidateQueries({ queryKey: ME_KEY });
    },
    onError: (error) => message.error(`保存失败：${messageOf(error)}`),
  });
  return (
    <Form
      form={form}
      name="account-email"
      layout="inline"
      initialValues={{ email: email ?? "" }}
      onFinish={(v) => save.mutate(v.email.trim() ? v.email.trim() : null)}
    >
      <Form.Item
        name="email"
        label="邮箱"
        rules={[{ type: "email", message: "邮箱地址格式不正确" }]}
        style={{ minWidth: 360 }}
      >
        <Input placeholder="如 zhangsan@example.gov.cn（留空则只接收站内提醒）" maxLength={254} />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          保存邮箱
        </Button>
      </Space>
    </Form>
  );
}
