/** The signed-in user's own account: the e-mail for reminders, password and second factor. */
import { Card, Descriptions, Space, Tag, Typography } from "antd";
import { ChangePasswordForm, EnrolTotpForm } from "../../auth/AccountForms.js";
import { useMe } from "../../auth/session.js";
import { ROLE_LABELS } from "../../labels.js";
import { EmailForm } from "./EmailForm.js";

/** The account page. */
export default function AccountPage() {
  const { data: me } = useMe();
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%", maxWidth: 720 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        我的账户
      </Typography.Title>
      <Card>
        <Descriptions column={1}>
          <Descriptions.Item label="用户名">{me.username}</Descriptions.Item>
          <Descriptions.Item label="姓名">{me.displayName}</Descriptions.Item>
          <Descriptions.Item label="角色">{ROLE_LABELS[me.role]}</Descriptions.Item>
          {me.unitName && <Descriptions.Item label="单位">{me.unitName}</Descriptions.Item>}
          <Descriptions.Item label="邮箱">{me.email ?? "未设置（只接收站内提醒）"}</Descriptions.Item>
          <Descriptions.Item label="动态验证码">
            {me.mfa.enrolled ? <Tag color="blue">已启用</Tag> : <Tag>未启用</Tag>}
            {me.mfa.required && <Tag color="orange">本账户必须使用</Tag>}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title="督办提醒邮箱">
        <EmailForm email={me.email ?? null} />
      </Card>
      <Card title="修改密码">
        <ChangePasswordForm />
      </Card>
      {!me.mfa.enrolled && (
        <Card title="启用动态验证码">
          <EnrolTotpForm />
        </Card>
      )}
    </Space>
  );
}
