/** A session that may only change its password or enrol TOTP: the one step, then the app. */
import { useQueryClient } from "@tanstack/react-query";
import { Button, Card, Typography } from "antd";
import { ChangePasswordForm, EnrolTotpForm } from "./AccountForms.js";
import { signOut, type Me } from "./session.js";

const INTRO = {
  PASSWORD_CHANGE_REQUIRED: ["首次登录，请修改密码", "您正在使用一次性密码。请设置新密码后继续使用。"],
  PASSWORD_EXPIRED: ["密码已过期", "您的密码已超过有效期，请设置新密码后继续使用。"],
  MFA_ENROLMENT_REQUIRED: ["请启用动态验证码", "您的账户需要第二重身份验证。启用后才能继续使用。"],
} as const;

/** The forced step. */
export function RestrictedPage({ me }: { me: Me }) {
  const client = useQueryClient();
  const restriction = me.data.restriction!;
  const [title, text] = INTRO[restriction];
  return (
    <div style={{ minHeight: "100%", display: "grid", placeItems: "center", background: "#f5f5f5" }}>
      <Card
        style={{ width: 520 }}
        title={title}
        extra={<Button onClick={() => void signOut(client)}>退出登录</Button>}
      >
        <Typography.Paragraph>{text}</Typography.Paragraph>
        {restriction === "MFA_ENROLMENT_REQUIRED" ? (
          <EnrolTotpForm />
        ) : (
          <ChangePasswordForm
            currentLabel={restriction === "PASSWORD_CHANGE_REQUIRED" ? "一次性密码" : "当前密码"}
          />
        )}
      </Card>
    </div>
  );
}
