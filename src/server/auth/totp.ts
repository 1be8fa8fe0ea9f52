/**
 * TOTP (RFC 6238: HMAC-SHA1, 6 digits, 30 s) for the second factor. A code is accepted one step
 * early or late for clock drift, and never twice: the accepted step is stored and a later login
 * must present a newer one (ASVS 6.5.1).
 */
import { Secret, TOTP } from "otpauth";

const PERIOD = 30;
const ISSUER = "落实 Luoshi";

function totpOf(secret: string, label = "luoshi"): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: "SHA1",
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secret),
  });
}

/** A new random secret, base32 (160 bits, as RFC 4226 recommends). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://` URI an authenticator app reads from a QR code. */
export function totpUri(secret: string, username: string): string {
  return totpOf(secret, username).toString();
}

/** The code for `at`; for tests and the enrolment check. */
export function totpCode(secret: string, at: Date): string {
  return totpOf(secret).generate({ timestamp: at.getTime() });
}

/**
 * The time step `code` belongs to (within ±1 step of `at`), or null when it is wrong or not newer
 * than `lastStep`.
 */
export function acceptTotp(secret: string, code: string, at: Date, lastStep: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpOf(secret).validate({ token: code, timestamp: at.getTime(), window: 1 });
  if (delta === null) return null;
  const step = TOTP.counter({ period: PERIOD, timestamp: at.getTime() }) + delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}
