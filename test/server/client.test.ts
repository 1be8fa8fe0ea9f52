/**
 * The typed client (`hc<AppType>`): response types come from the routes (checked by tsc through
 * expectTypeOf), and a round trip through the client works against the app in-process.
 */
import type { InferRequestType, InferResponseType } from "hono/client";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { createClient, type Client } from "../../src/server/index.js";
import {
  backends,
  buildDocument,
  buildServer,
  buildUser,
  cookieFrom,
  DOC_A,
  unitId,
  type TestServer,
} from "./helpers.js";

type TasksOk = InferResponseType<Client["api"]["tasks"]["$get"], 200>;
type LoginInput = InferRequestType<Client["api"]["auth"]["login"]["$post"]>;
type DocOk = InferResponseType<Client["api"]["documents"][":id"]["$get"], 200>;
type UserCreated = InferResponseType<Client["api"]["users"]["$post"], 201>;

describe.each(backends)("typed client on %s", (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await buildServer(backend);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it("carries the route types: no any at the boundary", () => {
    expectTypeOf<TasksOk["data"][number]["text"]>().toEqualTypeOf<string>();
    expectTypeOf<TasksOk["data"][number]["assignments"][number]["role"]>().toEqualTypeOf<"lead" | "co">();
    expectTypeOf<TasksOk["page"]["total"]>().toEqualTypeOf<number>();
    expectTypeOf<TasksOk["policies"]>().toEqualTypeOf<Record<string, boolean>>();
    expectTypeOf<LoginInput["json"]>().toEqualTypeOf<{
      username: string;
      password: string;
      totp?: string | undefined;
    }>();
    expectTypeOf<DocOk["data"]["outline"][number]["type"]>().toEqualTypeOf<
      "heading" | "paragraph" | "table"
    >();
    expectTypeOf<UserCreated["oneTimePassword"]>().toEqualTypeOf<string>();
  });

  it("logs in and lists tasks through the client", async () => {
    await buildDocument(server, "ra", DOC_A);
    const user = await buildUser(server, {
      role: "reporter",
      unitId: await unitId(server, "ra", "区交通局"),
    });
    const fetch = (input: string | URL | Request, init?: RequestInit) =>
      server.app.request(input instanceof Request ? input : new Request(input, init));
    const anonymous = createClient("http://localhost", { fetch });
    const res = await anonymous.api.auth.login.$post({
      json: { username: user.username, password: user.password },
    });
    expect(res.status).toBe(200);
    const cookie = cookieFrom(res as unknown as Response)!;
    const client = createClient("http://localhost", { fetch, headers: { cookie } });
    const tasks = await client.api.tasks.$get({ query: { limit: "10" } });
    expect(tasks.status).toBe(200);
    if (tasks.status !== 200) return;
    const body = await tasks.json();
    expect(body.data.map((t) => t.text)).toEqual(["推进城区道路改造。"]);
    expect(body.data[0]!.assignments.map((a) => [a.canonicalName, a.role])).toEqual([
      ["区交通局", "lead"],
      ["区财政局", "co"],
    ]);
  });
});
