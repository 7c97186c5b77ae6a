import type { ScreeningJob } from '@zhengqi/contracts/loan-applications';
import type { EligibilityFacts, LoanProductVersion } from '@zhengqi/contracts/loans';
import ExcelJS from 'exceljs';
import { and, gte, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/app-context';
import { authorize, scopeOf, type Actor } from '../../platform/authz/actor';
import { shanghaiToday } from '../../platform/clock/clock';
import type { Tx } from '../../platform/db/database';
import { DomainError } from '../../platform/errors/domain-error';
import { styleHeader, toBuffer } from '../../platform/excel/sheet-cells';
import { entityHeadcounts, entityPaymentRecords, marketEntities } from '../registry/schema';
import { loanEngine, versionInForce } from './loan-products-service';
import { screenEntities } from './screen';

// Proactive outreach (主动对接): the eligibility of every enterprise in a jurisdiction under one
// product version, run in the background with progress, kept in this process for an hour.

type Job = ScreeningJob & { ownerId: string; startedAt: number };
const jobs = new Map<string, Job>();
const KEEP_MS = 60 * 60 * 1000;

function prune(now: number): void {
  for (const [id, j] of jobs) {
    if (now - j.startedAt > KEEP_MS) {jobs.delete(id);}
  }
}

type EntityRow = { id: string; name: string; uscc: string; regionCode: string; kind: string; foundedOn: string; sizeClass: 'large' | 'medium' | 'small' | 'micro' };

/** Every enterprise and individual business visible to the caller in `regions`, with the facts the decision reads. */
async function loadCandidates(tx: Tx, regions: readonly string[] | undefined, fromMonth: string) {
  const where = and(inArray(marketEntities.kind, ['enterprise', 'individual_business']), regions === undefined ? undefined : regions.length === 0 ? sql`false` : inArray(marketEntities.regionCode, [...regions]));
  const entities: EntityRow[] = await tx.select({ id: marketEntities.id, name: marketEntities.name, uscc: marketEntities.uscc, regionCode: marketEntities.regionCode, kind: marketEntities.kind, foundedOn: marketEntities.foundedOn, sizeClass: marketEntities.sizeClass }).from(marketEntities).where(where);
  const heads = await tx.select().from(entityHeadcounts).where(gte(entityHeadcounts.month, fromMonth));
  const pays = await tx.select().from(entityPaymentRecords).where(gte(entityPaymentRecords.month, fromMonth));
  const facts = new Map<string, EligibilityFacts>();
  for (const e of entities) {
    facts.set(e.id, { kind: e.kind === 'individual_business' ? 'individual_business' : 'enterprise', foundedOn: e.foundedOn, sizeClass: e.sizeClass, headcount: {}, wageArrearsMonths: [], socialInsuranceArrearsMonths: [], categories: [1], goodCredit: true });
  }
  for (const h of heads) {
    const f = facts.get(h.entityId);
    if (f !== undefined) {f.headcount[h.month] = h.pensionContributors;}
  }
  for (const p of pays) {
    const f = facts.get(p.entityId);
    if (f === undefined) {continue;}
    if (p.wages !== 'on_time') {f.wageArrearsMonths.push(p.month);}
    if (p.socialInsurance !== 'on_time') {f.socialInsuranceArrearsMonths.push(p.month);}
  }
  return { entities, facts };
}

/**
 * Starts a screening and returns at once; `getScreening` reports progress. Category and credit are
 * not in the registry: the screen assumes a category will be certified and credit is good, and says so.
 */
export async function startScreening(ctx: AppContext, actor: Actor, body: { productCode?: string | undefined; region?: string | undefined; date?: string | undefined }): Promise<ScreeningJob> {
  authorize(actor, 'loan.stats');
  const now = ctx.clock.now();
  prune(now.getTime());
  const date = body.date ?? shanghaiToday(now);
  const regions = body.region === undefined ? undefined : ctx.regions.subtree(body.region).filter((c) => actor.regions.includes(c));
  const fromMonth = `${String(Number(date.slice(0, 4)) - 2)}-${date.slice(5, 7)}`;
  const { version, entities, facts } = await ctx.db.tx(scopeOf(actor), async (tx) => {
    const v: LoanProductVersion = await versionInForce(tx, body.productCode ?? 'stable-employment', date);
    return { version: v, ...(await loadCandidates(tx, regions, fromMonth)) };
  });
  const id = `scr_${now.getTime().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const job: Job = { id, state: 'running', checked: 0, total: entities.length, productVersion: version.version, hits: [], error: null, ownerId: actor.userId, startedAt: now.getTime() };
  jobs.set(id, job);
  const byId = new Map(entities.map((e) => [e.id, e]));
  void screenEntities(loanEngine(), version, entities.map((e) => ({ key: e.id, facts: facts.get(e.id) as EligibilityFacts })), date, {
    progressEvery: 200,
    onProgress: (p) => { job.checked = p.checked; },
  }).then((summary) => {
    job.checked = summary.checked;
    job.hits = summary.hits.flatMap((h) => {
      const e = byId.get(h.key);
      return e === undefined || h.offer === null ? [] : [{
        entityId: e.id, name: e.name, uscc: e.uscc, regionCode: e.regionCode, kind: e.kind === 'individual_business' ? 'individual_business' as const : 'enterprise' as const,
        headcount: h.headcount ?? 0, maxLimitFen: h.offer.maxLimitFen, rateMin: h.offer.rateRange.min, rateMax: h.offer.rateRange.max,
      }];
    }).sort((a, b) => b.maxLimitFen - a.maxLimitFen || a.name.localeCompare(b.name));
    job.state = 'done';
  }, (err: unknown) => {
    job.state = 'failed';
    job.error = err instanceof Error ? err.message : String(err);
  });
  return view(job);
}

function view(j: Job): ScreeningJob {
  return { id: j.id, state: j.state, checked: j.checked, total: j.total, productVersion: j.productVersion, hits: j.hits, error: j.error };
}

export function getScreening(actor: Actor, id: string): ScreeningJob {
  authorize(actor, 'loan.stats');
  const j = jobs.get(id);
  if (j === undefined || j.ownerId !== actor.userId) {
    throw new DomainError('NOT_FOUND', { field: 'id', detail: 'no such screening (they are kept for an hour)' });
  }
  return view(j);
}

/** The eligible list as a workbook (money in 万元). */
export async function screeningWorkbook(actor: Actor, id: string): Promise<Buffer> {
  const j = getScreening(actor, id);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('筛查名单', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '企业名称 Name', width: 36 }, { header: '统一社会信用代码 USCC', width: 22 }, { header: '区划 Region', width: 10 }, { header: '类型 Kind', width: 14 },
    { header: '参保人数 Headcount', width: 12 }, { header: '参考额度（万元） Limit', width: 16 }, { header: '利率下限 % Rate min', width: 14 }, { header: '利率上限 % Rate max', width: 14 },
  ];
  styleHeader(ws.getRow(1));
  for (const h of j.hits) {
    ws.addRow([h.name, h.uscc, h.regionCode, h.kind, h.headcount, h.maxLimitFen / 1_000_000, h.rateMin, h.rateMax]);
  }
  ws.addRow([]);
  ws.addRow([`产品版本 ${j.productVersion ?? ''}；筛查 ${String(j.checked)} 户，符合 ${String(j.hits.length)} 户。类别与征信须经人社认定和银行核查。`]);
  return toBuffer(wb);
}
