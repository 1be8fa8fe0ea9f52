/** Sign-in: username and password, then the TOTP code when the account has a second factor. */
import { LockOutlined, SafetyOutlined, UserOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { useState } from "react";
import { api, ApiFailure, messageOf, ok } from "../api/client.js";
import { ME_KEY } from "./session.js";

interface Credentials {
  username: string;
  password: string;
  totp?: string;
}

/** What to tell the user when the server refused the sign-in. */
export function loginErrorMessage(error: unknown): string {
  if (error instanceof ApiFailure && error.code === "ACCOUNT_LOCKED") {
    const minutes = error.retryAfterSeconds ? Math.ceil(error.retryAfterSeconds / 60) : null;
    return minutes ? `登录失败次数过多，账户已锁定，请 ${minutes} 分钟后再试。` : messageOf(error);
  }
  return messageOf(error);
}

/** The sign-in page. */
export function LoginPage() {
  const client = useQueryClient();
  const [needsTotp, setNeedsTotp] = useState(false);
  const login = useMutation({
    mutationFn: (json: Credentials) => ok(api.api.auth.login.$post({ json })),
    onSuccess: (me) => client.setQueryData(ME_KEY, me),
    onError: (error) => {
      if (error instanceof ApiFailure && error.code === "MFA_REQUIRED") setNeedsTotp(true);
    },
  });
  const error = login.error;
  const showError = error && !(error instanceof ApiFailure && error.code === "MFA_REQUIRED");

  return (
    <div style={{ minHeight: "100%", display: "grid", placeItems: "center", background: "#f5f5f5" }}>
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ textAlign: "center" }}>
          落实 · 政策落实台账
        </Typography.Title>
        <Form<Credentials>
          layout="vertical"
          requiredMark={false}
          onFinish={(values) =>
            login.mutate({
              username: values.username,
              password: values.password,
              ...(needsTotp ? { totp: values.totp } : {}),
            })
          }
        >
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: "请输入用户名" }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus disabled={needsTotp} />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: "请输入密码" }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" disabled={needsTotp} />
          </Form.Item>
          {needsTotp && (
            <Form.Item
              label="动态验证码"
              name="totp"
              extra="请输入身份验证器应用中显示的 6 位数字。"
              rules={[{ required: true, pattern: /^\d{6}$/, message: "请输入 6 位数字验证码" }]}
            >
              <Input
                prefix={<SafetyOutlined />}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                autoFocus
              />
            </Form.Item>
          )}
          {showError && (
            <Alert type="error" showIcon title={loginErrorMessage(error)} style={{ marginBottom: 16 }} />
          )}
          <Button type="primary" htmlType="submit" block loading={login.isPending}>
            {needsTotp ? "验证并登录" : "登录"}
          </Button>
          {needsTotp && (
            <Button type="link" block onClick={() => (setNeedsTotp(false), login.reset())}>
              返回
            </Button>
          )}
        </Form>
      </Card>
    </div>
  );
}
