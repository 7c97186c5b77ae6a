import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite, parse as pgliteParse, protocol as pgliteProtocol } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';

export type AppDb = PgDatabase<PgQueryResultHKT>;
/** A handle bound to one open transaction; every data function takes one. */
export type Tx = AppDb;

/**
 * Who a transaction runs for. `user` transactions run as the `zq_app` role with row-level
 * security limited to `regions`; `system` ones (migrations, login, seeding, jobs) run as the owner.
 */
export type Scope = { kind: 'system' } | { kind: 'user'; userId: string; regions: readonly string[] };

export type Database = {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction with the scope's role and jurisdiction set (SET LOCAL). */
  tx<T>(scope: Scope, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` on one connection under the scope's role and jurisdiction WITHOUT BEGIN/COMMIT where
   * the driver allows (PostgreSQL): every statement is its own transaction. For reads, and for a
   * change written as ONE statement (several tables through a data-modifying WITH), which commits
   * or fails as a whole — never for a change of two statements. Hooks registered with `afterCommit`
   * run once `fn` has settled (every statement that succeeded has committed). On PGlite the one
   * session is set to the scope (not LOCAL) under the queue, also without BEGIN/COMMIT. Decision 0016.
   */
  autocommit<T>(scope: Scope, fn: (q: Tx) => Promise<T>): Promise<T>;
  /** Runs a single system-scope statement outside an explicit transaction (hot read paths). */
  read<T>(fn: (db: AppDb) => Promise<T>): Promise<T>;
  /** Runs ONE read statement under the scope's role and jurisdiction, without BEGIN/COMMIT (PGlite: as `autocommit`). */
  readAs<T>(scope: Scope, fn: (db: AppDb) => Promise<T>): Promise<T>;
  /** Calls `handler` for each NOTIFY on `channel` (from any process sharing the database). */
  listen(channel: string, handler: (payload: string) => void): Promise<void>;
  migrate(): Promise<number>;
  pendingMigrations(): Promise<number>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * The embedded instance, for tests and dumps; null on PostgreSQL. Outside the queue its session
   * may still be in the last caller's scope (decision 0018): do not run queries on it directly.
   */
  readonly pglite: PGlite | null;
};

/** Work that must follow a transaction's commit, given the database it committed on. */
export type CommitHook = (db: Database) => Promise<void>;

// Keyed by the transaction handle a `tx` callback receives; each `tx` call gets a handle of its own.
const commitHooks = new WeakMap<object, Map<string, CommitHook>>();

/**
 * Runs `hook` once after `tx` commits, before `db.tx` returns (not at all when it rolls back).
 * A key registers at most once per transaction. The audit chain uses it: a transaction adds its
 * records, and they are sealed into the chain after the commit (docs/decisions/0010).
 */
export function afterCommit(tx: Tx, key: string, hook: CommitHook): void {
  let hooks = commitHooks.get(tx);
  if (hooks === undefined) {
    hooks = new Map();
    commitHooks.set(tx, hooks);
  }
  if (!hooks.has(key)) {
    hooks.set(key, hook);
  }
}

/** Removes and returns the hooks registered on `tx`. */
function takeCommitHooks(tx: object | undefined): CommitHook[] {
  const hooks = tx === undefined ? undefined : commitHooks.get(tx);
  if (hooks === undefined) {
    return [];
  }
  commitHooks.delete(tx as object);
  return [...hooks.values()];
}

async function runCommitHooks(hooks: CommitHook[], db: Database): Promise<void> {
  for (const hook of hooks) {
    await hook(db);
  }
}

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../drizzle', import.meta.url));

function journalSize(): number {
  const journal = JSON.parse(readFileSync(`${MIGRATIONS_DIR}/meta/_journal.json`, 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
}

/** A promise queue: PGlite is one connection, so every use of it runs one at a time. */
function serialQueue(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

async function applyScope(tx: Tx, scope: Scope): Promise<void> {
  if (scope.kind === 'user') {
    // set_config(…, true) is SET LOCAL: it ends with the transaction, so pooled connections stay clean.
    await tx.execute(
      sql`select set_config('zq.regions', ${scope.regions.join(',')}, true), set_config('zq.user_id', ${scope.userId}, true), set_config('role', 'zq_app', true)`,
    );
  }
}

const SAFE_REGION = /^[0-9A-Z]{1,12}$/;
const SAFE_ID = /^[a-z_0-9]{1,80}$/;

/** Connection startup options that pin a pooled connection to zq_app and one jurisdiction. */
function pinOptions(regions: readonly string[]): string {
  if (!regions.every((r) => SAFE_REGION.test(r))) {
    throw new Error('unsafe region code');
  }
  return `-c role=zq_app -c zq.regions=${regions.length === 0 ? "''" : regions.join(',')}`;
}

function pgIdent(name: string): string {
  if (!SAFE_ID.test(name)) {
    throw new Error('unsafe channel name');
  }
  return name;
}

async function countApplied(db: AppDb): Promise<number> {
  try {
    const rows = await queryRows<{ n: string | number }>(db, sql`select count(*) as n from drizzle.__drizzle_migrations`);
    return Number(rows[0]?.n ?? 0);
  } catch {
    return 0;
  }
}

type PgliteQueryConfig = { rowMode?: 'array' | 'object'; parsers?: Record<number, (value: string, typeId: number) => unknown>; serializers?: Record<number, (value: unknown) => string> };
type BackendMessage = { name: string; dataTypeIDs?: number[] };
type ProtocolClient = { execProtocolStream(message: Uint8Array, opts: { syncToFs: boolean }): Promise<BackendMessage[]> };

function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Named prepared statements on one PGlite instance (its one session): a statement is parsed and
 * described once (Parse + Describe, under its name), then each run is Bind + Describe + Execute +
 * Sync in one call into the WASM module, on the plan PostgreSQL caches for it. PGlite's own `query`
 * parses, describes and plans the text every time in six calls. For statements outside an explicit
 * transaction only (the caller's queue slot holds the instance).
 */
function pgliteNamed(client: PGlite): (name: string) => { query(text: string, params: unknown[], config?: PgliteQueryConfig): Promise<unknown> } {
  const serialize = (pgliteProtocol as unknown as { serialize: { parse(o: { name: string; text: string }): Uint8Array; describe(o: { type: 'S' | 'P'; name?: string }): Uint8Array; bind(o: { statement: string; values: Array<string | null> }): Uint8Array; execute(o: object): Uint8Array; sync(): Uint8Array } }).serialize;
  const wasm = client as unknown as ProtocolClient;
  const prepared = new Map<string, { text: string; types: number[] }>();
  return (name) => ({
    query: (text, params, config) =>
      client.runExclusive(async () => {
        let stmt = prepared.get(name);
        if (stmt === undefined) {
          const described = await wasm.execProtocolStream(concatBytes([serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()]), { syncToFs: false });
          stmt = { text, types: described.find((m) => m.name === 'parameterDescription')?.dataTypeIDs ?? [] };
          prepared.set(name, stmt);
        } else if (stmt.text !== text) {
          throw new Error(`prepared statement ${name} was built with another text`);
        }
        const types = stmt.types;
        const values = params.map((v, i) => {
          if (v === null || v === undefined) {
            return null;
          }
          const type = types[i] ?? 0;
          const ser = config?.serializers?.[type] ?? (client.serializers[type] as ((x: unknown) => string) | undefined);
          return ser === undefined ? (v as { toString(): string }).toString() : ser(v);
        });
        // Sync in the same call: after an error the backend skips to it, and the session is ready again.
        const messages = await wasm.execProtocolStream(concatBytes([serialize.bind({ statement: name, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]), { syncToFs: false });
        await client.syncToFs();
        return pgliteParse.parseResults(messages as never, client.parsers, config as never)[0];
      }),
  });
}

/** Opens the embedded database in `dir` (null: in memory), or wraps an existing PGlite instance. */
export async function openPglite(dirOrInstance: string | null | PGlite): Promise<Database> {
  const client = dirOrInstance instanceof PGlite ? dirOrInstance : new PGlite(dirOrInstance ?? undefined);
  await client.waitReady;
  const db = drizzlePglite(client) as unknown as AppDb;
  // Outside a transaction, a statement prepared with a name (the builders' `.prepare(name)`,
  // `preparedStatement`) runs as a named prepared statement of the session; inside `tx` as before.
  const named = pgliteNamed(client);
  const session = db._.session as unknown as { prepareQuery(...args: unknown[]): { client: unknown } };
  const prepareQuery = session.prepareQuery.bind(session);
  session.prepareQuery = (...args: unknown[]) => {
    const query = prepareQuery(...args);
    const name = args[2];
    if (typeof name === 'string' && name !== '') {
      query.client = named(name);
    }
    return query;
  };
  const queue = serialQueue();
  // The session's own scope, set at session level (not LOCAL) by `enter` under the queue, right
  // before the work of whoever holds the queue slot: '' = the owner (system), else user and regions.
  // Every use of the instance goes through the queue and enters its scope first, so no statement
  // runs under another caller's jurisdiction. `tx` sets its scope LOCAL on top, as on PostgreSQL.
  let current = '';
  const enter = async (scope: Scope): Promise<void> => {
    const key = scope.kind === 'system' ? '' : `${scope.userId}\u0000${scope.regions.join(',')}`;
    if (key === current) {
      return;
    }
    current = '\u0000unknown';
    // Named statements too (one call each); set_config(…, null, false) is RESET.
    if (scope.kind === 'user') {
      await named('zq_scope_user').query(`select set_config('zq.regions', $1, false), set_config('zq.user_id', $2, false), set_config('role', 'zq_app', false)`, [scope.regions.join(','), scope.userId]);
    } else {
      await named('zq_scope_system').query(`select set_config('role', null, false), set_config('zq.regions', null, false), set_config('zq.user_id', null, false)`, []);
    }
    current = key;
  };
  const self: Database = {
    kind: 'pglite',
    pglite: client,
    tx: async (scope, fn) => {
      let handle: Tx | undefined;
      const result = await queue(async () => {
        // A user scope is SET LOCAL over whatever the session has; a system one needs the owner.
        if (scope.kind === 'system') {
          await enter(scope);
        }
        return db.transaction(async (tx) => {
          handle = tx;
          await applyScope(tx, scope);
          return fn(tx);
        });
      });
      // After the queue slot is released: a hook may run transactions of its own.
      await runCommitHooks(takeCommitHooks(handle), self);
      return result;
    },
    // No BEGIN/COMMIT (decision 0016): the session is in the scope, every statement its own transaction.
    autocommit: async (scope, fn) => {
      let hooks: CommitHook[] = [];
      const outcome = await queue(async (): Promise<{ ok: true; value: Awaited<ReturnType<typeof fn>> } | { ok: false; error: unknown }> => {
        await enter(scope);
        try {
          return { ok: true, value: await fn(db) };
        } catch (error) {
          return { ok: false, error };
        } finally {
          // `db` is shared by every call: take this call's hooks while the slot is held.
          hooks = takeCommitHooks(db);
        }
      });
      // A statement that succeeded has committed, whether or not `fn` failed afterwards.
      await runCommitHooks(hooks, self);
      if (!outcome.ok) {
        throw outcome.error;
      }
      return outcome.value;
    },
    migrate: () =>
      queue(async () => {
        await enter({ kind: 'system' });
        const before = await countApplied(db);
        await migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_DIR });
        return (await countApplied(db)) - before;
      }),
    pendingMigrations: () => queue(async () => {
      await enter({ kind: 'system' });
      return journalSize() - (await countApplied(db));
    }),
    read: (fn) => queue(async () => {
      await enter({ kind: 'system' });
      return fn(db);
    }),
    readAs: (scope, fn) => queue(async () => {
      await enter(scope);
      return fn(db);
    }),
    listen: async (channel, handler) => {
      await queue(() => client.listen(channel, handler));
    },
    ping: () => queue(async () => void (await client.query('select 1'))),
    close: () => queue(() => client.close()),
  };
  return self;
}

/**
 * Connects to a PostgreSQL server. System work uses one pool; each jurisdiction gets a small pool
 * of its own whose connections are pinned at connect time to the role zq_app and that
 * jurisdiction (see docs/decisions/0006): a user's single-statement read is then one round trip.
 */
export async function openPostgres(url: string, poolSize = 10, scopedPoolSize = 4): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => undefined); // an idle client's error surfaces on the next query instead
  const db = drizzleNodePg(pool) as unknown as AppDb;
  const scoped = new Map<string, { pool: pg.Pool; db: AppDb }>();
  // One drizzle handle per pooled connection, kept across its transactions: a statement prepared
  // on the handle (a named prepared statement, see entity-data.ts) is then built once per connection.
  const handles = new WeakMap<pg.PoolClient, Tx>();
  const handleOf = (client: pg.PoolClient): Tx => {
    let h = handles.get(client);
    if (h === undefined) {
      h = drizzleNodePg(client);
      handles.set(client, h);
    }
    return h;
  };
  const listeners: pg.Client[] = [];

  function scopedFor(scope: { userId: string; regions: readonly string[] }) {
    const key = scope.regions.join(',');
    let entry = scoped.get(key);
    if (entry === undefined) {
      // Startup options: the connection is zq_app with this jurisdiction from its first statement,
      // and a connection that cannot take the role fails instead of running unscoped.
      const p = new pg.Pool({ connectionString: url, max: scopedPoolSize, idleTimeoutMillis: 60_000, options: pinOptions(scope.regions) });
      p.on('error', () => undefined);
      entry = { pool: p, db: drizzleNodePg(p) as unknown as AppDb };
      scoped.set(key, entry);
    }
    return entry;
  }

  const self: Database = {
    kind: 'postgres',
    pglite: null,
    tx: async (scope, fn) => {
      const client = await (scope.kind === 'user' ? scopedFor(scope).pool : pool).connect();
      const handle = handleOf(client);
      let result;
      let hooks: CommitHook[];
      try {
        await client.query('BEGIN');
        result = await fn(handle);
        await client.query('COMMIT');
        hooks = takeCommitHooks(handle);
      } catch (err) {
        takeCommitHooks(handle);
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
      // The connection is back in its pool: a hook may need one (of another scope) itself.
      await runCommitHooks(hooks, self);
      return result;
    },
    autocommit: async (scope, fn) => {
      // A pinned connection (user scope) is zq_app with its jurisdiction from its first statement.
      const client = await (scope.kind === 'user' ? scopedFor(scope).pool : pool).connect();
      const handle = handleOf(client);
      let outcome: { ok: true; value: Awaited<ReturnType<typeof fn>> } | { ok: false; error: unknown };
      try {
        outcome = { ok: true, value: await fn(handle) };
      } catch (error) {
        outcome = { ok: false, error };
      } finally {
        client.release();
      }
      // A statement that succeeded has committed, whether or not `fn` failed afterwards.
      await runCommitHooks(takeCommitHooks(handle), self);
      if (!outcome.ok) {
        throw outcome.error;
      }
      return outcome.value;
    },
    read: (fn) => fn(db),
    readAs: (scope, fn) => fn(scope.kind === 'user' ? scopedFor(scope).db : db),
    listen: async (channel, handler) => {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => undefined);
      await client.connect();
      client.on('notification', (n) => {
        if (n.channel === channel) {
          handler(n.payload ?? '');
        }
      });
      await client.query(`LISTEN ${pgIdent(channel)}`);
      listeners.push(client);
    },
    migrate: async () => {
      const client = await pool.connect();
      try {
        // Several processes may start at once: one migrates, the others wait and find nothing to do.
        await client.query('select pg_advisory_lock(731500)');
        const one = drizzleNodePg(client);
        const before = await countApplied(one);
        await migrateNodePg(one, { migrationsFolder: MIGRATIONS_DIR });
        return (await countApplied(one)) - before;
      } finally {
        await client.query('select pg_advisory_unlock(731500)').catch(() => undefined);
        client.release();
      }
    },
    pendingMigrations: async () => journalSize() - (await countApplied(db)),
    ping: async () => void (await pool.query('select 1')),
    close: async () => {
      await Promise.all([...listeners.map((c) => c.end().catch(() => undefined)), ...[...scoped.values()].map((e) => e.pool.end())]);
      await pool.end();
    },
  };
  return self;
}

/** Opens the configured database: PostgreSQL when a URL is given, otherwise PGlite in `dataDir/pgdata`. */
export async function openDatabase(opts: { databaseUrl: string | null; dataDir: string }): Promise<Database> {
  return opts.databaseUrl === null ? openPglite(`${opts.dataDir}/pgdata`) : openPostgres(opts.databaseUrl);
}

const dialect = new PgDialect();

/**
 * A fixed raw statement, values as `sql.placeholder(name)`, built once: on PostgreSQL a named
 * prepared statement, parsed and planned once per pooled connection (as the query builders'
 * `.prepare(name)`), on PGlite once per instance outside a transaction (inside `tx` an ordinary query). Rows come back as from `tx.execute`: columns as
 * named in the statement, timestamps and dates as text, json parsed. `name` must be unique.
 */
export function preparedStatement<R>(name: string, query: SQL): (tx: Tx, values: Record<string, unknown>) => Promise<R[]> {
  const built = dialect.sqlToQuery(query);
  const handles = new WeakMap<Tx, { execute(values: Record<string, unknown>): Promise<unknown> }>();
  return async (tx, values) => {
    let prepared = handles.get(tx);
    if (prepared === undefined) {
      prepared = tx._.session.prepareQuery(built, undefined, name, false);
      handles.set(tx, prepared);
    }
    return ((await prepared.execute(values)) as { rows: R[] }).rows;
  };
}

/** Rows of a raw SQL query; both drivers return `{ rows }`. */
export async function queryRows<T>(tx: Pick<AppDb, 'execute'>, query: SQL): Promise<T[]> {
  const r: unknown = await tx.execute(query);
  return (r as { rows: T[] }).rows;
}
