/** Changing one's password and enrolling a TOTP authenticator: used at a forced step and on the account page. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Form, Input, Space, Typography } from "antd";
import { api, messageOf, ok } from "../api/client.js";
import { ME_KEY } from "./session.js";

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** The password change form; the server ends the other sessions and sets a new cookie. */
export function ChangePasswordForm(props: { currentLabel?: string }) {
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordValues>();
  const change = useMutation({
    mutationFn: (v: PasswordValues) =>
      ok(
        api.api.auth.password.$post({
          json: { currentPassword: v.currentPassword, newPassword: v.newPassword },
        }),
      ),
    onSuccess: async () => {
      form.resetFields();
      message.success("密码已修改");
      await client.invalidateQueries({ queryKey: ME_KEY });
    },
  });
  return (
    <Form<PasswordValues>
      form={form}
      layout="vertical"
      style={{ maxWidth: 400 }}
      onFinish={(v) => change.mutate(v)}
    >
      <Form.Item
        label={props.currentLabel ?? "当前密码"}
        name="currentPassword"
        rules={[{ required: true, message: "请输入当前密码" }]}
      >
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        label="新密码"
        name="newPassword"
        extra="至少 8 位，包含大写字母、小写字母、数字、符号中的三类，不能包含用户名。"
        rules={[{ required: true, message: "请输入新密码" }]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label="确认新密码"
        name="confirm"
        dependencies={["newPassword"]}
        rules={[
          { required: true, message: "请再次输入新密码" },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              value === getFieldValue("newPassword")
                ? Promise.resolve()
                : Promise.reject(new Error("两次输入的密码不一致")),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      {change.error && (
        <Alert type="error" showIcon title={messageOf(change.error)} style={{ marginBottom: 16 }} />
      )}
      <Button type="primary" htmlType="submit" loading={change.isPending}>
        修改密码
      </Button>
    </Form>
  );
}

/** TOTP enrolment: get a secret, add it to an authenticator app, confirm with a code. */
export function EnrolTotpForm() {
  const client = useQueryClient();
  const { message } = App.useApp();
  const enrol = useMutation({ mutationFn: () => ok(api.api.auth.totp.enrol.$post()) });
  const verify = useMutation({
    mutationFn: (code: string) => ok(api.api.auth.totp.verify.$post({ json: { code } })),
    onSuccess: async () => {
      message.success("动态验证码已启用");
      enrol.reset();
      await client.invalidateQueries({ queryKey: ME_KEY });
    },
  });
  if (!enrol.data) {
    return (
      <Space orientation="vertical">
        <Typography.Text>请准备一个身份验证器应用（支持 RFC 6238 TOTP 的任意应用）。</Typography.Text>
        {enrol.error && <Alert type="error" showIcon title={messageOf(enrol.error)} />}
        <Button type="primary" loading={enrol.isPending} onClick={() => enrol.mutate()}>
          生成密钥
        </Button>
      </Space>
    );
  }
  return (
    <Space orientation="vertical" style={{ maxWidth: 520 }}>
      <Typography.Text>在验证器应用中手动添加以下密钥（仅显示一次）：</Typography.Text>
      <Typography.Text code copyable data-testid="totp-secret">
        {enrol.data.data.secret}
      </Typography.Text>
      <Typography.Text type="secondary" copyable={{ text: enrol.data.data.uri }}>
        或复制 otpauth 链接导入
      </Typography.Text>
      <Form<{ code: string }> layout="inline" onFinish={(v) => verify.mutate(v.code)}>
        <Form.Item
          name="code"
          rules={[{ required: true, pattern: /^\d{6}$/, message: "请输入 6 位数字验证码" }]}
        >
          <Input placeholder="6 位验证码" inputMode="numeric" maxLength={6} autoComplete="one-time-code" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={verify.isPending}>
          验证并启用
        </Button>
      </Form>
      {verify.error && <Alert type="error" showIcon title={messageOf(verify.error)} />}
    </Space>
  );
}
