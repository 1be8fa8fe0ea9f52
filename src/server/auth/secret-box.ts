/**
 * Encryption of secrets the server must read back (TOTP seeds), with a key kept outside the
 * database: a database dump or a backup alone no longer yields second factors (等保 8.1.4.8).
 * AES-256-GCM from node:crypto; the stored form names its cipher (`enc:v1:`), so SM4 can be added
 * for a 密评 without touching the rows already written.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Kysely } from "kysely";
import type { Database } from "../../store/index.js";

/** Seals and opens short secrets. */
export interface SecretBox {
  seal(plain: string): string;
  /** The plain secret; a value stored before encryption existed (no `enc:` prefix) is returned as is. */
  open(stored: string): string;
}

const PREFIX = "enc:v1:";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** True when `stored` was sealed (as opposed to a secret stored in clear by an older version). */
export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

/** A box over a 32-byte key. */
export function secretBox(key: Uint8Array): SecretBox {
  if (key.byteLength !== KEY_BYTES) throw new Error(`密钥长度必须是 ${KEY_BYTES} 字节`);
  return {
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final(), cipher.getAuthTag()]);
      return `${PREFIX}${iv.toString("base64url")}.${body.toString("base64url")}`;
    },
    open(stored) {
      if (!isSealed(stored)) return stored;
      const [ivText = "", bodyText = ""] = stored.slice(PREFIX.length).split(".");
      const iv = Buffer.from(ivText, "base64url");
      const body = Buffer.from(bodyText, "base64url");
      if (iv.byteLength !== IV_BYTES || body.byteLength < TAG_BYTES) throw new Error("密文格式不正确");
      const decipher = createDecipheriv("aes-256-gcm", key, iv);
      decipher.setAuthTag(body.subarray(body.byteLength - TAG_BYTES));
      // A wrong key or an edited row fails the tag check here.
      return Buffer.concat([
        decipher.update(body.subarray(0, body.byteLength - TAG_BYTES)),
        decipher.final(),
      ]).toString("utf8");
    },
  };
}

/** A key from its text form: 64 hex digits or base64 of 32 bytes. */
export function parseKey(text: string): Uint8Array {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, "hex")
    : Buffer.from(trimmed, "base64");
  if (key.byteLength !== KEY_BYTES) throw new Error("密钥必须是 64 位十六进制数或 32 字节的 base64");
  return key;
}

/**
 * The server's key: `LUOSHI_SECRET_KEY`, else the file `LUOSHI_SECRET_KEY_FILE`, else
 * `defaultFile`, created on first use (mode 0600) with a fresh random key. The file must be kept
 * with the backups but apart from them: a backup restored elsewhere needs it to read the seeds.
 */
export function loadSecretBox(
  env: Record<string, string | undefined>,
  defaultFile: string,
): { box: SecretBox; source: string } {
  if (env.LUOSHI_SECRET_KEY)
    return { box: secretBox(parseKey(env.LUOSHI_SECRET_KEY)), source: "LUOSHI_SECRET_KEY" };
  const file = env.LUOSHI_SECRET_KEY_FILE || defaultFile;
  if (!existsSync(file)) {
    writeFileSync(file, `${randomBytes(KEY_BYTES).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
  }
  chmodSync(file, 0o600);
  return { box: secretBox(parseKey(readFileSync(file, "utf8"))), source: file };
}

/** A box with a random key that lives as long as the process: for tests and in-process apps. */
export function ephemeralSecretBox(): SecretBox {
  return secretBox(randomBytes(KEY_BYTES));
}

/**
 * Seals TOTP seeds stored in clear by versions before encryption, in one transaction; returns how
 * many accounts were sealed (0 once done).
 */
export async function sealClearSecrets(db: Kysely<Database>, box: SecretBox): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom("users")
      .select(["region_id", "id", "totp_secret", "totp_pending_secret"])
      .where((eb) =>
        eb.or([
          eb.and([eb("totp_secret", "is not", null), eb("totp_secret", "not like", "enc:%")]),
          eb.and([eb("totp_pending_secret", "is not", null), eb("totp_pending_secret", "not like", "enc:%")]),
        ]),
      )
      .forUpdate()
      .execute();
    for (const row of rows) {
      await trx
        .updateTable("users")
        .set({
          totp_secret: row.totp_secret === null ? null : box.seal(box.open(row.totp_secret)),
          totp_pending_secret:
            row.totp_pending_secret === null ? null : box.seal(box.open(row.totp_pending_secret)),
        })
        .where("region_id", "=", row.region_id)
        .where("id", "=", row.id)
        .execute();
    }
    return rows.length;
  });
}
