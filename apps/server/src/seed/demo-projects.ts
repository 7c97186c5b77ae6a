import { DEFAULT_DEADLINE_DAYS, type ProblemCategory, type ProblemState } from '@zhengqi/contracts/problems';
import { eq, inArray, sql } from 'drizzle-orm';
import { applyAction, type ApplyContext, type ApplyResult, type ProblemFacts } from '../modules/projects/problem-flow';
import { problemEvents, problems, projectProgressReports, projects } from '../modules/projects/schema';
import { marketEntities } from '../modules/registry/schema';
import { ANCHORS, BRANDS, CENTI_YI, DEMO_OWNER_NAME, INFRA, MONTH_WEIGHT, type OwnerSeed, PARKS, PLANNING_NAMES, type ProjectPlan, PUBLIC_OWNERS, REGION, ROADS, type Scenario, SCENARIOS, SCHOOLS, SENIOR_NAMES, type Slot, SLOTS, STAGES, type Start, type Status, type Step, STREETS, TEXTS, TOTAL_INVESTMENT_FEN, TOWNS, TRADES, VILLAGES, WAN, type Who, WHO } from './demo-project-figures';
import { seedDemoProjectParts } from './demo-project-parts';
import { makeUscc } from '../modules/registry/uscc';
import { createWorkingCalendar, type WorkingCalendar } from '../platform/calendar/working-days';
import { shanghaiToday } from '../platform/clock/clock';
import { queryRows, type Tx } from '../platform/db/database';
import { organizations, users } from '../platform/db/schema';
import { newId } from '../platform/ids/ids';
import { intBetween, pick, prng, type Rand } from './random';

// The Dongchangfu key-project registry the seed page describes, reproducing its consistent figures
// (docs/seed-figures.md): 157 projects, 1537.4亿元 in total; 96 implementation-class, 45 of them
// industrial (46.9 %) and 51 education, shanty-town renovation and infrastructure; 27 provincial or
// municipal implementation-class projects; everything else district-level. Deterministic: the same
// clock gives the same rows (only ids differ).

const between = (rand: Rand, lo: number, hi: number) => lo + rand() * (hi - lo);

// ---------------------------------------------------------------------------------------------
// Civil dates (Asia/Shanghai 'YYYY-MM-DD'), computed on UTC midnights so the process zone never matters.

const DAY_MS = 86_400_000;
const toDay = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const fromDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (iso: string, n: number) => fromDay(toDay(iso) + n * DAY_MS);
const minDate = (a: string, b: string) => (a < b ? a : b);
const pad2 = (n: number) => String(n).padStart(2, '0');

/** The working day `n` working days before `date` (n ≥ 1). */
function workdayBefore(calendar: WorkingCalendar, date: string, n: number): string {
  let d = date;
  for (let left = n; left > 0; ) {
    d = addDays(d, -1);
    if (calendar.isWorkingDay(d)) {
      left -= 1;
    }
  }
  return d;
}

/** Raw total investment in 0.01亿元 before scaling to the page's total. */
function rawTotal(rand: Rand, s: Slot): number {
  if (s.cls === 'planning') {
    return Math.round(between(rand, 300, 3200));
  }
  if (s.level === 'provincial') {
    return Math.round(between(rand, 2000, 6000));
  }
  if (s.level === 'municipal') {
    return Math.round(between(rand, 800, 3000));
  }
  const range: Record<string, [number, number]> = { industrial: [200, 1200], education: [80, 400], shanty_town: [300, 1500], infrastructure: [100, 800] };
  const [lo, hi] = range[s.sector] ?? [100, 800];
  return Math.round(between(rand, lo, hi));
}

function uniqueName(taken: Set<string>, name: string): string {
  let out = name;
  for (const phase of ['二期', '三期', '四期', '五期']) {
    if (!taken.has(out)) {
      break;
    }
    out = /(项目|工程)$/.test(name) ? name.replace(/(项目|工程)$/, `${phase}$1`) : `${name}（${phase}）`;
  }
  taken.add(out);
  return out;
}

type Draft = { name: string; owner: ProjectPlan['owner']; location: string };

