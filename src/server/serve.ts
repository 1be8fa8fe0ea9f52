/**
 * Runs the API over HTTP with @hono/node-server: bootstraps the administrators on first start,
 * starts the parse workers, and closes everything on SIGINT/SIGTERM.
 */
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import type { Store } from "../store/index.js";
import { createApp } from "./app.js";
import { systemClock, type Clock } from "./clock.js";
import { stderrLogger, type Logger } from "./context.js";
import { createWorkerParser, type ParseRunner } from "./parse-runner.js";
import { bootstrapAdmins, type BootstrapAccount } from "./services/accounts.js";
import type { ServerSettings } from "./settings.js";
import { ephemeralSecretBox, sealClearSecrets, type SecretBox } from "./auth/secret-box.js";

/** Options of `startServer`. */
export interface StartOptions {
  store: Store;
  settings: ServerSettings;
  port: number;
  host: string;
  regionId: string;
  clock?: Clock;
  log?: Logger;
  parser?: ParseRunner;
  /** The key box for TOTP seeds (`loadSecretBox`); default: a random key for this process. */
  secrets?: SecretBox;
}

/** A running server. */
export interface RunningServer {
  url: string;
  /** Administrators created at this start, with their one-time passwords (empty after the first). */
  bootstrap: BootstrapAccount[];
  close(): Promise<void>;
}

/**
 * Starts the server. Slow clients are cut off (headers within 30 s, a request within 5 min), so a
 * slow-loris cannot hold connections forever.
 */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? stderrLogger;
  const parser =
    options.parser ??
    createWorkerParser({
      timeoutMs: options.settings.parse.timeoutMs,
      maxOldGenerationMb: options.settings.parse.maxOldGenerationMb,
      concurrency: options.settings.parse.concurrency,
      queue: options.settings.parse.queue,
    });
  const bootstrap = await bootstrapAdmins(options.store.db, {
    regionId: options.regionId,
    settings: options.settings,
    clock,
  });
  const secrets = options.secrets ?? ephemeralSecretBox();
  const sealed = await sealClearSecrets(options.store.db, secrets);
  if (sealed > 0) log.info("sealed TOTP secrets stored in clear", { accounts: sealed });
  const app = createApp({ db: options.store.db, settings: options.settings, clock, parser, log, secrets });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, () => resolve(s));
  });
  if ("headersTimeout" in server) {
    server.headersTimeout = 30_000;
    server.requestTimeout = 300_000;
    // Idle keep-alive connections live longer than a user's pause between clicks (Node's default
    // is 5 s), so a browser or a reverse proxy does not reconnect for every request.
    server.keepAliveTimeout = 65_000;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    bootstrap,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await parser.close();
    },
  };
}
