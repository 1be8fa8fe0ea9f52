/**
 * Passwords: argon2id hashes (@node-rs/argon2, algorithm 2) and the 等保 complexity policy —
 * length, three of four character classes, a blocklist (docs/security.md, M1 and A2).
 */
import { randomInt } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import type { ServerSettings } from "../settings.js";

/** argon2id; `Algorithm.Argon2id` is a const enum that isolated modules cannot import. */
const ARGON2ID = 2;

/** Hashes a password with argon2id and the configured cost. */
export async function hashPassword(password: string, cost: ServerSettings["argon2"]): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, ...cost });
}

/** True when `password` matches the stored hash; false (never a throw) for a malformed hash. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Common passwords and keyboard walks that meet the class rule but are guessed first. */
const BLOCKLIST = new Set(
  [
    "password",
    "password1",
    "password123",
    "passw0rd",
    "p@ssw0rd",
    "p@ssword",
    "p@ssw0rd123",
    "admin123",
    "admin@123",
    "admin1234",
    "root1234",
    "qwerty123",
    "qwer1234",
    "1qaz2wsx",
    "1qaz@wsx",
    "1q2w3e4r",
    "1q2w3e4r5t",
    "abc12345",
    "abcd1234",
    "abc@1234",
    "abc123456",
    "a1234567",
    "aa123456",
    "123456aa",
    "12345678",
    "123456789",
    "1234567890",
    "88888888",
    "11111111",
    "iloveyou",
    "woaini1314",
    "welcome1",
    "letmein1",
    "changeme",
    "test1234",
    "zaq12wsx",
  ].map((p) => p.toLowerCase()),
);

function classesOf(password: string): number {
  let lower = false;
  let upper = false;
  let digit = false;
  let other = false;
  for (const ch of password) {
    if (ch >= "a" && ch <= "z") lower = true;
    else if (ch >= "A" && ch <= "Z") upper = true;
    else if (ch >= "0" && ch <= "9") digit = true;
    else other = true;
  }
  return Number(lower) + Number(upper) + Number(digit) + Number(other);
}

/**
 * What is wrong with a new password, in Chinese; empty when it meets the policy. Length counts
 * characters (code points), so a Chinese passphrase is judged by what the user typed.
 *
 * @example
 * passwordProblems("abcdefgh", "zhang", policy); // ["至少包含大写字母、小写字母、数字、其他字符中的 3 类"]
 */
export function passwordProblems(
  password: string,
  username: string,
  policy: ServerSettings["password"],
): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < policy.minLength) problems.push(`密码至少需要 ${policy.minLength} 个字符`);
  if (length > policy.maxLength) problems.push(`密码最多 ${policy.maxLength} 个字符`);
  if (classesOf(password) < policy.minClasses) {
    problems.push(`至少包含大写字母、小写字母、数字、其他字符中的 ${policy.minClasses} 类`);
  }
  const lower = password.toLowerCase();
  if (BLOCKLIST.has(lower)) problems.push("密码过于常见，容易被猜中");
  if (username.length >= 3 && lower.includes(username.toLowerCase())) problems.push("密码不能包含用户名");
  return problems;
}

const ALPHABETS = ["abcdefghijkmnpqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789", "!@#$%^&*-_=+?"];

/**
 * A random one-time password with every character class (first start, resets). Ambiguous
 * characters (l, 1, O, 0) are left out because these are read off a screen and typed.
 */
export function randomPassword(length = 16): string {
  const all = ALPHABETS.join("");
  const chars = ALPHABETS.map((a) => a[randomInt(a.length)]!);
  while (chars.length < length) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join("");
}
