/**
 * One document: the outline tree, tasks, units and indicators beside the original text; choosing
 * any of them marks its exact source span in the text.
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
import { useMemo, useState } from "react";
import { api, messageOf, ok } from "../../api/client.js";
import { ASSIGNMENT_LABELS } from "../../labels.js";
import { useLocation } from "../../router.js";
import { enclosingEnd, outlineTree, unitNameSpan, type Span } from "../../spans.js";
import { SourceText } from "./SourceText.js";

/** The document page. */
export default function DocumentPage({ params }: { params: Record<string, string> }) {
  const id = params.id!;
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
        {doc.data.policies.download && (
          <Button icon={<DownloadOutlined />} href={`/api/documents/${encodeURIComponent(d.id)}/original`}>
            下载原件
          </Button>
        )}
      </Space>
      <Row gutter={16}>
        <Col span={10}>
          <Tabs
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
                label: `责任单位（${units.length}）`,
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
            ]}
          />
        </Col>
        <Col span={14}>
          <SourceText text={d.text} span={selected?.span ?? currentSpan} />
        </Col>
      </Row>
    </Space>
  );
}

interface SpanItem {
  key: string;
  span: Span;
  title: string;
  body: string;
  tags: readonly string[];
}

function SpanList(props: {
  items: SpanItem[];
  selected: string | null;
  onPick: (key: string, span: Span) => void;
  empty: string;
}) {
  return (
    <List
      size="small"
      style={{ height: 560, overflow: "auto" }}
      locale={{ emptyText: <Empty description={props.empty} /> }}
      dataSource={props.items}
      renderItem={(item) => (
        <List.Item
          role="button"
          tabIndex={0}
          data-key={item.key}
          aria-pressed={props.selected === item.key}
          style={{ cursor: "pointer", background: props.selected === item.key ? "#fff7e6" : undefined }}
          onClick={() => props.onPick(item.key, item.span)}
          onKeyDown={(e) => {
            if (e.key === "Enter" || e.key === " ") {
              e.preventDefault();
              props.onPick(item.key, item.span);
            }
          }}
        >
          <List.Item.Meta
            title={item.title}
            description={
              <>
                <div>{item.body}</div>
                {item.tags.map((t) => (
                  <Tag key={t}>{t}</Tag>
                ))}
              </>
            }
          />
        </List.Item>
      )}
    />
  );
}