function draft(rand: Rand, s: Slot): Draft {
  const place = pick(rand, [...STREETS, ...TOWNS]);
  let name: string;
  let owner: ProjectPlan['owner'];
  let location = `东昌府区${place}`;
  switch (s.sector) {
    case 'industrial': {
      const trade = pick(rand, TRADES);
      const brand = pick(rand, BRANDS);
      const product = pick(rand, trade.products);
      owner = { brand, trade: trade.word };
      location = `东昌府区${pick(rand, PARKS).replace(/^东昌府区/, '')}`;
      const r = rand();
      name = s.level !== 'district' || r < 0.3 ? `东昌府区${product}产业园项目` : r < 0.7 ? `年产${pick(rand, trade.outputs)}${product}项目` : `${brand}${product}生产线技改项目`;
      if (s.cls === 'planning') {
        name = r < 0.5 ? `${brand}${product}产业化基地项目` : `东昌府区${product}产业集群项目`;
      }
      break;
    }
    case 'education':
      owner = 'education';
      name = s.cls === 'planning' ? `东昌府区${pick(rand, PLANNING_NAMES.education)}项目` : s.level !== 'district' ? pick(rand, SENIOR_NAMES.education) : `东昌府区${place}${pick(rand, SCHOOLS)}建设项目`;
      break;
    case 'shanty_town':
      owner = rand() < 0.5 ? 'chengtou' : 'renewal';
      name = s.level !== 'district' ? pick(rand, SENIOR_NAMES.shanty_town) : pick(rand, [`${pick(rand, VILLAGES)}片区棚改安置房建设项目`, `${place}${pick(rand, VILLAGES)}村城中村改造项目`, `${place}老旧小区改造项目`, `${pick(rand, VILLAGES)}片区旧城改造项目`]);
      break;
    case 'infrastructure':
      name = s.cls === 'planning' ? `${pick(rand, PLANNING_NAMES.infrastructure)}项目` : s.level !== 'district' ? pick(rand, SENIOR_NAMES.infrastructure) : `${pick(rand, ROADS)}${pick(rand, INFRA)}`;
      owner = /水|污/.test(name) ? 'water' : 'chengtou';
      break;
    case 'culture_tourism':
      owner = 'oldTown';
      name = `${pick(rand, PLANNING_NAMES.culture_tourism)}项目`;
      break;
    case 'healthcare':
      owner = 'health';
      name = `东昌府区${pick(rand, PLANNING_NAMES.healthcare)}项目`;
      break;
    case 'agriculture':
      owner = 'agri';
      name = `东昌府区${place}${pick(rand, PLANNING_NAMES.agriculture)}项目`;
      break;
    case 'other':
      owner = 'chengtou';
      name = `东昌府区${pick(rand, PLANNING_NAMES.other)}项目`;
      break;
  }
  return { name, owner, location };
}

function generatedPlan(rand: Rand, s: Slot, taken: Set<string>): ProjectPlan {
  // A few draws for a fresh name before a phase (二期, 三期 …) tells two projects apart.
  let d = draft(rand, s);
  for (let tries = 0; tries < 6 && taken.has(d.name); tries++) {
    d = draft(rand, s);
  }
  const { name, owner, location } = d;
  const total = rawTotal(rand, s);
  if (s.cls === 'planning') {
    return { name: uniqueName(taken, name), owner, cls: s.cls, level: s.level, sector: s.sector, total, planShare: 0, start: { kind: 'none' }, pace: 0, location };
  }
  // About a third are continuing from earlier years; the rest are planned to start this year.
  // Provincial and municipal projects "must all start": they are planned early and start late at worst.
  const continuing = rand() < 0.33;
  const senior = s.level !== 'district';
  const start: Start = continuing
    ? { kind: 'continuing', yearsAgo: rand() < 0.75 ? 1 : 2, month: intBetween(rand, 3, 11) }
    : { kind: 'new', month: senior ? intBetween(rand, 2, 6) : intBetween(rand, 2, 10), day: intBetween(rand, 1, 28), delay: senior || rand() < 0.85 ? intBetween(rand, 0, 40) : null };
  const completesInMonth = continuing && s.level === 'district' && s.sector !== 'industrial' && rand() < 0.3 ? intBetween(rand, 5, 11) : undefined;
  return {
    name: uniqueName(taken, name), owner, cls: s.cls, level: s.level, sector: s.sector, total,
    planShare: completesInMonth === undefined ? between(rand, continuing ? 0.2 : 0.12, continuing ? 0.42 : 0.35) : between(rand, 0.5, 0.9),
    start, pace: between(rand, 0.7, 1.2), ...(completesInMonth === undefined ? {} : { completesInMonth }), location,
  };
}

