// `npm run bench`: ours vs a reference in the same process run, alternating A B A B, median ratio.
// Quick sizes by default; `--full` for longer rounds. Loopback only; every run stops by itself.
import { execSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../apps/server/src/app';
import { createCalendarService } from '../apps/server/src/platform/calendar/calendar-service';
import { systemClock } from '../apps/server/src/platform/clock/clock';
import { loadConfig } from '../apps/server/src/platform/config/config';
import { openPglite, openPostgres, type Database } from '../apps/server/src/platform/db/database';
import { createRegionDirectory } from '../apps/server/src/platform/regions/region-directory';
import { seedDemo } from '../apps/server/src/seed/demo-data';
import { ensureReferenceData } from '../apps/server/src/seed/reference-data';
import { runB1 } from './b1-problem-transitions';
import { runB2 } from './b2-deadline-sweep';

const full = process.argv.includes('--full');
const only = new Set((process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length) ?? 'b1,b2,b5').split(','));
const seconds = full ? 10 : 3;
const rounds = 3;
const connections = 50;
const PASSWORD = 'Bench-Password-2026';

type Load = { rps: number; p99: number; errors: number };

const DETAIL_SQL = `select e.*,
  (select coalesce(json_agg(json_build_object('month', h.month, 'pensionContributors', h.pension_contributors) order by h.month), '[]'::json) from entity_headcounts h where h.entity_id = e.id) as heads,
  (select coalesce(json_agg(json_build_object('month', p.month, 'wages', p.wages, 'socialInsurance', p.social_insurance) order by p.month desc), '[]'::json) from entity_payment_records p where p.entity_id = e.id) as pays
  from market_entities e where e.id = $1`;

async function load(url: string, headers: Record<string, string> = {}): Promise<Load> {
  const r = await autocannon({ url, connections, duration: seconds, headers });
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function startOurs(db: Database) {
  const config = loadConfig({ ZQ_SECRET_KEY: 'a1'.repeat(32).replace(/^a1a1/, 'b2c3'), ZQ_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'zq-bench-')), LOG_LEVEL: 'silent', ZQ_DEMO_PASSWORD: PASSWORD, ZQ_LOGIN_RATE_LIMIT: '100000' });
  await db.migrate();
  await ensureReferenceData(db);
  await seedDemo(db, config, new Date());
  const clock = systemClock();
  const { app } = await buildApp({ config, db, clock, regions: createRegionDirectory(), calendar: createCalendarService(db, clock) }, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'city.registry', password: PASSWORD }) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const list = (await (await fetch(`http://127.0.0.1:${port}/api/v1/entities?pageSize=1`, { headers: { cookie } })).json()) as { items: Array<{ id: string }> };
  const id = list.items[0]?.id ?? '';
  return { url: `http://127.0.0.1:${port}/api/v1/entities/${id}`, headers: { cookie }, id, close: () => app.close() };
}

