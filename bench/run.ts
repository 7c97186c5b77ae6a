// `npm run bench`: ours vs a reference in the same process run, alternating A B A B, median ratio.
// Quick sizes by default; `--full` for longer rounds. Loopback only; every run stops by itself.
import { execSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../apps/server/src/app';
import { createCalendarService } from '../apps/server/src/platform/calendar/calendar-service';
import { systemClock } from '../apps/server/src/platform/clock/clock';
import { loadConfig } from '../apps/server/src/platform/config/config';
import { openPglite, openPostgres, queryRows, type Database } from '../apps/server/src/platform/db/database';
import { createRegionDirectory } from '../apps/server/src/platform/regions/region-directory';
import { seedDemo } from '../apps/server/src/seed/demo-data';
import { ensureReferenceData } from '../apps/server/src/seed/reference-data';
import { runB1 } from './b1-problem-transitions';
import { runB2 } from './b2-deadline-sweep';
import { runB3 } from './b3-loan-schedules';
import { runB6 } from './b6-screening';

const full = process.argv.includes('--full');
// b5 = b5e (entity read) + b5p (project read).
const only = new Set((process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length) ?? 'b1,b2,b3,b5,b6').split(',').flatMap((x) => (x === 'b5' ? ['b5e', 'b5p'] : [x])));
const seconds = full ? 10 : 3;
const rounds = 3;
const connections = 50;
const PASSWORD = 'Bench-Password-2026';

type Load = { rps: number; p99: number; errors: number };

const DETAIL_SQL = `select e.*,
  (select coalesce(json_agg(json_build_object('month', h.month, 'pensionContributors', h.pension_contributors) order by h.month), '[]'::json) from entity_headcounts h where h.entity_id = e.id) as heads,
  (select coalesce(json_agg(json_build_object('month', p.month, 'wages', p.wages, 'socialInsurance', p.social_insurance) order by p.month desc), '[]'::json) from entity_payment_records p where p.entity_id = e.id) as pays
  from market_entities e where e.id = $1`;

