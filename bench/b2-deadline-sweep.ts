// B2: the supervision sweep over N open problems vs one hand-written INSERT … SELECT on the indexed
// (state, deadline) column, and vs a naive per-row loop timed on a 10 000-row sample and extrapolated.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sweepOverdueProblems } from '../apps/server/src/modules/projects/supervision-service';
import { createCalendarService } from '../apps/server/src/platform/calendar/calendar-service';
import { shanghaiToday, systemClock } from '../apps/server/src/platform/clock/clock';
import { loadConfig } from '../apps/server/src/platform/config/config';
import { openPostgres } from '../apps/server/src/platform/db/database';
import { seedDemo } from '../apps/server/src/seed/demo-data';
import { ensureReferenceData } from '../apps/server/src/seed/reference-data';
import type { Row } from './b1-problem-transitions';

const ROUNDS = 3;
const SAMPLE = 10_000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

// Hand SQL: the same notices and inbox rows, days overdue as calendar days (no working-day table).
const REFERENCE_SQL = `with due as (
    insert into supervision_notices (problem_id, region_code, deadline, days_overdue, created_at)
    select p.id, p.region_code, p.deadline, $1::date - p.deadline, now() from problems p
    where p.state in ('assigned', 'in_progress') and p.deadline < $1::date
    on conflict do nothing returning problem_id, region_code, deadline, days_overdue
  )
  insert into notifications (id, user_id, region_code, kind, title, body, link, created_at)
  select 'ntf_' || replace(gen_random_uuid()::text, '-', ''), p.handler_id, due.region_code, 'supervision.overdue',
    '督办提醒：问题 ' || p.number || ' 已逾期', '「' || p.title || '」办理期限 ' || due.deadline::text || '，已逾期 ' || due.days_overdue || ' 天。',
    '/problems/' || p.id, now()
  from due join problems p on p.id = due.problem_id where p.handler_id is not null`;

export async function runB2(opts: { url: string; full: boolean; row: Row }): Promise<void> {
  const n = opts.full ? 1_000_000 : 100_000;
  const config = loadConfig({ ZQ_SECRET_KEY: 'a1'.repeat(32).replace(/^a1a1/, 'b2c3'), ZQ_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'zq-bench-b2-')), LOG_LEVEL: 'silent', ZQ_DEMO_PASSWORD: 'Bench-Password-2026' });
  const db = await openPostgres(opts.url, 4, 4);
  await db.migrate();
  await ensureReferenceData(db);
  await seedDemo(db, config, new Date());
  const clock = systemClock();
  const ctx = { db, clock, calendar: createCalendarService(db, clock) };
  const today = shanghaiToday(clock.now());
  const pool = new pg.Pool({ connectionString: opts.url, max: 2 });
  // N open problems, deadlines spread over today − 30 … today + 29 (half overdue), handled by dcf.handler.
  const seedStart = performance.now();
  await pool.query(
    `insert into problems (id, number, project_id, region_code, category, severity, title, description, state, reporter_id, unit_id, handler_id, deadline, assigned_on, version, created_at, updated_at)
     select 'prb_' || lpad(to_hex(g), 32, '0'), 'B2-' || g, (select id from projects where region_code = '371502' order by id limit 1), '371502',
       (select category from problems order by id limit 1), 'general', '基准测试问题 ' || g, '基准测试',
       case when g % 2 = 0 then 'assigned' else 'in_progress' end,
       (select id from users where username = 'dcf.owner'), (select organization_id from users where username = 'dcf.handler'),
       (select id from users where username = 'dcf.handler'), $2::date - 30 + (g % 60), $2::date - 40, 1, now(), now()
     from generate_series(1, $1::int) g`,
    [n, today],
  );
  await pool.query('vacuum analyze problems');
  const overdue = Number((await pool.query<{ n: string }>(`select count(*) as n from problems where state in ('assigned', 'in_progress') and deadline < $1::date`, [today])).rows[0]?.n ?? 0);
  console.log(`B2: ${n} open problems seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s, ${overdue} overdue; ${ROUNDS} rounds alternating sweep / hand SQL`);

  const reset = async () => {
    await pool.query('truncate supervision_notices, notifications');
    await pool.query('vacuum analyze supervision_notices, notifications');
  };
  const timed = async (f: () => Promise<unknown>) => {
    await reset();
    const t = performance.now();
    await f();
    return (performance.now() - t) / 1000;
  };
  const noticeCount = async () => Number((await pool.query<{ n: string }>('select count(*) as n from supervision_notices')).rows[0]?.n ?? 0);

  const ours: number[] = [];
  const ref: number[] = [];
  let wrong = 0;
  for (let i = 0; i < ROUNDS; i++) {
    ours.push(await timed(() => sweepOverdueProblems(ctx, today)));
    wrong += (await noticeCount()) === overdue ? 0 : 1;
    ref.push(await timed(() => pool.query(REFERENCE_SQL, [today])));
    wrong += (await noticeCount()) === overdue ? 0 : 1;
    console.log(`  round ${i + 1}: sweep ${ours[i]?.toFixed(2)} s · hand SQL ${ref[i]?.toFixed(2)} s`);
  }

  // Naive: fetch the overdue rows, then per row check, insert the notice and the inbox row (one transaction, three round trips a row).
  await reset();
  const c = await pool.connect();
  const t = performance.now();
  try {
    await c.query('begin');
    const due = await c.query<{ id: string; region_code: string; deadline: string; handler_id: string; number: string; title: string }>(
      `select id, region_code, deadline::text, handler_id, number, title from problems where state in ('assigned', 'in_progress') and deadline < $1::date limit ${SAMPLE}`,
      [today],
    );
    for (const p of due.rows) {
      const seen = await c.query('select 1 from supervision_notices where problem_id = $1 and deadline = $2', [p.id, p.deadline]);
      if (seen.rowCount === 0) {
        await c.query('insert into supervision_notices (problem_id, region_code, deadline, days_overdue, created_at) values ($1, $2, $3, $4::date - $3::date, now())', [p.id, p.region_code, p.deadline, today]);
        await c.query(
          `insert into notifications (id, user_id, region_code, kind, title, body, link, created_at) values ('ntf_' || replace(gen_random_uuid()::text, '-', ''), $1, $2, 'supervision.overdue', $3, $4, $5, now())`,
          [p.handler_id, p.region_code, `督办提醒：问题 ${p.number} 已逾期`, `「${p.title}」办理期限 ${p.deadline}`, `/problems/${p.id}`],
        );
      }
    }
    await c.query('commit');
  } finally {
    c.release();
  }
  const naive = ((performance.now() - t) / 1000) * (overdue / SAMPLE);
  await reset();

  const oursS = median(ours);
  const ratio = median(ours.map((o, i) => o / (ref[i] ?? 1)));
  opts.row(
    'B2',
    `sweepOverdueProblems over ${n} open problems (${overdue} overdue): notices + inbox rows + audit, one statement`,
    `${oursS.toFixed(2)} s (${(overdue / oursS).toFixed(0)} items/s)${wrong > 0 ? `; ${wrong} runs with a wrong count` : ''}`,
    `hand SQL INSERT … SELECT on (state, deadline) ${median(ref).toFixed(2)} s; naive per-row loop ≈ ${naive.toFixed(1)} s (${SAMPLE} rows timed, extrapolated) = ${(naive / oursS).toFixed(1)} × ours`,
    ratio,
    '≤ 2 × hand SQL; ≥ 20 × faster than naive',
    ratio <= 2 && naive / oursS >= 20 && wrong === 0,
  );
  await db.close();
  await pool.end();
}
