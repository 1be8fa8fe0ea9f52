/**
 * Files as evidence of a self-evaluation, on both backends: uploaded through the report evidence's
 * gate (type sniffed, size limit, SHA-256, stored in the database, audited), accepted as the
 * evidence a checklist item requires, listed and downloaded by the supervisor at verification; a
 * department touches only its own.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditRows,
  backends,
  buildDocument,
  buildServer,
  call,
  DOC_A,
  unitId,
  type TestServer,
} from "../server/helpers.js";
import { expectJson, sessionOf } from "./helpers.js";

interface FileRow {
  id: string;
  itemId: string;
  unitId: string;
  sha256: string;
  filename: string;
  mediaType: string;
  byteSize: number;
}

const MINUTES = "区交通局2025年度工作台账：已按季度更新。";
// SHA-256 of the UTF-8 bytes of MINUTES, computed with `printf '%s' … | sha256sum`.
const MINUTES_SHA = "586773be80e1d7f9c4ee32bac1177b826d9b58ac3d6a4bd65127b23628defb94";

function form(content: string | Uint8Array<ArrayBuffer>, name: string): FormData {
  const data = new FormData();
  data.set("file", new File([content], name));
  return data;
}

describe.each(backends)("self-evaluation evidence files on %s", (backend) => {
  let server: TestServer;
  let item: string;
  let sup: string;
  let transport: string;
  let transportRep: string;
  let financeRep: string;

  beforeAll(async () => {
    server = await buildServer(backend, { settings: { limits: { uploadBytes: 1024 } } });
    const doc = await buildDocument(server, "ra", DOC_A, "a.txt");
    sup = await sessionOf(server, "supervisor");
    transport = await unitId(server, "ra", "区交通局");
    transportRep = await sessionOf(server, "reporter", transport);
    financeRep = await sessionOf(server, "reporter", await unitId(server, "ra", "区财政局"));
    const opened = await expectJson<{ data: { created: { id: string }[] } }>(
      server,
      "POST",
      `/api/documents/${doc}/periods`,
      sup,
      200,
      { year: 2025 },
    );
    const period = opened.data.created[0]!.id;
    item = (
      await expectJson<{ data: { id: string } }>(
        server,
        "POST",
        `/api/periods/${period}/checklist`,
        sup,
        200,
        {
          item: "建立工作台账并按季度更新",
          points: 10,
          evidenceRequired: true,
        },
      )
    ).data.id;
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it("a required item refuses a self-evaluation without evidence, and accepts one once a file is uploaded", async () => {
    const path = `/api/checklist/${item}/self-evaluation`;
    await expectJson(server, "PUT", path, transportRep, 400, { points: 8, note: "已建立" });
    // Refused files: an executable (type sniffed, not trusted from the name), HTML, an oversized file.
    const exe = await call(server, "POST", `/api/checklist/${item}/evidence`, {
      cookie: transportRep,
      body: form(new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]), "台账.pdf"),
    });
    expect(exe.status).toBe(415);
    expect(((await exe.json()) as { error: { code: string } }).error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    const html = await call(server, "POST", `/api/checklist/${item}/evidence`, {
      cookie: transportRep,
      body: form("<html><script>alert(1)</script></html>", "台账.txt"),
    });
    expect(html.status).toBe(415);
    const big = await call(server, "POST", `/api/checklist/${item}/evidence`, {
      cookie: transportRep,
      body: form("台".repeat(400), "大文件.txt"),
    });
    expect(big.status).toBe(413);
    const ok = await call(server, "POST", `/api/checklist/${item}/evidence`, {
      cookie: transportRep,
      body: form(MINUTES, "台账说明.txt"),
    });
    expect(ok.status).toBe(201);
    const file = ((await ok.json()) as { data: FileRow }).data;
    expect(file).toMatchObject({
      itemId: item,
      unitId: transport,
      sha256: MINUTES_SHA,
      filename: "台账说明.txt",
      mediaType: "text/plain; charset=utf-8",
      byteSize: new TextEncoder().encode(MINUTES).byteLength,
    });
    const evaluation = await expectJson<{ data: { id: string; claimedPoints: number } }>(
      server,
      "PUT",
      path,
      transportRep,
      200,
      { points: 9, note: "台账已按季度更新" },
    );
    expect(evaluation.data.claimedPoints).toBe(9);
    const audit = (await auditRows(server)).filter((r) => r.action === "evaluation.evidence");
    expect(audit.map((r) => r.outcome)).toEqual(["failure", "failure", "failure", "success"]);
    expect(audit[3]!.after).toMatchObject({ sha256: MINUTES_SHA, filename: "台账说明.txt" });
  });

  it("the supervisor lists and downloads the files at verification; a department sees only its own", async () => {
    const list = await expectJson<{ data: FileRow[] }>(
      server,
      "GET",
      `/api/checklist/${item}/evidence`,
      sup,
      200,
    );
    expect(list.data.map((f) => f.filename)).toEqual(["台账说明.txt"]);
    const checklist = await expectJson<{ data: { items: { files: FileRow[] }[] } }>(
      server,
      "GET",
      `/api/periods/${(await server.store.db.selectFrom("checklist_items").select("period_id").where("id", "=", item).executeTakeFirstOrThrow()).period_id}/checklist`,
      sup,
      200,
    );
    expect(checklist.data.items[0]!.files.map((f) => f.id)).toEqual([list.data[0]!.id]);
    const download = await call(server, "GET", `/api/checklist/files/${list.data[0]!.id}`, { cookie: sup });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toContain("attachment");
    expect(await download.text()).toBe(MINUTES);
    // 区财政局 sees none of 区交通局's files and cannot download one (404: it does not exist for it).
    const theirs = await expectJson<{ data: FileRow[] }>(
      server,
      "GET",
      `/api/checklist/${item}/evidence`,
      financeRep,
      200,
    );
    expect(theirs.data).toEqual([]);
    expect(
      (await call(server, "GET", `/api/checklist/files/${list.data[0]!.id}`, { cookie: financeRep })).status,
    ).toBe(404);
    // Its own upload is its own.
    const own = await call(server, "POST", `/api/checklist/${item}/evidence`, {
      cookie: financeRep,
      body: form("财政局佐证", "czj.txt"),
    });
    expect(own.status).toBe(201);
    const mine = await expectJson<{ data: FileRow[] }>(
      server,
      "GET",
      `/api/checklist/${item}/evidence`,
      financeRep,
      200,
    );
    expect(mine.data.map((f) => f.filename)).toEqual(["czj.txt"]);
    // The supervisor cannot upload; a tampered file is refused on download.
    const supUpload = await call(server, "POST", `/api/checklist/${item}/evidence`, {
      cookie: sup,
      body: form("x", "x.txt"),
    });
    expect(supUpload.status).toBe(403);
    await server.store.db
      .updateTable("evaluation_files")
      .set({ bytes: new TextEncoder().encode("篡改") })
      .where("id", "=", list.data[0]!.id)
      .execute();
    expect(
      (await call(server, "GET", `/api/checklist/files/${list.data[0]!.id}`, { cookie: sup })).status,
    ).toBe(409);
  });
});
