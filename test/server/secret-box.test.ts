/**
 * TOTP seeds are sealed with a key outside the database: the rows and backups hold ciphertext,
 * the wrong key or an edited row cannot be opened, and seeds stored in clear by older versions are
 * sealed at start.
 */
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  isSealed,
  loadSecretBox,
  parseKey,
  sealClearSecrets,
  secretBox,
} from "../../src/server/auth/secret-box.js";
import { totpCode } from "../../src/server/auth/totp.js";
import { createApp, inlineParser } from "../../src/server/index.js";
import { backends, buildServer, buildUser, sessionFor, type TestServer } from "./helpers.js";

const KEY_A = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
const KEY_B = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

describe("secretBox", () => {
  it("seals to enc:v1: text that opens to the secret; each seal differs (fresh nonce)", () => {
    const box = secretBox(parseKey(KEY_A));
    const one = box.seal("JBSWY3DPEHPK3PXP");
    const two = box.seal("JBSWY3DPEHPK3PXP");
    expect(one.startsWith("enc:v1:")).toBe(true);
    expect(one).not.toContain("JBSWY3DPEHPK3PXP");
    expect(one).not.toBe(two);
    expect(box.open(one)).toBe("JBSWY3DPEHPK3PXP");
  });

  it("the wrong key or one changed character fails instead of yielding a secret", () => {
    const sealed = secretBox(parseKey(KEY_A)).seal("JBSWY3DPEHPK3PXP");
    expect(() => secretBox(parseKey(KEY_B)).open(sealed)).toThrow();
    const body = sealed.slice(-4);
    const flipped = sealed.slice(0, -4) + (body[0] === "A" ? "B" : "A") + body.slice(1);
    expect(() => secretBox(parseKey(KEY_A)).open(flipped)).toThrow();
  });

  it("a value without the prefix (stored in clear before encryption) opens as itself", () => {
    expect(secretBox(parseKey(KEY_A)).open("JBSWY3DPEHPK3PXP")).toBe("JBSWY3DPEHPK3PXP");
    expect(isSealed("JBSWY3DPEHPK3PXP")).toBe(false);
  });

  it("reads a key as 64 hex digits or base64 of 32 bytes, and refuses anything else", () => {
    expect(Buffer.from(parseKey(KEY_A)).toString("hex")).toBe(KEY_A);
    expect(Buffer.from(parseKey(Buffer.from(KEY_A, "hex").toString("base64"))).toString("hex")).toBe(KEY_A);
    expect(() => parseKey("too-short")).toThrow(/密钥/);
  });

  it("loads LUOSHI_SECRET_KEY, else creates the key file once (mode 0600) and reuses it", () => {
    const dir = mkdtempSync(join(tmpdir(), "luoshi-key-"));
    const file = join(dir, "luoshi-secret.key");
    const first = loadSecretBox({}, file);
    expect(first.source).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8").trim()).toMatch(/^[0-9a-f]{64}$/);
    const sealed = first.box.seal("seed");
    expect(loadSecretBox({}, file).box.open(sealed)).toBe("seed");
    expect(loadSecretBox({ LUOSHI_SECRET_KEY: KEY_A }, file).source).toBe("LUOSHI_SECRET_KEY");
  });
});

describe.each(backends)("TOTP seeds at rest on %s", (backend) => {
  let server: TestServer;
  afterEach(() => server.dispose());

  it("enrolment stores only ciphertext, and the code from the shown secret completes it", async () => {
    const box = secretBox(parseKey(KEY_A));
    server = await buildServer(backend);
    const app = createApp({
      db: server.store.db,
      settings: server.settings,
      clock: server.clock,
      parser: inlineParser,
      log: server.log,
      secrets: box,
    });
    const user = await buildUser(server, { role: "supervisor" });
    const cookie = await sessionFor(server, user);
    const request = (path: string, body: unknown) =>
      app.request(
        new Request(`http://localhost${path}`, {
          method: "POST",
          headers: { cookie, "content-type": "application/json", "x-forwarded-for": "10.0.0.1" },
          body: JSON.stringify(body),
        }),
      );
    const enrol = await request("/api/auth/totp/enrol", {});
    expect(enrol.status).toBe(200);
    const { secret } = ((await enrol.json()) as { data: { secret: string } }).data;
    const pending = await server.store.db
      .selectFrom("users")
      .select("totp_pending_secret")
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(isSealed(pending.totp_pending_secret!)).toBe(true);
    expect(pending.totp_pending_secret).not.toContain(secret);
    expect(box.open(pending.totp_pending_secret!)).toBe(secret);

    const verify = await request("/api/auth/totp/verify", { code: totpCode(secret, server.clock.now()) });
    expect(verify.status).toBe(200);
    const stored = await server.store.db
      .selectFrom("users")
      .select(["totp_secret", "totp_pending_secret"])
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(stored.totp_pending_secret).toBeNull();
    expect(isSealed(stored.totp_secret!)).toBe(true);
    expect(box.open(stored.totp_secret!)).toBe(secret);
  });

  it("seeds stored in clear are sealed at start, once, and still verify", async () => {
    const box = secretBox(parseKey(KEY_A));
    server = await buildServer(backend);
    const user = await buildUser(server, {
      role: "system_admin",
      mfaRequired: true,
      totpSecret: "JBSWY3DPEHPK3PXP",
    });
    expect(await sealClearSecrets(server.store.db, box)).toBe(1);
    expect(await sealClearSecrets(server.store.db, box)).toBe(0);
    const row = await server.store.db
      .selectFrom("users")
      .select("totp_secret")
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(box.open(row.totp_secret!)).toBe("JBSWY3DPEHPK3PXP");

    const app = createApp({
      db: server.store.db,
      settings: server.settings,
      clock: server.clock,
      parser: inlineParser,
      log: server.log,
      secrets: box,
    });
    const res = await app.request(
      new Request("http://localhost/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "10.0.0.1" },
        body: JSON.stringify({
          username: user.username,
          password: user.password,
          totp: totpCode("JBSWY3DPEHPK3PXP", server.clock.now()),
        }),
      }),
    );
    expect(res.status).toBe(200);
  });
});
