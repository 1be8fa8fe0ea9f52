/**
 * E-mail out of the reminder run: a small interface the supervision service calls, and its SMTP
 * implementation over nodemailer. Each send is one attempt with short timeouts; a failure is the
 * caller's to log, never a crash of the run.
 */
import { createTransport } from "nodemailer";

/** One message to one recipient. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends reminder e-mails; `send` rejects with the server's reason when a message is refused. */
export interface ReminderMailer {
  send(message: MailMessage): Promise<void>;
  /** Releases the connection(s). */
  close(): void;
}

/** The SMTP settings a mailer needs (the server's `settings.smtp`). */
export interface SmtpConfig {
  url: string | null;
  from: string | null;
  timeoutMs: number;
}

/** An SMTP mailer, or null when no server is configured. */
export function smtpMailer(config: SmtpConfig): ReminderMailer | null {
  if (!config.url || !config.from) return null;
  const transport = createTransport(
    {
      url: config.url,
      connectionTimeout: config.timeoutMs,
      greetingTimeout: config.timeoutMs,
      socketTimeout: config.timeoutMs,
      // The log would carry addresses and, at debug level, credentials: keep it off.
      logger: false,
      debug: false,
    },
    { from: config.from },
  );
  return {
    async send(message) {
      await transport.sendMail({
        to: message.to,
        subject: message.subject,
        text: message.text,
        textEncoding: "base64",
      });
    },
    close() {
      transport.close();
    },
  };
}

/** A short, single-line reason for a failed attempt (no stack, no credentials). */
export function failureReason(error: unknown): string {
  const e = error as { responseCode?: number; code?: string; message?: string };
  const message = (e?.message ?? String(error)).replace(/[\r\n]+/g, " ").replace(/\/\/[^@\s/]*@/g, "//***@");
  const prefix = e?.responseCode ? `${e.responseCode} ` : e?.code ? `${e.code} ` : "";
  return `${prefix}${message}`.slice(0, 300);
}
