/**
 * Accounts. The system administrator creates and keeps the ledger users' accounts; the security
 * administrator sets roles and MFA, unlocks and ends sessions. Each row offers only what the
 * signed-in role may do to that account.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Dropdown,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { api, messageOf, ok } from "../../api/client.js";
import {
  send,
  userPath,
  type EndSessionsAnswer,
  type UserAnswer,
  type UserPasswordAnswer,
} from "../../api/send.js";
import { useMe } from "../../auth/session.js";
import { LEDGER_ROLES, ROLE_LABELS, type Role } from "../../labels.js";
import { userActionsFor, type UserAction } from "../../user-actions.js";

const ACTION_LABELS: Record<UserAction, string> = {
  update: "修改姓名",
  disable: "停用",
  enable: "启用",
  resetPassword: "重置密码",
  setRole: "更改角色",
  setMfa: "动态验证码设置",
  unlock: "解除锁定",
  endSessions: "强制下线",
};

interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  unitId?: string;
}

/** The users page. */
export default function UsersPage() {
  const me = useMe();
  const client = useQueryClient();
  const { message, modal } = App.useApp();
  const [creating, setCreating] = useState(false);
  const [roleFilter, setRoleFilter] = useState<Role | undefined>();
  const users = useQuery({
    queryKey: ["users", roleFilter],
    queryFn: () =>
      ok(api.api.users.$get({ query: { limit: "500", ...(roleFilter ? { role: roleFilter } : {}) } })),
  });
  const units = useQuery({ queryKey: ["units"], queryFn: () => ok(api.api.units.$get()) });
  const unitName = new Map(units.data?.data.map((u) => [u.id, u.canonicalName]));
  const canCreate = me.policies.user?.create === true;

  const showPassword = (username: string, password: string) =>
    modal.info({
      title: `${username} 的一次性密码`,
      content: (
        <Space orientation="vertical">
          <Typography.Text>
            请当面或通过安全渠道告知用户。此密码只显示这一次，首次登录后须修改。
          </Typography.Text>
          <Typography.Text code copyable data-testid="one-time-password">
            {password}
          </Typography.Text>
        </Space>
      ),
    });

  const act = useMutation({
    mutationFn: async ({
      action,
      id,
      value,
    }: {
      action: UserAction;
      id: string;
      value?: unknown;
    }): Promise<UserAnswer | UserPasswordAnswer | EndSessionsAnswer> => {
      switch (action) {
        case "disable":
        case "enable":
        case "unlock":
          return send<UserAnswer>("POST", userPath(id, action));
        case "resetPassword":
          return send<UserPasswordAnswer>("POST", userPath(id, "reset-password"));
        case "endSessions":
          return send<EndSessionsAnswer>("DELETE", userPath(id, "sessions"));
        case "setRole":
          return send<UserAnswer>("POST", userPath(id, "role"), value);
        case "setMfa":
          return send<UserAnswer>("POST", userPath(id, "mfa"), value);
        case "update":
          return send<UserAnswer>("PATCH", userPath(id), value);
      }
    },
    onSuccess: async (result, { action }) => {
      if ("oneTimePassword" in result) showPassword(result.data.username, result.oneTimePassword);
      else message.success(`${ACTION_LABELS[action]}：已完成`);
      await client.invalidateQueries({ queryKey: ["users"] });
    },
    onError: (error) => message.error(messageOf(error)),
  });

  const ask = (
    action: UserAction,
    user: { id: string; username: string; displayName: string; role: Role },
  ) => {
    if (action === "update") {
      let name = user.displayName;
      modal.confirm({
        title: `修改 ${user.username} 的姓名`,
        content: <Input defaultValue={name} onChange={(e) => (name = e.target.value)} aria-label="姓名" />,
        onOk: () => act.mutateAsync({ action, id: user.id, value: { displayName: name } }),
      });
    } else if (action === "setRole") {
      let role: Role = user.role;
      modal.confirm({
        title: `更改 ${user.username} 的角色`,
        content: (
          <Select
            style={{ width: "100%" }}
            defaultValue={role}
            onChange={(v: Role) => (role = v)}
            options={(Object.keys(ROLE_LABELS) as Role[]).map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
          />
        ),
        onOk: () => act.mutateAsync({ action, id: user.id, value: { role } }),
      });
    } else if (action === "setMfa") {
      modal.confirm({
        title: `${user.username} 的动态验证码`,
        content: "设为必须使用动态验证码，并清除已绑定的验证器（用户下次登录时重新绑定）？",
        okText: "必须使用并重新绑定",
        onOk: () => act.mutateAsync({ action, id: user.id, value: { required: true, reset: true } }),
      });
    } else {
      modal.confirm({
        title: `${ACTION_LABELS[action]}：${user.username}`,
        content: "确定执行此操作吗？此操作会记入审计日志。",
        onOk: () => act.mutateAsync({ action, id: user.id }),
      });
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Space style={{ width: "100%", justifyContent: "space-between" }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          用户管理
        </Typography.Title>
        <Space>
          <Select
            allowClear
            placeholder="全部角色"
            style={{ width: 140 }}
            value={roleFilter}
            onChange={(v?: Role) => setRoleFilter(v)}
            options={(Object.keys(ROLE_LABELS) as Role[]).map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
            aria-label="按角色筛选"
          />
          {canCreate && (
            <Button type="primary" onClick={() => setCreating(true)}>
              新建用户
            </Button>
          )}
        </Space>
      </Space>
      {users.isError ? (
        <Alert type="error" showIcon title="用户加载失败" description={messageOf(users.error)} />
      ) : (
        <Table
          rowKey="id"
          loading={users.isPending}
          dataSource={users.data?.data ?? []}
          pagination={{ pageSize: 20, showTotal: (n) => `共 ${n} 个用户` }}
          locale={{ emptyText: <Empty description="没有用户" /> }}
          columns={[
            { title: "用户名", dataIndex: "username" },
            { title: "姓名", dataIndex: "displayName" },
            { title: "角色", dataIndex: "role", render: (r: Role) => ROLE_LABELS[r] },
            {
              title: "单位",
              dataIndex: "unitId",
              render: (id: string | null) => (id ? (unitName.get(id) ?? "—") : "—"),
            },
            {
              title: "状态",
              key: "state",
              render: (_, u) => (
                <Space size={4}>
                  {u.disabled ? <Tag color="red">已停用</Tag> : <Tag color="green">正常</Tag>}
                  {u.mustChangePassword && <Tag>待改密码</Tag>}
                  {u.mfa.enrolled && <Tag color="blue">已绑定验证器</Tag>}
                </Space>
              ),
            },
            {
              title: "最近登录",
              dataIndex: "lastLoginAt",
              render: (v: string | null) =>
                v ? new Date(v).toLocaleString("zh-CN", { hour12: false }) : "从未",
            },
            {
              title: "操作",
              key: "actions",
              render: (_, u) => {
                const actions = userActionsFor(me.policies, me.data.id, u);
                if (actions.length === 0) return null;
                return (
                  <Dropdown
                    menu={{
                      items: actions.map((a) => ({
                        key: a,
                        label: ACTION_LABELS[a],
                        danger: a === "disable",
                      })),
                      onClick: ({ key }) => ask(key as UserAction, u),
                    }}
                  >
                    <Button size="small">操作</Button>
                  </Dropdown>
                );
              },
            },
          ]}
        />
      )}
      <CreateUserModal
        open={creating}
        units={units.data?.data ?? []}
        onClose={() => setCreating(false)}
        onCreated={(username, password) => {
          setCreating(false);
          void client.invalidateQueries({ queryKey: ["users"] });
          showPassword(username, password);
        }}
      />
    </Space>
  );
}

function CreateUserModal(props: {
  open: boolean;
  units: readonly { id: string; canonicalName: string }[];
  onClose: () => void;
  onCreated: (username: string, password: string) => void;
}) {
  const [form] = Form.useForm<NewUser>();
  const role = Form.useWatch("role", form);
  const create = useMutation({
    mutationFn: (v: NewUser) => ok(api.api.users.$post({ json: { ...v, unitId: v.unitId ?? null } })),
    onSuccess: (res) => {
      form.resetFields();
      props.onCreated(res.data.username, res.oneTimePassword);
    },
  });
  return (
    <Modal
      open={props.open}
      title="新建用户"
      okText="创建"
      confirmLoading={create.isPending}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form<NewUser>
        form={form}
        layout="vertical"
        onFinish={(v) => create.mutate(v)}
        initialValues={{ role: "reporter" }}
      >
        <Form.Item
          label="用户名"
          name="username"
          rules={[{ required: true, min: 2, max: 64, message: "用户名为 2 至 64 个字符" }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item label="姓名" name="displayName" rules={[{ required: true, message: "请输入姓名" }]}>
          <Input />
        </Form.Item>
        <Form.Item label="角色" name="role" rules={[{ required: true }]}>
          <Select options={LEDGER_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
        </Form.Item>
        {role === "reporter" && (
          <Form.Item
            label="所属单位"
            name="unitId"
            rules={[{ required: true, message: "责任单位用户须选择单位" }]}
          >
            <Select
              showSearch={{ optionFilterProp: "label" }}
              options={props.units.map((u) => ({ value: u.id, label: u.canonicalName }))}
            />
          </Form.Item>
        )}
        {create.error && <Alert type="error" showIcon title={messageOf(create.error)} />}
      </Form>
    </Modal>
  );
}
