/**
 * One document: the outline tree, tasks, units, indicators, the parser's diagnostics and the
 * citations beside the original text; choosing any of them marks its exact source span in the
 * text, and a citation links to the other document's page.
 */
import { DownloadOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import {
  Alert,
  Button,
  Col,
  Descriptions,
  Empty,
  List,
  Row,
  Skeleton,
  Space,
  Tabs,
  Tag,
  Tree,
  Typography,
} from "antd";
import { useMemo, useState, type ReactNode } from "react";
import { api, messageOf, ok } from "../../api/client.js";
import { useMe } from "../../auth/session.js";
import { DownloadButton } from "../../components/DownloadButton.js";
import { ASSIGNMENT_LABELS } from "../../labels.js";
import { Link, useLocation } from "../../router.js";
import { documentPath } from "../../routes.js";
import { enclosingEnd, outlineTree, unitNameSpan, type Span } from "../../spans.js";
import { SourceText } from "./SourceText.js";

/** The document page. */
export default function DocumentPage({ params }: { params: Record<string, string> }) {
  const id = params.id!;
  const me = useMe();
  const { query } = useLocation();
  const doc = useQuery({
    queryKey: ["document", id],
    queryFn: () => ok(api.api.documents[":id"].$get({ param: { id } })),
  });
  const [selected, setSelected] = useState<{ key: string; span: Span } | null>(null);
  const data = doc.data?.data;

  const tree = useMemo(() => (data ? outlineTree(data.outline) : []), [data]);
  const units = useMemo(() => {
    if (!data) return [];
    const spans = data.outline.map((n) => n.span);
    return data.taskList.flatMap((t) =>
      t.assignments.map((a, i) => ({
        key: `${t.id}:${i}`,
        name: a.canonicalName ?? a.unitName,
        written: a.unitName,
        resolved: a.unitId !== null,
        role: a.role,
        task: t,
        span: unitNameSpan(data.text, t.span, a.unitName, enclosingEnd(spans, t.span)) ?? t.span,
      })),
    );
  }, [data]);

  if (doc.isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (doc.isError)
    return <Alert type="error" showIcon title="文件加载失败" description={messageOf(doc.error)} />;
  const d = doc.data.data;
  const preselected = query.get("task");
  const current = selected ?? (preselected ? (d.taskList.find((t) => t.id === preselected) ?? null) : null);
  const currentKey = selected?.key ?? (current ? `task:${preselected}` : null);
  const currentSpan = current ? current.span : null;
  const pick = (key: string, span: Span) => setSelected({ key, span });

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Space style={{ width: "100%", justifyContent: "space-between" }} align="start">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {d.title ?? d.filename}
          </Typography.Title>
          <Descriptions size="small" column={4} style={{ marginTop: 8 }}>
            <Descriptions.Item label="文号">{d.docNumber ?? "—"}</Descriptions.Item>
            <Descriptions.Item label="成文日期">{d.docDate ?? "—"}</Descriptions.Item>
            <Descriptions.Item label="任务">{d.taskList.length} 项</Descriptions.Item>
            <Descriptions.Item label="指标">{d.indicators.length} 项</Descriptions.Item>
          </Descriptions>
        </div>
        <Space wrap>
          {me.policies.period?.export === true && (
            <DownloadButton
              path={`/api/documents/${encodeURIComponent(d.id)}/task-division`}
              label="导出任务分工表"
              fallbackName="任务分工表.xlsx"
            />
          )}
          {doc.data.policies.download && (
            <Button icon={<DownloadOutlined />} href={`/api/documents/${encodeURIComponent(d.id)}/original`}>
              下载原件
            </Button>
          )}
        </Space>
      </Space>
      <Row gutter={16}>
        <Col span={11}>
          <Tabs
            size="small"
            tabBarGutter={12}
            items={[
              {
                key: "outline",
                label: "大纲",
                children: tree.length ? (
                  <Tree
                    treeData={tree}
                    defaultExpandAll
                    height={560}
                    blockNode
                    selectedKeys={currentKey ? [currentKey] : []}
                    onSelect={(_, info) =>
                      pick(String(info.node.key), (info.node as unknown as { span: Span }).span)
                    }
                  />
                ) : (
                  <Empty description="未识别到标题层级" />
                ),
              },
              {
                key: "tasks",
                label: `任务（${d.taskList.length}）`,
                children: (
                  <SpanList
                    items={d.taskList.map((t) => ({
                      key: `task:${t.id}`,
                      span: t.span,
                      title: t.headingPath.join(" › "),
                      body: t.text,
                      tags: t.assignments.map(
                        (a) => `${ASSIGNMENT_LABELS[a.role]}：${a.canonicalName ?? a.unitName}`,
                      ),
                    }))}
                    selected={currentKey}
                    onPick={pick}
                    empty="本文件没有您可见的任务"
                  />
                ),
              },
              {
                key: "units",
                label: `单位（${units.length}）`,
                children: (
                  <SpanList
                    items={units.map((u) => ({
                      key: `unit:${u.key}`,
                      span: u.span,
                      title: u.resolved ? u.name : `${u.written}（未识别）`,
                      body: u.task.text,
                      tags: [ASSIGNMENT_LABELS[u.role]],
                    }))}
                    selected={currentKey}
                    onPick={pick}
                    empty="没有责任单位"
                  />
                ),
              },
              {
                key: "indicators",
                label: `指标（${d.indicators.length}）`,
                children: (
                  <SpanList
                    items={d.indicators.map((i) => ({
                      key: `indicator:${i.id}`,
                      span: i.span,
                      title: i.name,
                      body: [
                        i.unit && `单位：${i.unit}`,
                        i.targetYear && `目标年：${i.targetYear}`,
                        i.attribute,
                      ]
                        .filter(Boolean)
                        .join("　"),
                      tags: i.marks,
                    }))}
                    selected={currentKey}
                    onPick={pick}
                    empty="没有识别到指标"
                  />
                ),
              },
              {
                key: "diagnostics",
                label: `诊断（${d.diagnostics.length}）`,
                children: (
                  <SpanList
                    items={d.diagnostics.map((x) => ({
                      key: `diagnostic:${x.id}`,
                      span: x.span,
                      title: x.message,
                      body: x.span ? "" : "（整份文件，无原文位置）",
                      tags: [
                        SEVERITY_LABELS[x.severity] ?? x.severity,
                        x.source === "ingest" ? "读取" : "解析",
                      ],
                      tagColor: SEVERITY_COLORS[x.severity],
                    }))}
                    selected={currentKey}
                    onPick={pick}
                    empty="解析没有提示问题"
                  />
                ),
              },
              {
                key: "citations",
                label: `引用（${d.citations.cites.length + d.citations.citedBy.length}）`,
                children: (
                  <div style={{ height: 560, overflow: "auto" }}>
                    <Typography.Title level={5}>本文引用、落实的文件</Typography.Title>
                    <SpanList
                      height="auto"
                      items={d.citations.cites.map((c) => ({
                        key: `citation:${c.id}`,
                        span: c.span,
                        title: [c.title && `《${c.title}》`, c.docNumber && `（${c.docNumber}）`]
                          .filter(Boolean)
                          .join(""),
                        body: "",
                        tags: [c.document ? "台账中" : "不在台账中或无权查看"],
                        tagColor: c.document ? "green" : undefined,
                        extra: c.document ? (
                          <Link to={documentPath(c.document.id)}>打开 {c.document.title ?? "文件"}</Link>
                        ) : undefined,
                      }))}
                      selected={currentKey}
                      onPick={pick}
                      empty="本文没有引用其他文件"
                    />
                    <Typography.Title level={5} style={{ marginTop: 16 }}>
                      引用、落实本文的文件
                    </Typography.Title>
                    {d.citations.citedBy.length === 0 ? (
                      <Empty description="台账中没有引用本文的文件" />
                    ) : (
                      <List
                        size="small"
                        dataSource={d.citations.citedBy}
                        renderItem={(c) => (
                          <List.Item data-key={`cited-by:${c.document.id}`}>
                            <List.Item.Meta
                              title={
                                <Link to={documentPath(c.document.id)}>
                                  {c.document.title ?? "（无标题）"}
                                </Link>
                              }
                              description={[
                                c.document.docNumber,
                                c.citations > 1 ? `引用 ${c.citations} 处` : null,
                              ]
                                .filter(Boolean)
                                .join("　")}
                            />
                          </List.Item>
                        )}
                      />
                    )}
                  </div>
                ),
              },
            ]}
          />
        </Col>
        <Col span={13}>
          <SourceText text={d.text} span={selected?.span ?? currentSpan} />
        </Col>
      </Row>
    </Space>
  );
}

/** Chinese names and colours of diagnostic severities. */
const SEVERITY_LABELS: Record<string, string> = { error: "错误", warning: "警告", info: "提示" };
const SEVERITY_COLORS: Record<string, string> = { error: "red", warning: "orange", info: "blue" };

interface SpanItem {
  key: string;
  /** Null: nothing to mark (an ingest note about the whole file); the item is not a button. */
  span: Span | null;
  title: string;
  body: string;
  tags: readonly string[];
  tagColor?: string | undefined;
  extra?: ReactNode;
}

function SpanList(props: {
  items: SpanItem[];
  selected: string | null;
  onPick: (key: string, span: Span) => void;
  empty: string;
  height?: number | "auto";
}) {
  const height = props.height ?? 560;
  return (
    <List
      size="small"
      style={height === "auto" ? undefined : { height, overflow: "auto" }}
      locale={{ emptyText: <Empty description={props.empty} /> }}
      dataSource={props.items}
      renderItem={(item) => {
        const span = item.span;
        const pickable = span !== null;
        return (
          <List.Item
            role={pickable ? "button" : undefined}
            tabIndex={pickable ? 0 : undefined}
            data-key={item.key}
            aria-pressed={pickable ? props.selected === item.key : undefined}
            style={{
              cursor: pickable ? "pointer" : undefined,
              background: props.selected === item.key ? "#fff7e6" : undefined,
            }}
            onClick={span ? () => props.onPick(item.key, span) : undefined}
            onKeyDown={
              span
                ? (e) => {
                    if (e.target !== e.currentTarget) return;
                    if (e.key === "Enter" || e.key === " ") {
                      e.preventDefault();
                      props.onPick(item.key, span);
                    }
                  }
                : undefined
            }
          >
            <List.Item.Meta
              title={item.title}
              description={
                <>
                  {item.body && <div>{item.body}</div>}
                  {item.tags.map((t, i) => (
                    <Tag key={t} color={i === 0 ? item.tagColor : undefined}>
                      {t}
                    </Tag>
                  ))}
                  {item.extra && (
                    // A link inside the item: following it must not also mark the span.
                    <div onClick={(e) => e.stopPropagation()} style={{ marginTop: 4 }}>
                      {item.extra}
                    </div>
                  )}
                </>
              }
            />
          </List.Item>
        );
      }}
    />
  );
}