/** Scales the generated totals so that everything adds up to exactly `target` (largest remainder, deterministic). */
function scaleTo(values: readonly number[], target: number): number[] {
  const sum = values.reduce((a, b) => a + b, 0);
  const exact = values.map((v) => (v * target) / sum);
  const floors = exact.map(Math.floor);
  let left = target - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((v, i) => ({ i, frac: v - Math.floor(v) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) {
      break;
    }
    floors[i] = (floors[i] ?? 0) + 1;
    left -= 1;
  }
  return floors;
}

/** All 157 plans in number order: the ten anchors, then the generated ones in a seeded shuffle. */
function projectPlans(): ProjectPlan[] {
  const rand = prng(20230410);
  const taken = new Set(ANCHORS.map((a) => a.name));
  const generated = SLOTS.flatMap((s) => Array.from({ length: s.n }, () => generatedPlan(rand, s, taken)));
  for (let i = generated.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [generated[i], generated[j]] = [generated[j] as ProjectPlan, generated[i] as ProjectPlan];
  }
  const anchorsTotal = ANCHORS.reduce((s, a) => s + a.total, 0);
  const scaled = scaleTo(generated.map((g) => g.total), TOTAL_INVESTMENT_FEN / CENTI_YI - anchorsTotal);
  return [...ANCHORS, ...generated.map((g, i) => ({ ...g, total: scaled[i] ?? g.total }))];
}

// ---------------------------------------------------------------------------------------------
// Rows.

type ProjectRow = typeof projects.$inferInsert;
type ReportRow = typeof projectProgressReports.$inferInsert;

function projectRows(plans: readonly ProjectPlan[], today: string, now: Date, ownerId: (o: ProjectPlan['owner']) => string, createdAt: Date) {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const rand = prng(20230411);
  const rows: ProjectRow[] = [];
  const reports: ReportRow[] = [];
  for (const [i, p] of plans.entries()) {
    const id = newId('prj');
    let plannedStart: string | null = null;
    let started: string | null = null;
    if (p.start.kind === 'continuing') {
      plannedStart = `${year - p.start.yearsAgo}-${pad2(p.start.month)}-01`;
      started = addDays(plannedStart, intBetween(rand, 0, 20));
    } else if (p.start.kind === 'new') {
      plannedStart = `${year}-${pad2(p.start.month)}-${pad2(p.start.day)}`;
      const actual = p.start.delay === null ? null : addDays(plannedStart, p.start.delay);
      started = actual !== null && actual <= today ? actual : null;
    } else if (rand() < 0.6) {
      plannedStart = `${year + 1}-${pad2(intBetween(rand, 3, 9))}-01`;
    }
    const completedOn = p.completesInMonth !== undefined && p.completesInMonth < month ? `${year}-${pad2(p.completesInMonth)}-${pad2(intBetween(rand, 10, 28))}` : null;
    const status: Status = p.cls === 'planning' ? 'planning' : completedOn !== null ? 'completed' : started !== null ? 'under_construction' : 'preparation';
    const plannedCompletion = plannedStart === null ? null : p.completesInMonth !== undefined ? `${year}-${pad2(p.completesInMonth)}-28` : `${Number(plannedStart.slice(0, 4)) + intBetween(rand, 1, 3)}-12-31`;
    const planFen = Math.round((p.total * p.planShare) / 10) * 10 * CENTI_YI;
    rows.push({
      id, number: `XM-${year}-${String(i + 1).padStart(4, '0')}`, name: p.name, regionCode: REGION, ownerEntityId: ownerId(p.owner),
      class: p.cls, level: p.level, sector: p.sector, totalInvestmentFen: p.total * CENTI_YI, annualPlanFen: planFen, year,
      plannedStartOn: plannedStart, actualStartOn: started, plannedCompletionOn: plannedCompletion, actualCompletionOn: completedOn,
      status, location: p.location, description: `${p.name}，位于${p.location}，${p.cls === 'implementation' ? '列入年度实施类重点项目' : '列入谋划类重点项目'}（演示数据）。`,
      createdAt, updatedAt: now,
    });
    if (started === null) {
      continue;
    }
    // Monthly reports from January (or the start month) up to last month, or the completion month.
    const first = started < `${year}-01-01` ? 1 : Number(started.slice(5, 7));
    const last = completedOn === null ? month - 1 : Number(completedOn.slice(5, 7));
    const endOfPlan = p.completesInMonth ?? 12;
    const weights = MONTH_WEIGHT.slice(first - 1, endOfPlan);
    const weightSum = weights.reduce((a, b) => a + b, 0);
    const withPercent = completedOn !== null || rand() < 0.5;
    const startedBefore = started < `${year}-01-01`;
    for (let m = first; m <= last; m++) {
      const share = (MONTH_WEIGHT[m - 1] ?? 1) / weightSum;
      const amount = Math.round((planFen * share * p.pace * between(rand, 0.85, 1.15)) / WAN) * WAN;
      const progress = completedOn !== null ? (m - first + 1) / (last - first + 1) : Math.min(0.95, ((startedBefore ? 0.35 : 0) + (m - first + 1) / 14) / (startedBefore ? 1.2 : 1));
      const stage = completedOn !== null && m === last ? '竣工验收' : (STAGES[Math.min(STAGES.length - 2, Math.floor(progress * (STAGES.length - 1)))] ?? '主体施工');
      reports.push({
        projectId: id, regionCode: REGION, month: `${year}-${pad2(m)}`, investmentCompletedFen: Math.max(0, amount), stage,
        percent: withPercent ? Math.min(100, Math.round(progress * 100)) : null, createdAt: now,
      });
    }
  }
  return { rows, reports };
}

// ---------------------------------------------------------------------------------------------
// Problems, played through the real rules (applyAction) on the working-day calendar.

type People = Record<Who, string>;
type Units = { unit: string; coUnits: string[] };

/** An instant on `date` in Shanghai office hours, never after `now`. */
function instantOn(date: string, minute: number, now: Date): Date {
  const at = new Date(Date.parse(`${date}T09:00:00+08:00`) + minute * 60_000);
  return at < now ? at : new Date(now.getTime() - 60_000);
}

type StoredEvent = { at: Date; actorId: string; action: string; from: ProblemState | null; to: ProblemState; note: string | null };
type PlayedProblem = { facts: ProblemFacts; events: StoredEvent[]; result: string | null; closingNote: string | null; rejectReason: string | null };

function applyStep(facts: ProblemFacts, step: Step, result: string, people: People, units: Units, ctx: ApplyContext): ApplyResult {
  if (step.action === 'assign' || step.action === 'reassign') {
    const input = { unitId: units.unit, handlerId: people.handler, ...(step.coUnits ? { coUnitIds: units.coUnits } : {}) };
    return step.action === 'assign' ? applyAction(facts, 'assign', input, ctx) : applyAction(facts, 'reassign', { ...input, reason: step.reason }, ctx);
  }
  if (step.action === 'feedback') {
    return applyAction(facts, 'feedback', { result }, ctx);
  }
  // A correlated (action, input) pair, as in problem-flow.ts: TypeScript cannot narrow it.
  return applyAction(facts, step.action, step.input as never, ctx);
}

/** Plays a scenario through the real rules from `startAgo` working days before today; a refused step is a bug in this file. */
function play(s: Scenario, result: string, people: People, units: Units, calendar: WorkingCalendar, today: string, now: Date, startAgo: number): PlayedProblem {
  let date = workdayBefore(calendar, today, startAgo);
  let minute = 30;
  let facts: ProblemFacts = {
    state: 'collected', severity: s.severity, reporterId: people.owner, unitId: null, handlerId: null, coUnitIds: [], deadline: null, deadlineProvisional: false,
    assignedOn: null, extension: null, reopenings: 0, feedbackOn: null, closedOn: null, version: 1,
  };
  const events: StoredEvent[] = [{ at: instantOn(date, minute, now), actorId: people.owner, action: 'collect', from: null, to: 'collected', note: null }];
  let closingNote: string | null = null;
  let rejectReason: string | null = null;
  for (const step of s.steps) {
    date = minDate(today, calendar.addWorkingDays(date, step.after).deadline);
    minute += 47;
    const at = instantOn(date, minute, now);
    const r = applyStep(facts, step, result, people, units, { now: at, actorId: people[WHO[step.action]], calendar, deadlineDays: DEFAULT_DEADLINE_DAYS, today: date });
    if (!r.ok) {
      throw new Error(`demo problem scenario "${s.name}": ${step.action} refused (${r.code})`);
    }
    if (step.action === 'close') {
      closingNote = step.input.note;
    }
    if (step.action === 'reject') {
      rejectReason = step.input.reason;
    }
    facts = r.next;
    events.push({ at, actorId: r.event.actorId, action: r.event.action, from: r.event.from, to: r.event.to, note: r.event.note ?? null });
  }
  const fedBack = s.steps.some((x) => x.action === 'feedback');
  return { facts, events, result: fedBack ? result : null, closingNote, rejectReason };
}

async function seedProblems(tx: Tx, rows: readonly ProjectRow[], plans: readonly ProjectPlan[], people: People, units: Units, today: string, now: Date): Promise<number> {
  const calendar = createWorkingCalendar({ overrides: [], importedYears: [] });
  const rand = prng(20230412);
  // Problems arise on implementation-class projects under construction or preparing to start.
  // They are raised by dcf.owner, the 城投 company's project lead, so they sit on that company's projects.
  const eligible = rows.filter((p, i) => plans[i]?.cls === 'implementation' && p.status !== 'completed' && plans[i]?.owner === 'chengtou');
  const categories = Object.keys(TEXTS) as ProblemCategory[];
  const played: Array<PlayedProblem & { projectId: string; category: ProblemCategory; title: string; description: string }> = [];
  for (const s of SCENARIOS) {
    for (let copy = 0; copy < s.copies; copy++) {
      const project = pick(rand, eligible);
      const category = project.status === 'preparation' ? pick(rand, ['land', 'permits', 'demolition', 'funds'] as const) : pick(rand, categories);
      const [title, description, result] = pick(rand, TEXTS[category]);
      played.push({ ...play(s, result, people, units, calendar, today, now, s.startAgo + copy), projectId: project.id, category, title, description });
    }
  }
  // Numbers in the order the problems were collected.
  played.sort((a, b) => (a.events[0]?.at.getTime() ?? 0) - (b.events[0]?.at.getTime() ?? 0));
  const serials = await queryRows<{ n: string | number }>(tx, sql`select nextval('problem_number_seq') as n from generate_series(1, ${played.length})`);
  const numbers = serials.map((r) => Number(r.n)).sort((a, b) => a - b);
  const problemRows: Array<typeof problems.$inferInsert> = [];
  const eventRows: Array<typeof problemEvents.$inferInsert> = [];
  for (const [i, p] of played.entries()) {
    const id = newId('prb');
    const f = p.facts;
    const first = p.events[0]?.at ?? now;
    problemRows.push({
      id, number: `WT-${today.slice(0, 4)}-${String(numbers[i] ?? 0).padStart(5, '0')}`, projectId: p.projectId, regionCode: REGION, category: p.category,
      severity: f.severity, title: p.title, description: p.description, state: f.state, reporterId: f.reporterId, unitId: f.unitId, handlerId: f.handlerId,
      coUnitIds: [...f.coUnitIds], deadline: f.deadline, deadlineProvisional: f.deadlineProvisional, assignedOn: f.assignedOn, extension: f.extension,
      reopenings: f.reopenings, feedbackOn: f.feedbackOn, closedOn: f.closedOn, result: p.result, closingNote: p.closingNote, rejectReason: p.rejectReason,
      version: f.version, createdAt: first, updatedAt: p.events.at(-1)?.at ?? first,
    });
    for (const [seq, e] of p.events.entries()) {
      eventRows.push({ problemId: id, regionCode: REGION, seq: seq + 1, at: e.at, actorId: e.actorId, action: e.action, fromState: e.from, toState: e.to, note: e.note });
    }
  }
  await tx.insert(problems).values(problemRows);
  await tx.insert(problemEvents).values(eventRows);
  return problemRows.length;
}

/**
 * The Dongchangfu registry: owners, 157 key projects, monthly progress from January (or the start)
 * up to last month, and problems in every state. A handful of batch inserts.
 */
export async function seedDemoProjects(tx: Tx, now: Date, orgIds: ReadonlyMap<string, string>): Promise<{ projects: number; problems: number }> {
  const today = shanghaiToday(now);
  const year = Number(today.slice(0, 4));
  const plans = projectPlans();

  // Owners: the public investment companies and one company per (brand, trade) of the industrial projects.
  const ownerSeeds = new Map<string, OwnerSeed>(Object.entries(PUBLIC_OWNERS));
  const ownerKey = (o: ProjectPlan['owner']) => (typeof o === 'string' ? o : `${o.brand}:${o.trade}`);
  for (const p of plans) {
    if (typeof p.owner !== 'string' && !ownerSeeds.has(ownerKey(p.owner))) {
      ownerSeeds.set(ownerKey(p.owner), { name: `聊城${p.owner.brand}${p.owner.trade}有限公司（演示）`, industry: 'C', size: p.level === 'district' ? 'small' : 'medium' });
    }
  }
  const ownerIds = new Map<string, string>();
  const ownerRows = [...ownerSeeds].map(([key, o], i) => {
    const id = newId('ent');
    ownerIds.set(key, id);
    return {
      id, regionCode: REGION, uscc: makeUscc('91', REGION, `MA3DP${String(i + 1).padStart(3, '0')}`), name: o.name, kind: 'enterprise' as const,
      foundedOn: `${2005 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}`, industrySection: o.industry, sizeClass: o.size, tags: ['demo'], createdAt: now, updatedAt: now,
    };
  });
  await tx.insert(marketEntities).values(ownerRows);
  // dcf.owner's organization is the 城投 company: the same USCC links its staff to its own projects.
  const chengtou = ownerRows.find((r) => r.name === DEMO_OWNER_NAME);
  if (chengtou !== undefined) {
    await tx.update(organizations).set({ uscc: chengtou.uscc }).where(eq(organizations.name, DEMO_OWNER_NAME));
  }

  // The year's list was drawn up the November before.
  const createdAt = new Date(Math.min(now.getTime(), Date.parse(`${year - 1}-11-20T09:00:00+08:00`)));
  const { rows, reports } = projectRows(plans, today, now, (o) => ownerIds.get(ownerKey(o)) ?? '', createdAt);
  await tx.insert(projects).values(rows);
  if (reports.length > 0) {
    await tx.insert(projectProgressReports).values(reports);
  }

  const people = await tx.select({ id: users.id, username: users.username }).from(users).where(inArray(users.username, ['dcf.dispatcher', 'dcf.owner', 'dcf.handler']));
  const userId = (name: string) => {
    const u = people.find((x) => x.username === name);
    if (u === undefined) {
      throw new Error(`demo user ${name} missing`);
    }
    return u.id;
  };
  const orgId = (key: string) => {
    const id = orgIds.get(key);
    if (id === undefined) {
      throw new Error(`demo organization ${key} missing`);
    }
    return id;
  };
  const problemCount = await seedProblems(
    tx, rows, plans,
    { owner: userId('dcf.owner'), dispatcher: userId('dcf.dispatcher'), handler: userId('dcf.handler') },
    { unit: orgId('371502:nr'), coUnits: [orgId('371502:housing'), orgId('371502:ndrc')] },
    today, now,
  );
  await seedDemoProjectParts(tx, rows, now);
  return { projects: rows.length, problems: problemCount };
}

