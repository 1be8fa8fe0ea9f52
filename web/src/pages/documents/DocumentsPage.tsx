/** Documents: the region's list with a year filter and full-text search, and the upload for the 督查室. */
import { UploadOutlined } from "@ant-design/icons";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Empty, Input, InputNumber, List, Space, Table, Typography } from "antd";
import { useState } from "react";
import { api, messageOf, ok } from "../../api/client.js";
import { useMe } from "../../auth/session.js";
import { DOCUMENT_PAGE_SIZE, documentPageQuery } from "../../queries.js";
import { Link, setQuery, useLocation } from "../../router.js";
import { documentPath } from "../../routes.js";
import { Snippet } from "./Snippet.js";
import { UploadPanel } from "./UploadPanel.js";

const PAGE_SIZE = DOCUMENT_PAGE_SIZE;

/** The documents page. */
export default function DocumentsPage() {
  const me = useMe();
  const { query } = useLocation();
  const q = query.get("q") ?? "";
  const year = query.get("year") ?? "";
  const page = Number(query.get("page") ?? "1") || 1;
  const [showUpload, setShowUpload] = useState(false);
  const canUpload = me.policies.document?.upload === true;

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Space style={{ width: "100%", justifyContent: "space-between" }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          政策文件
        </Typography.Title>
        {canUpload && (
          <Button type="primary" icon={<UploadOutlined />} onClick={() => setShowUpload((v) => !v)}>
            上传文件
          </Button>
        )}
      </Space>
      {canUpload && showUpload && (
        <Card size="small">
          <UploadPanel />
        </Card>
      )}
      <Space wrap>
        <Input.Search
          placeholder="搜索文件标题、文号、正文"
          allowClear
          defaultValue={q}
          style={{ width: 320 }}
          onSearch={(value) => setQuery({ q: value.trim(), page: undefined })}
          aria-label="搜索文件"
        />
        <InputNumber
          placeholder="年份"
          min={1900}
          max={2200}
          value={year ? Number(year) : null}
          onChange={(v) => setQuery({ year: v ? String(v) : undefined, page: undefined })}
          aria-label="按年份筛选"
        />
      </Space>
      {q ? <SearchResults q={q} year={year} /> : <DocumentTable year={year} page={page} />}
    </Space>
  );
}

function DocumentTable({ year, page }: { year: string; page: number }) {
  const list = useQuery({ ...documentPageQuery(year, page), placeholderData: keepPreviousData });
  if (list.isError)
    return <Alert type="error" showIcon title="文件列表加载失败" description={messageOf(list.error)} />;
  return (
    <Table
      rowKey="id"
      loading={list.isFetching}
      dataSource={list.data?.data ?? []}
      locale={{ emptyText: <Empty description={year ? "该年份没有文件" : "还没有文件"} /> }}
      pagination={{
        current: page,
        pageSize: PAGE_SIZE,
        total: list.data?.page.total ?? 0,
        showSizeChanger: false,
        showTotal: (total) => `共 ${total} 份`,
        onChange: (p) => setQuery({ page: p === 1 ? undefined : String(p) }),
      }}
      columns={[
        {
          title: "标题",
          dataIndex: "title",
          render: (_, d) => <Link to={documentPath(d.id)}>{d.title ?? d.filename}</Link>,
        },
        { title: "文号", dataIndex: "docNumber", width: 200, render: (v: string | null) => v ?? "—" },
        { title: "成文日期", dataIndex: "docDate", width: 120, render: (v: string | null) => v ?? "—" },
        { title: "任务数", dataIndex: "tasks", width: 90, align: "right" },
        {
          title: "导入时间",
          dataIndex: "importedAt",
          width: 170,
          render: (v: string) => new Date(v).toLocaleString("zh-CN", { hour12: false }),
        },
      ]}
    />
  );
}

function SearchResults({ q, year }: { q: string; year: string }) {
  const search = useQuery({
    queryKey: ["search", { q, year }],
    queryFn: () => ok(api.api.search.$get({ query: { q, limit: "50", ...(year ? { year } : {}) } })),
  });
  if (search.isError)
    return <Alert type="error" showIcon title="搜索失败" description={messageOf(search.error)} />;
  const kinds = { document: "文件", task: "任务", indicator: "指标" } as const;
  return (
    <List
      loading={search.isPending}
      bordered
      locale={{ emptyText: <Empty description={`没有找到与“${q}”相关的内容`} /> }}
      dataSource={search.data?.data.hits ?? []}
      renderItem={(hit) => (
        <List.Item>
          <List.Item.Meta
            title={
              <Space>
                <Typography.Text type="secondary">[{kinds[hit.kind]}]</Typography.Text>
                <Link to={documentPath(hit.documentId)}>{hit.documentTitle ?? "（无标题）"}</Link>
                {hit.docNumber && <Typography.Text type="secondary">{hit.docNumber}</Typography.Text>}
              </Space>
            }
            description={<Snippet text={hit.snippet} highlights={hit.highlights} />}
          />
        </List.Item>
      )}
    />
  );
}
