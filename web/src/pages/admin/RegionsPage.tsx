/** The region (the tenant): its name and level, which the system administrator may change. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Empty, Form, Input, Modal, Table, Typography } from "antd";
import { useState } from "react";
import { api, messageOf, ok } from "../../api/client.js";

interface RegionEdit {
  id: string;
  name: string;
  level: string | null;
}

/** The regions page. */
export default function RegionsPage() {
  const client = useQueryClient();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<RegionEdit | null>(null);
  const regions = useQuery({ queryKey: ["regions"], queryFn: () => ok(api.api.regions.$get()) });
  const save = useMutation({
    mutationFn: (r: RegionEdit) =>
      ok(
        api.api.regions[":id"].$patch({
          param: { id: r.id },
          json: { name: r.name, level: r.level || null },
        }),
      ),
    onSuccess: async () => {
      message.success("地区已保存");
      setEditing(null);
      await client.invalidateQueries({ queryKey: ["regions"] });
    },
  });
  const mayUpdate = regions.data?.policies.update === true;
  return (
    <>
      <Typography.Title level={3}>地区设置</Typography.Title>
      {regions.isError ? (
        <Alert type="error" showIcon title="地区加载失败" description={messageOf(regions.error)} />
      ) : (
        <Table
          rowKey="id"
          loading={regions.isPending}
          dataSource={regions.data?.data ?? []}
          pagination={false}
          locale={{ emptyText: <Empty description="没有地区" /> }}
          columns={[
            { title: "标识", dataIndex: "id" },
            { title: "名称", dataIndex: "name" },
            { title: "层级", dataIndex: "level", render: (v: string | null) => v ?? "—" },
            ...(mayUpdate
              ? [
                  {
                    title: "操作",
                    key: "edit",
                    render: (_: unknown, r: RegionEdit) => (
                      <Button size="small" onClick={() => setEditing(r)}>
                        编辑
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      <Modal
        open={editing !== null}
        title="编辑地区"
        okText="保存"
        confirmLoading={save.isPending}
        onCancel={() => setEditing(null)}
        destroyOnHidden
        okButtonProps={{ htmlType: "submit", form: "region-form" }}
      >
        {editing && (
          <Form<RegionEdit>
            id="region-form"
            layout="vertical"
            initialValues={editing}
            onFinish={(v) => save.mutate({ ...v, id: editing.id })}
          >
            <Form.Item label="名称" name="name" rules={[{ required: true, message: "请输入名称" }]}>
              <Input />
            </Form.Item>
            <Form.Item label="层级" name="level" extra="如：区、县、市">
              <Input />
            </Form.Item>
            {save.error && <Alert type="error" showIcon title={messageOf(save.error)} />}
          </Form>
        )}
      </Modal>
    </>
  );
}
