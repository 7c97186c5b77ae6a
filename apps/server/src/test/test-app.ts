import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp, type RouteInfo } from '../app';
import type { AppContext } from '../platform/app-context';
import { createCalendarService } from '../platform/calendar/calendar-service';
import { manualClock } from '../platform/clock/clock';
import type { Config } from '../platform/config/config';
import { openPglite, openPostgres, type Database } from '../platform/db/database';
import type { ZApp } from '../platform/http/fastify-types';
import { createRegionDirectory } from '../platform/regions/region-directory';
import { DEMO_PASSWORD, TEST_NOW, testConfig, testDbKind } from './test-env';

/** A fresh copy of the migrated, seeded template database. */
export async function cloneTestDatabase(): Promise<{ db: Database; drop: () => Promise<void> }> {
  if (testDbKind() === 'postgres') {
    const url = process.env.ZQ_TEST_TEMPLATE_URL ?? process.env.TEST_DATABASE_URL ?? '';
    const template = new URL(url).pathname.slice(1);
    const name = `zq_t_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
    const adminUrl = new URL(url);
    adminUrl.pathname = '/postgres';
    const admin = new pg.Client({ connectionString: adminUrl.toString() });
    await admin.connect();
    await admin.query(`create database ${name} template ${template}`);
    await admin.end();
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${name}`;
    const db = await openPostgres(dbUrl.toString(), 4);
    return {
      db,
      drop: async () => {
        await db.close();
        const a = new pg.Client({ connectionString: adminUrl.toString() });
        await a.connect();
        await a.query(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  }
  const file = process.env.ZQ_TEST_TEMPLATE_FILE;
  if (file === undefined) {
    throw new Error('integration tests need the global setup (vitest --project integration)');
  }
  const pglite = new PGlite({ loadDataDir: new Blob([readFileSync(file)]) });
  const db = await openPglite(pglite);
  return { db, drop: () => db.close() };
}

export type Client = {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
  csrfToken: string;
  cookie: string;
};

export type TestApp = {
  app: ZApp;
  ctx: AppContext;
  routes: RouteInfo[];
  clock: ReturnType<typeof manualClock>;
  db: Database;
  config: Config;
  /** Logs in and returns a client carrying the session cookie and CSRF header. */
  login(username: string, password?: string): Promise<Client>;
  /** A client with no session. */
  anonymous(): Client;
  close(): Promise<void>;
};

function makeClient(app: ZApp, cookie: string, csrfToken: string): Client {
  const headers = (extra: Record<string, string> = {}) => ({ ...(cookie === '' ? {} : { cookie }), ...(csrfToken === '' ? {} : { 'x-csrf-token': csrfToken }), ...extra });
  const send = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, extra?: Record<string, string>) =>
    app.inject({
      method,
      url,
      headers: headers(extra),
      ...(body === undefined ? {} : Buffer.isBuffer(body) || typeof body === 'string' ? { payload: body } : { payload: body as object }),
    });
  return {
    cookie,
    csrfToken,
    get: (url) => send('GET', url),
    post: (url, body, extra) => send('POST', url, body ?? {}, extra),
    put: (url, body) => send('PUT', url, body ?? {}),
    patch: (url, body) => send('PATCH', url, body ?? {}),
    delete: (url) => send('DELETE', url),
  };
}

/** Builds the real app on a fresh database copy with a manual clock. */
export async function makeTestApp(opts: { now?: Date; env?: Record<string, string> } = {}): Promise<TestApp> {
  const { db, drop } = await cloneTestDatabase();
  const config = testConfig(opts.env);
  const clock = manualClock(opts.now ?? TEST_NOW);
  const regions = createRegionDirectory();
  const calendar = createCalendarService(db, clock, 0);
  const { app, routes, ctx } = await buildApp({ config, db, clock, regions, calendar }, { logger: false });
  return {
    app,
    routes,
    clock,
    db,
    config,
    ctx,
    anonymous: () => makeClient(app, '', ''),
    login: async (username, password = DEMO_PASSWORD) => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) {
        throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      }
      const setCookie = res.cookies.find((c) => c.name === 'zq_session');
      if (setCookie === undefined) {
        throw new Error('no session cookie');
      }
      return makeClient(app, `zq_session=${setCookie.value}`, (res.json<{ csrfToken: string }>()).csrfToken);
    },
    close: async () => {
      await app.close();
      await drop();
    },
  };
}
