import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
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
  /** Runs a single system-scope statement outside an explicit transaction (hot read paths). */
  read<T>(fn: (db: AppDb) => Promise<T>): Promise<T>;
  migrate(): Promise<number>;
  pendingMigrations(): Promise<number>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The embedded instance, for tests and dumps; null on PostgreSQL. */
  readonly pglite: PGlite | null;
};

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

/** The SET LOCAL statement for a user scope, with its values inlined after a strict check. */
function scopeSql(scope: { userId: string; regions: readonly string[] }): string {
  if (!scope.regions.every((r) => SAFE_REGION.test(r)) || !SAFE_ID.test(scope.userId)) {
    throw new Error('unsafe scope value');
  }
  return `SELECT set_config('zq.regions', '${scope.regions.join(',')}', true), set_config('zq.user_id', '${scope.userId}', true), set_config('role', 'zq_app', true)`;
}

async function countApplied(db: AppDb): Promise<number> {
  try {
    const rows = await queryRows<{ n: string | number }>(db, sql`select count(*) as n from drizzle.__drizzle_migrations`);
    return Number(rows[0]?.n ?? 0);
  } catch {
    return 0;
  }
}

/** Opens the embedded database in `dir` (null: in memory), or wraps an existing PGlite instance. */
export async function openPglite(dirOrInstance: string | null | PGlite): Promise<Database> {
  const client = dirOrInstance instanceof PGlite ? dirOrInstance : new PGlite(dirOrInstance ?? undefined);
  await client.waitReady;
  const db = drizzlePglite(client) as unknown as AppDb;
  const queue = serialQueue();
  return {
    kind: 'pglite',
    pglite: client,
    tx: (scope, fn) => queue(() => db.transaction(async (tx) => {
      await applyScope(tx, scope);
      return fn(tx);
    })),
    migrate: () =>
      queue(async () => {
        const before = await countApplied(db);
        await migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_DIR });
        return (await countApplied(db)) - before;
      }),
    pendingMigrations: () => queue(async () => journalSize() - (await countApplied(db))),
    read: (fn) => queue(() => fn(db)),
    ping: () => queue(async () => void (await client.query('select 1'))),
    close: () => queue(() => client.close()),
  };
}

/** Connects to a PostgreSQL server (a pool; several server processes may share the database). */
export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => undefined); // an idle client's error surfaces on the next query instead
  const db = drizzleNodePg(pool) as unknown as AppDb;
  return {
    kind: 'postgres',
    pglite: null,
    tx: async (scope, fn) => {
      const client = await pool.connect();
      try {
        // BEGIN and the scope go in one simple-protocol round trip (values are checked by scopeSql).
        await client.query(scope.kind === 'user' ? `BEGIN; ${scopeSql(scope)}` : 'BEGIN');
        const result = await fn(drizzleNodePg(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    read: (fn) => fn(db),
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
    close: () => pool.end(),
  };
}

/** Opens the configured database: PostgreSQL when a URL is given, otherwise PGlite in `dataDir/pgdata`. */
export async function openDatabase(opts: { databaseUrl: string | null; dataDir: string }): Promise<Database> {
  return opts.databaseUrl === null ? openPglite(`${opts.dataDir}/pgdata`) : openPostgres(opts.databaseUrl);
}

/** Rows of a raw SQL query; both drivers return `{ rows }`. */
export async function queryRows<T>(tx: Pick<AppDb, 'execute'>, query: SQL): Promise<T[]> {
  const r: unknown = await tx.execute(query);
  return (r as { rows: T[] }).rows;
}
