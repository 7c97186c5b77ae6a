import { sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/app-context';
import { appendAudit } from '../../platform/audit/audit-log';
import { addCalendarDays } from '../../platform/calendar/working-days';
import { shanghaiToday } from '../../platform/clock/clock';
import { queryRows, type Tx } from '../../platform/db/database';

/** Minutes between two sweeps inside `serve`. */
export const SWEEP_INTERVAL_MS = 10 * 60 * 1000;
/** The advisory lock key that lets one process sweep at a time (731500 is the migration lock). */
export const SWEEP_LOCK_KEY = 731501;

export type SweepResult = { skipped: boolean; notices: number; notifications: number };

type SweepContext = Pick<AppContext, 'db' | 'calendar' | 'clock'>;

/**
 * "deadline|working days overdue" pairs for every date from `first` up to the day before `today`,
 * as two Postgres array literals: the sweep joins them to compute days overdue in SQL.
 */
export function overdueDayTable(first: string, today: string, workingDaysBetween: (from: string, to: string) => number): { dates: string; days: string } {
  const dates: string[] = [];
  const days: number[] = [];
  for (let d = first; d < today; d = addCalendarDays(d, 1)) {
    dates.push(d);
    days.push(Math.max(1, workingDaysBetween(d, today)));
  }
  return { dates: `{${dates.join(',')}}`, days: `{${days.join(',')}}` };
}

async function sweepIn(tx: Tx, today: string, now: Date, workingDaysBetween: (from: string, to: string) => number): Promise<SweepResult> {
  const [lock] = await queryRows<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${SWEEP_LOCK_KEY}) as ok`);
  if (lock?.ok !== true) {
    return { skipped: true, notices: 0, notifications: 0 };
  }
  // The earliest open deadline bounds the day table (an index range read on problems_state_deadline_idx).
  const [first] = await queryRows<{ d: string | null }>(
    tx,
    sql`select min(deadline)::text as d from problems where state in ('assigned', 'in_progress') and deadline < ${today}::date`,
  );
  if (first === undefined || first.d === null) {
    return { skipped: false, notices: 0, notifications: 0 };
  }
  const table = overdueDayTable(first.d, today, workingDaysBetween);
  // One set-based statement: notice every newly overdue problem once per deadline, then write the
  // inbox rows of its recipients: the handler and every helping official of its project who is a
  // user, and the responsible unit's leader (organizations.leader_user_id), each once.
  // Measured (B2, bench/README.md): "noticed once" is the primary key's `on conflict do nothing`,
  // not a `not exists` anti-join — against a freshly emptied notice table the planner ran that
  // anti-join as a nested loop over the heap this very statement was filling, O(n²). The noticed
  // problems are joined back once, and handler and officials are concatenated (`union all`, the
  // official skipped when they are the handler) instead of deduplicated by a wide `union`.
  const [r] = await queryRows<{ notices: string | number; notifications: string | number; regions: string[] | null }>(
    tx,
    sql`with cal(d, n) as (select * from unnest(${table.dates}::date[], ${table.days}::int[])),
    due as (
      insert into supervision_notices (problem_id, region_code, deadline, days_overdue, created_at)
      select p.id, p.region_code, p.deadline, c.n, ${now}
      from problems p join cal c on c.d = p.deadline
      where p.state in ('assigned', 'in_progress') and p.deadline < ${today}::date
      on conflict do nothing
      returning problem_id, region_code, deadline, days_overdue
    ),
    noticed as (
      select due.problem_id, due.region_code, due.deadline, due.days_overdue, p.handler_id, p.unit_id, p.project_id, p.number, p.title
      from due join problems p on p.id = due.problem_id
    ),
    recipients as (
      select n.*, n.handler_id as user_id from noticed n where n.handler_id is not null
      union all
      select n.*, h.user_id from noticed n
        join (select distinct project_id, user_id from project_helping_officials where user_id is not null) h on h.project_id = n.project_id
      where h.user_id is distinct from n.handler_id
      union all
      select n.*, o.leader_user_id from noticed n join organizations o on o.id = n.unit_id
      where o.leader_user_id is not null and o.leader_user_id is distinct from n.handler_id
        and not exists (select 1 from project_helping_officials h where h.project_id = n.project_id and h.user_id = o.leader_user_id)
    ),
    sent as (
      insert into notifications (id, user_id, region_code, kind, title, body, link, created_at)
      select 'ntf_' || replace(gen_random_uuid()::text, '-', ''), r.user_id, r.region_code, 'supervision.overdue',
        '督办提醒：问题 ' || r.number || ' 已逾期',
        '「' || r.title || '」（' || pr.name || '）办理期限 ' || r.deadline::text || '，已逾期 ' || r.days_overdue || ' 个工作日，请抓紧办理并反馈。',
        '/problems/' || r.problem_id, ${now}
      from recipients r join projects pr on pr.id = r.project_id
      returning user_id
    )
    select (select count(*) from due) as notices, (select count(*) from sent) as notifications,
      (select array_agg(distinct region_code) from due) as regions`,
  );
  const notices = Number(r?.notices ?? 0);
  const sent = Number(r?.notifications ?? 0);
  if (notices > 0) {
    await appendAudit(tx, {
      at: now, actorUserId: null, actorOrgId: null, action: 'supervision.sweep', entityType: 'supervision_sweep', entityId: today, regionCode: null,
      before: null, after: { today, notices, notifications: sent, regions: r?.regions ?? [] },
    });
  }
  return { skipped: false, notices, notifications: sent };
}

/**
 * The supervision sweep (督导): notices every problem newly past its deadline — one notice per
 * problem and deadline — and notifies its recipients in the in-app inbox, all in one system
 * transaction with one audit row. Another process sweeping at the same moment makes this one skip.
 */
export async function sweepOverdueProblems(ctx: SweepContext, today: string = shanghaiToday(ctx.clock.now())): Promise<SweepResult> {
  const calendar = await ctx.calendar.get();
  const now = ctx.clock.now();
  return ctx.db.tx({ kind: 'system' }, (tx) => sweepIn(tx, today, now, (a, b) => calendar.workingDaysBetween(a, b)));
}

/** Runs the sweep now and every SWEEP_INTERVAL_MS; returns the stop function. */
export function startSupervisionTimer(ctx: SweepContext, log: { info(o: object, m: string): void; error(o: object, m: string): void }): () => void {
  const run = () => {
    sweepOverdueProblems(ctx).then(
      (r) => {
        if (r.notices > 0) {
          log.info(r, 'supervision sweep');
        }
      },
      (err: unknown) => log.error({ err }, 'supervision sweep failed'),
    );
  };
  run();
  const timer = setInterval(run, SWEEP_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