// Hand SQL for one project as our GET /api/v1/projects/:id returns it: the row with its owner's
// name and this year's completed investment, and its progress reports, helping officials, five
// responsible parties and procedures, as JSON in one statement.
const PROJECT_SQL = `select p.*, me.name as owner_name,
  coalesce((select sum(r.investment_completed_fen) from project_progress_reports r where r.project_id = p.id and r.month like p.year::text || '-%'), 0) as completed,
  (select coalesce(json_agg(r order by r.month), '[]'::json) from project_progress_reports r where r.project_id = p.id) as reports,
  (select coalesce(json_agg(h order by h.position), '[]'::json) from project_helping_officials h where h.project_id = p.id) as officials,
  (select coalesce(json_agg(x order by x.kind), '[]'::json) from project_parties x where x.project_id = p.id) as parties,
  (select coalesce(json_agg(c order by c.kind), '[]'::json) from project_procedures c where c.project_id = p.id) as procedures
  from projects p left join market_entities me on me.id = p.owner_entity_id where p.id = $1`;

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
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const login = async (username: string) => {
    const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
    return { cookie: (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
  };
  // The entity read as city.registry; the project read as dcf.dispatcher, on the demo project with the most parts.
  const entity = await login('city.registry');
  const list = (await (await fetch(`${base}/api/v1/entities?pageSize=1`, { headers: entity })).json()) as { items: Array<{ id: string }> };
  const id = list.items[0]?.id ?? '';
  const project = await login('dcf.dispatcher');
  const [top] = await db.tx({ kind: 'system' }, (tx) => queryRows<{ id: string }>(tx, sql`select p.id from projects p where p.region_code = '371502' order by
    (select count(*) from project_progress_reports r where r.project_id = p.id) + (select count(*) from project_helping_officials h where h.project_id = p.id)
    + (select count(*) from project_parties x where x.project_id = p.id) + (select count(*) from project_procedures c where c.project_id = p.id) desc, p.id limit 1`));
  const projectId = top?.id ?? '';
  return {
    url: `${base}/api/v1/entities/${id}`, headers: entity, id,
    projectUrl: `${base}/api/v1/projects/${projectId}`, projectHeaders: project, projectId,
    close: () => app.close(),
  };
}

async function startBare(url: string, id: string, projectId: string) {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const app = Fastify();
  // The same statement our detail read runs (row + 24-month histories as JSON), without the platform around it.
  app.get('/entity/:id', async (req) => (await pool.query(DETAIL_SQL, [(req.params as { id: string }).id])).rows[0]);
  // The project with everything our project read returns, in one hand-written statement.
  app.get('/project/:id', async (req) => (await pool.query(PROJECT_SQL, [(req.params as { id: string }).id])).rows[0]);
  app.get('/hello', async () => ({ hello: 'world' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  return {
    entityUrl: `http://127.0.0.1:${port}/entity/${id}`, projectUrl: `http://127.0.0.1:${port}/project/${projectId}`, helloUrl: `http://127.0.0.1:${port}/hello`,
    close: async () => { await app.close(); await pool.end(); },
  };
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
if (only.has('b5e') || only.has('b5p')) {
  // Equal connection counts: bare has a pool of 10, ours 10 for the jurisdiction under test.
  const oursPg = await startOurs(await openPostgres(pgUrl, 10, 10));
  const bare = await startBare(pgUrl, oursPg.id, oursPg.projectId);
  const oursLite = await startOurs(await openPglite(null));
  type Key = 'ours' | 'bare' | 'hello' | 'lite' | 'pOurs' | 'pBare' | 'pLite';
  const r: Record<Key, Load[]> = { ours: [], bare: [], hello: [], lite: [], pOurs: [], pBare: [], pLite: [] };
  console.log(`B5: ${rounds} rounds × ${seconds}s, ${connections} connections, alternating${only.has('b5e') ? ' entity: ours / bare / hello / ours-on-PGlite;' : ''}${only.has('b5p') ? ' project: ours / bare / ours-on-PGlite' : ''}`);
  for (let i = 0; i < rounds; i++) {
    const line: string[] = [];
    if (only.has('b5e')) {
      r.ours.push(await load(oursPg.url, oursPg.headers));
      r.bare.push(await load(bare.entityUrl));
      r.hello.push(await load(bare.helloUrl));
      r.lite.push(await load(oursLite.url, oursLite.headers));
      line.push(`entity: ours ${r.ours[i]?.rps.toFixed(0)}/s · bare ${r.bare[i]?.rps.toFixed(0)}/s · hello ${r.hello[i]?.rps.toFixed(0)}/s · ours/PGlite ${r.lite[i]?.rps.toFixed(0)}/s`);
    }
    if (only.has('b5p')) {
      r.pOurs.push(await load(oursPg.projectUrl, oursPg.projectHeaders));
      r.pBare.push(await load(bare.projectUrl));
      r.pLite.push(await load(oursLite.projectUrl, oursLite.projectHeaders));
      line.push(`project: ours ${r.pOurs[i]?.rps.toFixed(0)}/s · bare ${r.pBare[i]?.rps.toFixed(0)}/s · ours/PGlite ${r.pLite[i]?.rps.toFixed(0)}/s`);
    }
    console.log(`  round ${i + 1}: ${line.join(' | ')}`);
  }
  const ratio = (a: Key, b: Key) => median(r[a].map((o, i) => o.rps / (r[b][i]?.rps ?? 1)));
  const m = (k: Key, f: keyof Load) => median(r[k].map((x) => x[f]));
  errors = [...r.ours, ...r.lite, ...r.pOurs, ...r.pLite].reduce((a, x) => a + x.errors, 0);
  if (only.has('b5e')) {
    row('B5', 'GET /api/v1/entities/:id (session, authz, RLS, serialization), PostgreSQL', `${m('ours', 'rps').toFixed(0)} req/s, p99 ${m('ours', 'p99')} ms`, `bare Fastify + pg ${m('bare', 'rps').toFixed(0)} req/s (hello ${m('hello', 'rps').toFixed(0)})`, ratio('ours', 'bare'), '≥ 0.60; p99 < 10 ms @50', ratio('ours', 'bare') >= 0.6 && m('ours', 'p99') < 10);
    row('B7/B5', 'the same on embedded PGlite', `${m('lite', 'rps').toFixed(0)} req/s, p99 ${m('lite', 'p99')} ms`, `ours on PostgreSQL ${m('ours', 'rps').toFixed(0)} req/s`, ratio('ours', 'lite'), 'PostgreSQL/PGlite ≤ 4', ratio('ours', 'lite') <= 4);
  }
  if (only.has('b5p')) {
    row('B5', 'GET /api/v1/projects/:id as dcf.dispatcher (project, owner, completed investment, progress reports, officials, parties, procedures with working-day deadlines), PostgreSQL', `${m('pOurs', 'rps').toFixed(0)} req/s, p99 ${m('pOurs', 'p99')} ms`, `bare Fastify + pg, one hand-written SELECT of the same data: ${m('pBare', 'rps').toFixed(0)} req/s`, ratio('pOurs', 'pBare'), '≥ 0.60; p99 < 10 ms @50', ratio('pOurs', 'pBare') >= 0.6 && m('pOurs', 'p99') < 10);
    row('B7/B5', 'the project read on embedded PGlite', `${m('pLite', 'rps').toFixed(0)} req/s, p99 ${m('pLite', 'p99')} ms`, `ours on PostgreSQL ${m('pOurs', 'rps').toFixed(0)} req/s`, ratio('pOurs', 'pLite'), 'PostgreSQL/PGlite ≤ 4', ratio('pOurs', 'pLite') <= 4);
  }

  await oursPg.close();
  await bare.close();
  await oursLite.close();
}
execSync(`psql "${pgUrl.replace(/\/[^/]+$/, '/postgres')}" -qc "drop database if exists ${pgUrl.split('/').pop() ?? ''} with (force)"`, { stdio: 'ignore' });

// B1, B2, B3 and B6 each get a fresh database, dropped afterwards.
for (const [id, run] of [['b1', runB1], ['b2', runB2], ['b3', runB3], ['b6', runB6]] as const) {
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
