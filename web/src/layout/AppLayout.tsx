/** The frame of every page: the role's menu on the left, the user and sign-out on top. */
import { LogoutOutlined, UserOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { App, Button, Layout, Menu, Space, Typography } from "antd";
import type { ReactNode } from "react";
import { messageOf } from "../api/client.js";
import { signOut, type Me } from "../auth/session.js";
import { ROLE_LABELS } from "../labels.js";
import { menuFor } from "../menu.js";
import { navigate } from "../router.js";
import { PATHS, type PageKey } from "../routes.js";

/** The layout around a page. */
export function AppLayout(props: { me: Me; current: PageKey; children: ReactNode }) {
  const client = useQueryClient();
  const { message } = App.useApp();
  const entries = menuFor(props.me.policies, props.me.data.role);
  const selected = props.current === "document" ? "documents" : props.current;
  const group = (g: "ledger" | "admin") =>
    entries.filter((e) => e.group === g).map((e) => ({ key: e.page, label: <a href={e.path}>{e.label}</a> }));
  const ledger = group("ledger");
  const admin = group("admin");
  const items = [
    ...(ledger.length ? [{ type: "group" as const, key: "ledger", label: "台账", children: ledger }] : []),
    ...(admin.length ? [{ type: "group" as const, key: "admin", label: "管理", children: admin }] : []),
  ];
  const user = props.me.data;
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Sider width={200} theme="light" style={{ borderRight: "1px solid #f0f0f0" }}>
        <Typography.Title level={4} style={{ padding: "16px 24px", margin: 0, color: "#c0392b" }}>
          落实
        </Typography.Title>
        <nav aria-label="主菜单">
          <Menu
            mode="inline"
            selectedKeys={[selected]}
            items={items}
            onClick={({ key, domEvent }) => {
              domEvent.preventDefault();
              const entry = entries.find((e) => e.page === key);
              if (entry) navigate(entry.path);
            }}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: "#fff",
            padding: "0 24px",
            display: "flex",
            justifyContent: "flex-end",
            borderBottom: "1px solid #f0f0f0",
          }}
        >
          <Space>
            <Button
              type="text"
              icon={<UserOutlined />}
              onClick={() => navigate(PATHS.account)}
              data-testid="current-user"
            >
              {user.displayName}（{ROLE_LABELS[user.role]}
              {user.unitName ? ` · ${user.unitName}` : ""}）
            </Button>
            <Button
              icon={<LogoutOutlined />}
              onClick={() =>
                signOut(client).then(
                  () => navigate("/", { replace: true }),
                  (e: unknown) => message.error(messageOf(e)),
                )
              }
            >
              退出登录
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>{props.children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
