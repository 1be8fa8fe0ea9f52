import type { PGlite } from "@electric-sql/pglite";
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from "kysely";

/** Options of the PGlite dialect. */
export interface PGliteDialectConfig {
  pglite: PGlite;
  /** Schema to put first on the search path (tests run several stores on one PGlite). */
  schema?: string;
}

/**
 * One mutex per PGlite instance: PGlite has a single session, so a transaction must own it from
 * BEGIN to COMMIT and no other query may slip in between. Kysely acquires a connection for each
 * query or transaction; acquiring waits here.
 */
class Mutex {
  private tail: Promise<void> = Promise.resolve();

  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return ready;
  }
}

interface Session {
  mutex: Mutex;
  schema?: string;
}

const sessions = new WeakMap<PGlite, Session>();

function sessionOf(pglite: PGlite): Session {
  let session = sessions.get(pglite);
  if (!session) {
    session = { mutex: new Mutex() };
    sessions.set(pglite, session);
  }
  return session;
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pglite: PGlite) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.pglite.query<R>(compiled.sql, [...compiled.parameters]);
    const command = result.command?.toUpperCase();
    const counted =
      command === "INSERT" || command === "UPDATE" || command === "DELETE" || command === "MERGE";
    return {
      rows: result.rows,
      ...(counted ? { numAffectedRows: BigInt(result.affectedRows ?? result.rowCount ?? 0) } : {}),
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("PGlite 连接不支持流式查询 / streaming is not supported on PGlite");
  }
}

class PGliteDriver implements Driver {
  private readonly session: Session;
  private readonly releases = new WeakMap<DatabaseConnection, () => void>();

  constructor(private readonly config: PGliteDialectConfig) {
    this.session = sessionOf(config.pglite);
  }

  async init(): Promise<void> {
    await this.config.pglite.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.session.mutex.lock();
    try {
      const schema = this.config.schema;
      if (schema !== undefined && this.session.schema !== schema) {
        await this.config.pglite.query(`SET search_path TO "${schema.replace(/"/g, '""')}"`);
        this.session.schema = schema;
      }
    } catch (error) {
      release();
      throw error;
    }
    // One PGlite session serves every acquirer in turn, so a fresh wrapper object per acquisition
    // lets release find the right unlock function.
    const connection = new PGliteConnection(this.config.pglite);
    this.releases.set(connection, release);
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let statement = "BEGIN";
    if (settings.isolationLevel) statement += ` ISOLATION LEVEL ${settings.isolationLevel.toUpperCase()}`;
    if (settings.accessMode) statement += ` ${settings.accessMode.toUpperCase()}`;
    await connection.executeQuery(CompiledQuery.raw(statement));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("COMMIT"));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("ROLLBACK"));
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`SAVEPOINT "${name}"`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`ROLLBACK TO SAVEPOINT "${name}"`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`RELEASE SAVEPOINT "${name}"`));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const release = this.releases.get(connection);
    this.releases.delete(connection);
    release?.();
  }

  async destroy(): Promise<void> {
    // The PGlite instance belongs to whoever created it; the store closes it.
  }
}

/**
 * Kysely dialect over an in-process PGlite: Kysely's PostgreSQL compiler, adapter and
 * introspector with a driver that serialises all access to PGlite's single session.
 */
export class PGliteDialect implements Dialect {
  constructor(private readonly config: PGliteDialectConfig) {}

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createDriver(): Driver {
    return new PGliteDriver(this.config);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}
