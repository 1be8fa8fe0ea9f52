/**
 * `GET /api/documents/{id}`: the parser's diagnostics with their spans, and the citations resolved
 * both ways (what the document cites, the documents that cite it), under the document policy — a
 * department links only to documents it may read.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  backends,
  buildDocument,
  buildServer,
  buildUser,
  call,
  DOC_A,
  DOC_HEALTH,
  sessionFor,
  unitId,
  type TestServer,
} from "./helpers.js";

/**
 * Implements DOC_A and cites DOC_HEALTH (both by 文号); its task belongs to 区交通局 (with 区财政局);
 * 区交通局 is written twice in the clause.
 */
const DOC_IMPL = `关于落实某区重点工作落实方案的实施意见
某交通发〔2025〕3号
根据《关于印发某区重点工作落实方案的通知》（某府办发〔2025〕12号）和《关于加强卫生健康工作的通知》（某府办发〔2025〕13号），结合实际，提出如下意见。
一、主要任务
（一）完善道路网络。新建城区支路五条。（责任单位：区交通局、区财政局、区交通局）
`;

/** Also implements DOC_A, but its only task is 区卫生健康委's: 区交通局 may not read it. */
const DOC_HEALTH_IMPL = `关于做好医疗保障落实工作的通知
某卫发〔2025〕8号
为贯彻落实《关于印发某区重点工作落实方案的通知》（某府办发〔2025〕12号），现就有关事项通知如下。
一、工作任务
（一）完善基层医疗。建设社区卫生服务站三个。（责任单位：区卫生健康委）
`;

interface Linked {
  id: string;
  title: string | null;
  docNumber: string | null;
  year: number | null;
}
interface Detail {
  text: string;
  diagnostics: {
    id: string;
    source: string;
    code: string;
    severity: string;
    message: string;
    span: { start: number; end: number } | null;
  }[];
  citations: {
    cites: {
      title: string | null;
      docNumber: string | null;
      span: { start: number; end: number };
      resolvedBy: string | null;
      document: Linked | null;
    }[];
    citedBy: { document: Linked; citations: number }[];
  };
}

describe.each(backends)("document diagnostics and citations on %s", (backend) => {
  let server: TestServer;
  let docA: string;
  let docHealth: string;
  let impl: string;
  let healthImpl: string;
  let supervisor: string;
  let leader: string;
  let transport: string;
  let health: string;
  let otherRegion: string;

  beforeAll(async () => {
    server = await buildServer(backend);
    // The cited document comes first; the others resolve their citations to it on import.
    docA = await buildDocument(server, "ra", DOC_A, "a.txt");
    docHealth = await buildDocument(server, "ra", DOC_HEALTH, "health-a.txt");
    impl = await buildDocument(server, "ra", DOC_IMPL, "impl.txt");
    healthImpl = await buildDocument(server, "ra", DOC_HEALTH_IMPL, "health.txt");
    await buildDocument(server, "rb", DOC_A, "a.txt");
    supervisor = await sessionFor(server, await buildUser(server, { role: "supervisor" }));
    leader = await sessionFor(server, await buildUser(server, { role: "leader" }));
    transport = await sessionFor(
      server,
      await buildUser(server, { role: "reporter", unitId: await unitId(server, "ra", "区交通局") }),
    );
    health = await sessionFor(
      server,
      await buildUser(server, { role: "reporter", unitId: await unitId(server, "ra", "区卫生健康委") }),
    );
    otherRegion = await sessionFor(server, await buildUser(server, { role: "supervisor", regionId: "rb" }));
  });
  afterAll(async () => {
    await server.dispose();
  });

  async function detail(id: string, cookie: string): Promise<Detail> {
    const res = await call(server, "GET", `/api/documents/${id}`, { cookie });
    expect(res.status).toBe(200);
    return ((await res.json()) as { data: Detail }).data;
  }

  it("returns the parser's diagnostics with spans into the text", async () => {
    const d = await detail(impl, supervisor);
    const duplicate = d.diagnostics.find((x) => x.code === "duplicate-unit");
    expect(duplicate).toBeDefined();
    expect(duplicate!.source).toBe("parse");
    expect(duplicate!.severity).toBe("warning");
    expect(duplicate!.message).toContain("区交通局");
    // The span is the second 区交通局 of the clause, as UTF-16 offsets into `text`.
    const second = d.text.lastIndexOf("区交通局");
    expect(duplicate!.span).toEqual({ start: second, end: second + "区交通局".length });
    expect(d.text.slice(duplicate!.span!.start, duplicate!.span!.end)).toBe("区交通局");
  });

  it("resolves what a document cites to the ledger document, with the citation's span", async () => {
    const d = await detail(impl, supervisor);
    expect(d.citations.cites).toHaveLength(2);
    expect(d.citations.cites[1]!.document?.id).toBe(docHealth);
    const cite = d.citations.cites[0]!;
    expect(cite.docNumber).toBe("某府办发〔2025〕12号");
    expect(cite.resolvedBy).toBe("doc_number");
    expect(cite.document).toMatchObject({
      id: docA,
      title: "关于印发某区重点工作落实方案的通知",
      docNumber: "某府办发〔2025〕12号",
    });
    expect(d.text.slice(cite.span.start, cite.span.end)).toContain("关于印发某区重点工作落实方案的通知");
    expect(d.citations.citedBy).toEqual([]);
  });

  it("lists the documents that cite a document, for the 督查室 and leaders", async () => {
    for (const cookie of [supervisor, leader]) {
      const d = await detail(docA, cookie);
      expect(d.citations.cites).toEqual([]);
      expect(d.citations.citedBy.map((c) => c.document.id).sort()).toEqual([impl, healthImpl].sort());
      expect(d.citations.citedBy.every((c) => c.citations === 1)).toBe(true);
    }
  });

  it("a department sees only the citing documents it may read", async () => {
    const forTransport = await detail(docA, transport);
    expect(forTransport.citations.citedBy.map((c) => c.document.id)).toEqual([impl]);
    const forHealth = await detail(docA, health);
    expect(forHealth.citations.citedBy.map((c) => c.document.id)).toEqual([healthImpl]);
  });

  it("a citation to a document the department may not read keeps its text but no link", async () => {
    // 区交通局 has no task in DOC_HEALTH: the document is 404 for it, and not linked from DOC_IMPL.
    const res = await call(server, "GET", `/api/documents/${docHealth}`, { cookie: transport });
    expect(res.status).toBe(404);
    const d = await detail(impl, transport);
    expect(d.citations.cites.map((c) => c.document?.id ?? null)).toEqual([docA, null]);
    const hidden = d.citations.cites[1]!;
    expect(hidden.docNumber).toBe("某府办发〔2025〕13号");
    expect(hidden.resolvedBy).toBe("doc_number");
  });

  it("never links across regions", async () => {
    const res = await call(server, "GET", `/api/documents/${docA}`, { cookie: otherRegion });
    expect(res.status).toBe(404);
  });
});
