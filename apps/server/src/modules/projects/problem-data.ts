import type { ProblemSummary } from '@zhengqi/contracts/projects';
import { and, asc, count, desc, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { pageTotal } from '../../platform/db/paging';
import { auditAdded, auditInsertFrom, auditStatementValues, type AuditEntry } from '../../platform/audit/audit-log';
import { preparedStatement, queryRows, type Tx } from '../../platform/db/database';
import { organizations, users } from '../../platform/db/schema';
import { daysOverdue, type ProblemFacts } from './problem-flow';
import { marketEntities } from '../registry/schema';
import { problemEvents, problems, projects } from './schema';

export type ProblemRow = typeof problems.$inferSelect;
/** Who is asking for "my tasks": the problems on which this caller can act now. */
export type WaitingFor = { userId: string; unitId: string; dispatch: boolean; handle: boolean; report: boolean };
/** `owner`: a caller acting for a market entity sees its own projects' problems and those it reported. */
export type ProblemFilter = { state?: string; projectId?: string; overdue?: boolean; q?: string; waitingFor?: WaitingFor; owner?: { uscc: string; userId: string }; today: string };
type WorkingDays = { workingDaysBetween(from: string, to: string): number };

const OPEN_FOR_DEADLINE = sql`${problems.state} in ('assigned', 'in_progress')`;

/** The facts the pure rules read, from a stored row. */
export function factsOf(r: ProblemRow): ProblemFacts {
  return {
    state: r.state,
    severity: r.severity,
    reporterId: r.reporterId,
    unitId: r.unitId,
    handlerId: r.handlerId,
    coUnitIds: r.coUnitIds,
    deadline: r.deadline,
    deadlineProvisional: r.deadlineProvisional,
    assignedOn: r.assignedOn,
    extension: r.extension ?? null,
    reopenings: r.reopenings,
    feedbackOn: r.feedbackOn,
    closedOn: r.closedOn,
    version: r.version,
  };
}

export function summaryOf(r: ProblemRow, projectName: string, unitName: string | null, today: string, calendar: WorkingDays): ProblemSummary {
  return {
    id: r.id,
    number: r.number,
    projectId: r.projectId,
    projectName,
    regionCode: r.regionCode,
    category: r.category,
    severity: r.severity,
    title: r.title,
    state: r.state,
    unitId: r.unitId,
    unitName,
    handlerId: r.handlerId,
    deadline: r.deadline,
    deadlineProvisional: r.deadlineProvisional,
    overdue: r.deadline !== null && r.deadline < today && (r.state === 'assigned' || r.state === 'in_progress'),
    daysOverdue: daysOverdue(r, today, calendar),
    reopenings: r.reopenings,
    version: r.version,
  };
}

/** One page of problems visible to the jurisdiction; overdue first, then by deadline and number. */
export async function selectProblemPage(tx: Tx, f: ProblemFilter, page: number, pageSize: number, calendar: WorkingDays) {
  const conds: SQL[] = [];
  if (f.q !== undefined && f.q !== '') {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(sql`(${problems.number} ilike ${like} or ${problems.title} ilike ${like})`);
  }
  if (f.waitingFor !== undefined) {
    conds.push(waitingCondition(f.waitingFor));
  }
  if (f.owner !== undefined) {
    conds.push(ownedBy(f.owner.uscc, f.owner.userId));
  }
  if (f.state !== undefined) {
    conds.push(sql`${problems.state} = ${f.state}`);
  }
  if (f.projectId !== undefined) {
    conds.push(eq(problems.projectId, f.projectId));
  }
  const overdue = sql`(${problems.deadline} < ${f.today} and ${OPEN_FOR_DEADLINE})`;
  if (f.overdue !== undefined) {
    conds.push(f.overdue ? overdue : sql`not coalesce(${overdue}, false)`);
  }
  const where = conds.length > 0 ? and(...conds) : undefined;
  const rows = await tx
    .select({ r: problems, projectName: projects.name, unitName: organizations.name, total: sql<number>`count(*) over ()` })
    .from(problems)
    .innerJoin(projects, eq(projects.id, problems.projectId))
    .leftJoin(organizations, eq(organizations.id, problems.unitId))
    .where(where)
    .orderBy(desc(sql`coalesce(${overdue}, false)`), asc(problems.deadline), asc(problems.number))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const total = await pageTotal(rows, page, async () => (await tx.select({ n: count() }).from(problems).where(where))[0]?.n);
  return { total, items: rows.map((x) => summaryOf(x.r, x.projectName, x.unitName, f.today, calendar)) };
}

/**
 * The problems on which the caller can act now, by the parties of the transition table: a dispatcher
 * assigns collected problems, decides pending extensions and closes confirmed ones; the handler (or a
 * member of the assigned unit) accepts, works and feeds back; the reporter confirms the feedback.
 */
function waitingCondition(w: WaitingFor): SQL {
  const parts: SQL[] = [];
  if (w.dispatch) {
    parts.push(sql`${problems.state} in ('collected', 'awaiting_closure')`);
    parts.push(sql`(${problems.state} = 'in_progress' and ${problems.extension}->>'status' = 'pending')`);
  }
  if (w.handle) {
    parts.push(sql`(${problems.state} in ('assigned', 'in_progress') and (${problems.handlerId} = ${w.userId} or ${problems.unitId} = ${w.unitId}))`);
  }
  if (w.report) {
    parts.push(sql`(${problems.state} = 'feedback_submitted' and ${problems.reporterId} = ${w.userId})`);
  }
  return parts.length === 0 ? sql`false` : sql`(${sql.join(parts, sql` or `)})`;
}

/** Problems on projects owned by the market entity with this USCC, or reported by this user. */
function ownedBy(uscc: string, userId: string): SQL {
  return sql`(${problems.reporterId} = ${userId} or ${problems.projectId} in (select p.id from ${projects} p join ${marketEntities} me on me.id = p.owner_entity_id where me.uscc = ${uscc}))`;
}

// The transition path's statements are built once per database handle (on PostgreSQL one per pooled
// connection) and run as named prepared statements: B1 measured drizzle's query building at about
// three times the cost of sending the statement.
function prepared<Q>(cache: WeakMap<Tx, Q>, tx: Tx, build: (tx: Tx) => Q): Q {
  let q = cache.get(tx);
  if (q === undefined) {
    q = build(tx);
    cache.set(tx, q);
  }
  return q;
}

const handlers = alias(users, 'handler');

type TimelineJson = { seq: number; at: string; actorId: string; action: string; fromState: string | null; toState: string; note: string | null; actorName: string | null };

function buildDetailQuery(tx: Tx) {
  return tx
    .select({
      r: problems, projectName: projects.name, unitName: organizations.name, handlerName: handlers.displayName,
      timeline: sql<TimelineJson[]>`(select coalesce(json_agg(json_build_object('seq', ev.seq, 'at', ev.at, 'actorId', ev.actor_id, 'action', ev.action,
        'fromState', ev.from_state, 'toState', ev.to_state, 'note', ev.note, 'actorName', u.display_name) order by ev.seq), '[]'::json)
        from ${problemEvents} ev left join ${users} u on u.id = ev.actor_id where ev.problem_id = ${problems.id})`,
    })
    .from(problems)
    .innerJoin(projects, eq(projects.id, problems.projectId))
    .leftJoin(organizations, eq(organizations.id, problems.unitId))
    .leftJoin(handlers, eq(handlers.id, problems.handlerId))
    .where(eq(problems.id, sql.placeholder('id')))
    .prepare('zq_problem_detail');
}
const detailQueries = new WeakMap<Tx, ReturnType<typeof buildDetailQuery>>();

export type TimelineEntry = { e: { seq: number; at: Date; actorId: string; action: string; fromState: string | null; toState: string; note: string | null }; actorName: string | null };
/** A problem as its detail shows it: the row, the names it refers to, its timeline oldest first. */
export type ProblemDetailRow = { row: ProblemRow; projectName: string; unitName: string | null; handlerName: string | null; events: TimelineEntry[] };

/** The problem with its project, unit and handler names and its timeline (oldest first), in one statement. */
export async function selectProblemDetail(tx: Tx, id: string): Promise<ProblemDetailRow | undefined> {
  const [row] = await prepared(detailQueries, tx, buildDetailQuery).execute({ id });
  if (row === undefined) {
    return undefined;
  }
  const events = row.timeline.map(({ actorName, ...e }) => ({ e: { ...e, at: new Date(e.at) }, actorName }));
  return { row: row.r, projectName: row.projectName, unitName: row.unitName, handlerName: row.handlerName, events };
}

/** The columns an action of the problem loop may write (every action writes them all). */
export type ProblemChange = Pick<ProblemRow, 'state' | 'unitId' | 'handlerId' | 'coUnitIds' | 'deadline' | 'deadlineProvisional' | 'assignedOn' | 'extension' | 'reopenings'
  | 'feedbackOn' | 'closedOn' | 'result' | 'closingNote' | 'rejectReason' | 'version' | 'updatedAt'>;

const problemColumns = Object.entries(getTableColumns(problems));

/** A problems row as the database returned it (column names, raw values) → as drizzle's select gives it. */
function problemRowOf(raw: Record<string, unknown>): ProblemRow {
  const row: Record<string, unknown> = {};
  for (const [key, column] of problemColumns) {
    const v = raw[column.name];
    row[key] = v === null || v === undefined ? null : column.mapFromDriverValue(v);
  }
  return row as ProblemRow;
}

const p = (name: string) => sql.placeholder(name);

// One statement, so one transaction even without BEGIN/COMMIT (decision 0016): the compare-and-swap
// update, then — only if it took — the timeline event numbered after the last one and the audit
// record; it returns the new row with the names the reply needs. Every CTE of a data-modifying WITH
// runs exactly once and to completion, whether or not the final SELECT reads it.
const transitionStatement = preparedStatement<Record<string, unknown> & { event_seq: number; unit_name: string | null; handler_name: string | null; actor_name: string | null }>(
  'zq_problem_transition',
  sql`with upd as (
      update problems set state = ${p('state')}::text, unit_id = ${p('unitId')}::text, handler_id = ${p('handlerId')}::text, co_unit_ids = ${p('coUnitIds')}::text[],
        deadline = ${p('deadline')}::date, deadline_provisional = ${p('deadlineProvisional')}::boolean, assigned_on = ${p('assignedOn')}::date,
        extension = ${p('extension')}::jsonb, reopenings = ${p('reopenings')}::integer, feedback_on = ${p('feedbackOn')}::date, closed_on = ${p('closedOn')}::date,
        result = ${p('result')}::text, closing_note = ${p('closingNote')}::text, reject_reason = ${p('rejectReason')}::text,
        version = ${p('version')}::integer, updated_at = ${p('updatedAt')}::timestamptz
      where id = ${p('id')}::text and version = ${p('expectedVersion')}::integer
      returning *
    ), ev as (
      insert into problem_events (problem_id, region_code, seq, at, actor_id, action, from_state, to_state, note)
      select upd.id, upd.region_code, coalesce((select max(e.seq) from problem_events e where e.problem_id = upd.id), 0) + 1,
        ${p('at')}::timestamptz, ${p('actorId')}::text, ${p('action')}::text, ${p('fromState')}::text, ${p('toState')}::text, ${p('note')}::text
      from upd
      returning seq
    ), au as (${auditInsertFrom(sql`upd`)})
    select upd.*, (select seq from ev) as event_seq, o.name as unit_name, h.display_name as handler_name, a.display_name as actor_name
    from upd left join organizations o on o.id = upd.unit_id left join users h on h.id = upd.handler_id left join users a on a.id = ${p('actorId')}::text`,
);

export type Transition = {
  id: string;
  expectedVersion: number;
  change: ProblemChange;
  event: { at: Date; actorId: string; action: string; fromState: string | null; toState: string; note: string | null };
  audit: AuditEntry;
};

/**
 * Writes one action of the problem loop in ONE statement: the change if the stored version is still
 * `expectedVersion` (compare-and-swap), its timeline event and its audit record. The new row with
 * its unit and handler names and the new event, or undefined when the version moved on (nothing written).
 */
export async function writeTransition(tx: Tx, t: Transition): Promise<{ row: ProblemRow; unitName: string | null; handlerName: string | null; event: TimelineEntry } | undefined> {
  const { change, event } = t;
  const [r] = await transitionStatement(tx, {
    ...change,
    coUnitIds: [...change.coUnitIds],
    // Placeholders skip the column mappers: jsonb as JSON text, as drizzle's jsonb column writes it.
    extension: change.extension === null || change.extension === undefined ? null : JSON.stringify(change.extension),
    id: t.id,
    expectedVersion: t.expectedVersion,
    ...event,
    ...auditStatementValues(t.audit),
  });
  if (r === undefined) {
    return undefined;
  }
  auditAdded(tx);
  return {
    row: problemRowOf(r),
    unitName: r.unit_name,
    handlerName: r.handler_name,
    event: { e: { seq: Number(r.event_seq), ...event }, actorName: r.actor_name },
  };
}

/** Appends the next timeline event, numbered in the same statement (the caller holds the problem's row lock, so seq cannot race). */
export async function insertProblemEvent(
  tx: Tx,
  e: { problemId: string; regionCode: string; at: Date; actorId: string; action: string; fromState: string | null; toState: string; note: string | null },
): Promise<void> {
  await tx.execute(sql`insert into ${problemEvents} (problem_id, region_code, seq, at, actor_id, action, from_state, to_state, note)
    select ${e.problemId}::text, ${e.regionCode}::text, coalesce(max(seq), 0) + 1, ${e.at}::timestamptz, ${e.actorId}::text, ${e.action}::text, ${e.fromState}::text, ${e.toState}::text, ${e.note}::text
    from ${problemEvents} where problem_id = ${e.problemId}`);
}

/** The next city-wide problem serial. */
export async function nextProblemSerial(tx: Tx): Promise<number> {
  const [r] = await queryRows<{ n: string | number }>(tx, sql`select nextval('problem_number_seq') as n`);
  return Number(r?.n ?? 0);
}

/** Organizations among `ids` visible to the jurisdiction. */
export async function visibleOrganizations(tx: Tx, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) {
    return new Set();
  }
  const rows = await tx.select({ id: organizations.id }).from(organizations).where(inArray(organizations.id, [...ids]));
  return new Set(rows.map((r) => r.id));
}

/** The organization of a user visible to the jurisdiction. */
export async function userOrganization(tx: Tx, userId: string): Promise<string | undefined> {
  const [r] = await tx.select({ org: users.organizationId }).from(users).where(eq(users.id, userId));
  return r?.org;
}