async function startBare(url: string, id: string) {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const app = Fastify();
  // The same statement our detail read runs (row + 24-month histories as JSON), without the platform around it.
  app.get('/entity/:id', async (req) => (await pool.query(DETAIL_SQL, [(req.params as { id: string }).id])).rows[0]);
  app.get('/hello', async () => ({ hello: 'world' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  return { entityUrl: `http://127.0.0.1:${port}/entity/${id}`, helloUrl: `http://127.0.0.1:${port}/hello`, close: async () => { await app.close(); await pool.end(); } };
}

function pgAvailable(): string | null {
  const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
  const name = `zq_bench_${Date.now()}`;
  try {
    execSync(`psql "${base}/postgres" -qc "create database ${name}"`, { stdio: 'ignore' });
    return `${base}/${name}`;
  } catch {
    return null;
  }
}

const rows: string[] = [];
const row = (id: string, work: string, ours: string, ref: string, ratio: number, goal: string, pass: boolean) =>
  rows.push(`| ${id} | ${work} | ${ours} | ${ref} | ${ratio.toFixed(2)} | ${goal} | ${pass ? 'pass' : 'FAIL'} |`);

const pgUrl = pgAvailable();
if (pgUrl === null) {
  console.error('bench: no PostgreSQL at 127.0.0.1:5432 (set BENCH_DATABASE_URL); B5 needs it as the reference');
  process.exit(1);
}

let errors = 0;
if (only.has('b5')) {
  // Equal connection counts: bare has a pool of 10, ours 10 for the jurisdiction under test.
  const oursPg = await startOurs(await openPostgres(pgUrl, 10, 10));
  const bare = await startBare(pgUrl, oursPg.id);
  const oursLite = await startOurs(await openPglite(null));
  console.log(`B5: ${rounds} rounds × ${seconds}s, ${connections} connections, alternating ours / bare / hello / ours-on-PGlite`);
  const r: Record<'ours' | 'bare' | 'hello' | 'lite', Load[]> = { ours: [], bare: [], hello: [], lite: [] };
  for (let i = 0; i < rounds; i++) {
    r.ours.push(await load(oursPg.url, oursPg.headers));
    r.bare.push(await load(bare.entityUrl));
    r.hello.push(await load(bare.helloUrl));
    r.lite.push(await load(oursLite.url, oursLite.headers));
    console.log(`  round ${i + 1}: ours ${r.ours[i]?.rps.toFixed(0)}/s · bare ${r.bare[i]?.rps.toFixed(0)}/s · hello ${r.hello[i]?.rps.toFixed(0)}/s · ours/PGlite ${r.lite[i]?.rps.toFixed(0)}/s`);
  }
  const ratios = r.ours.map((o, i) => o.rps / (r.bare[i]?.rps ?? 1));
  const liteRatios = r.ours.map((o, i) => o.rps / (r.lite[i]?.rps ?? 1));
  const m = (k: keyof typeof r, f: keyof Load) => median(r[k].map((x) => x[f]));
  errors = [...r.ours, ...r.lite].reduce((a, x) => a + x.errors, 0);
  row('B5', 'GET /api/v1/entities/:id (session, authz, RLS, serialization), PostgreSQL', `${m('ours', 'rps').toFixed(0)} req/s, p99 ${m('ours', 'p99')} ms`, `bare Fastify + pg ${m('bare', 'rps').toFixed(0)} req/s (hello ${m('hello', 'rps').toFixed(0)})`, median(ratios), '≥ 0.60; p99 < 10 ms @50', median(ratios) >= 0.6 && m('ours', 'p99') < 10);
  row('B7/B5', 'the same on embedded PGlite', `${m('lite', 'rps').toFixed(0)} req/s, p99 ${m('lite', 'p99')} ms`, `ours on PostgreSQL ${m('ours', 'rps').toFixed(0)} req/s`, median(liteRatios), 'PostgreSQL/PGlite ≤ 4', median(liteRatios) <= 4);

  await oursPg.close();
  await bare.close();
  await oursLite.close();
}
execSync(`psql "${pgUrl.replace(/\/[^/]+$/, '/postgres')}" -qc "drop database if exists ${pgUrl.split('/').pop() ?? ''} with (force)"`, { stdio: 'ignore' });

// B1 and B2 each get a fresh database, dropped afterwards.
for (const [id, run] of [['b1', runB1], ['b2', runB2]] as const) {
  const url = only.has(id) ? pgAvailable() : null;
  if (url !== null) {
    try {
      await run({ url, full, row });
    } finally {
      execSync(`psql "${url.replace(/\/[^/]+$/, '/postgres')}" -qc "drop database if exists ${url.split('/').pop() ?? ''} with (force)"`, { stdio: 'ignore' });
    }
  }
}

const header = `| id | workload | ours | reference | ratio | goal | result |\n| --- | --- | --- | --- | --- | --- | --- |`;
const table = `${header}\n${rows.join('\n')}`;
const meta = `Run ${new Date().toISOString()} on ${process.platform} ${process.arch}, Node ${process.version}, ${rounds} rounds × ${seconds}s${full ? ' (--full)' : ' (quick)'}, ${connections} connections; PostgreSQL ${execSync(`psql "${pgUrl.replace(/\/[^/]+$/, '/postgres')}" -tAc "show server_version"`).toString().trim()} (fsync and synchronous_commit at server defaults); PGlite in memory. ${errors} errors/non-2xx responses from ours.`;
console.log(`\n${table}\n\n${meta}`);
writeFileSync(path.join(import.meta.dirname, 'last-run.md'), `${table}\n\n${meta}\n`);
process.exit(0);
