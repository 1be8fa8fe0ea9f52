import type { Migration, MigrationProvider } from "kysely";
import * as m0001 from "./0001_initial.js";
import * as m0002 from "./0002_accounts_audit.js";
import * as m0003 from "./0003_demo_accounts.js";
import * as m0004 from "./0004_reporting.js";
import * as m0005 from "./0005_email_responsibility.js";
import * as m0006 from "./0006_search_unit_lexemes.js";
import * as m0007 from "./0007_region_settings.js";
import * as m0008 from "./0008_document_compression.js";
import * as m0009 from "./0009_citation_functions.js";

/**
 * Every migration, in order, imported statically: no directory scan, so migrations work from
 * dist/ and from a bundled build. Add new ones at the end; never edit one that has shipped.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  "0001_initial": m0001,
  "0002_accounts_audit": m0002,
  "0003_demo_accounts": m0003,
  "0004_reporting": m0004,
  "0005_email_responsibility": m0005,
  "0006_search_unit_lexemes": m0006,
  "0007_region_settings": m0007,
  "0008_document_compression": m0008,
  "0009_citation_functions": m0009,
};

/** Name of the newest migration: the schema version written into backups. */
export const LATEST_SCHEMA_VERSION = Object.keys(MIGRATIONS).at(-1)!;

/** Kysely migration provider over `MIGRATIONS`. */
export class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return { ...MIGRATIONS };
  }
}
