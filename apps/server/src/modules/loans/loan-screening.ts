import type { ScreeningJob } from '@zhengqi/contracts/loan-applications';
import { ELIGIBILITY_CRITERIA, ELIGIBILITY_CRITERION_LABELS, type EligibilityCriterionCode } from '@zhengqi/contracts/loans';
import ExcelJS from 'exceljs';
import type { AppContext } from '../../platform/app-context';
import { authorize, scopeOf, type Actor } from '../../platform/authz/actor';
import { shanghaiToday } from '../../platform/clock/clock';
import { DomainError } from '../../platform/errors/domain-error';
import { styleHeader, toBuffer } from '../../platform/excel/sheet-cells';
import { loanEngine, versionInForce } from './loan-products-service';
import { countCandidates, screenJurisdiction, type ScreeningHit } from './loan-screening-stream';

// Proactive outreach (主动对接): the eligibility of every enterprise in a jurisdiction under one
// product version, run in the background with progress, kept in this process for an hour. The
// registry is read a page at a time through a cursor (loan-screening-stream.ts) in the caller's
// scope; the job keeps the eligible firms with their offer and how many firms failed each criterion.

type Job = ScreeningJob & { ownerId: string; startedAt: number; failedCounts: Record<EligibilityCriterionCode, number> | null };
const jobs = new Map<string, Job>();
const KEEP_MS = 60 * 60 * 1000;

function prune(now: number): void {
  for (const [id, j] of jobs) {
    if (now - j.startedAt > KEEP_MS) {jobs.delete(id);}
  }
}

// The same order as String.prototype.localeCompare (the default locale), one collator for the whole sort.
const byName = new Intl.Collator().compare;
/** The outreach order: the largest indicative limit first, then by name (and id, so ties are stable). */
const byLimitThenName = (a: ScreeningHit, b: ScreeningHit) => b.maxLimitFen - a.maxLimitFen || byName(a.name, b.name) || (a.entityId < b.entityId ? -1 : a.entityId > b.entityId ? 1 : 0);

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
  const scope = scopeOf(actor);
  // The version and the number of firms (the progress bar's total) before answering; the firms are
  // then read and screened in the background, in a transaction of the same scope.
  const { version, total } = await ctx.db.tx(scope, async (tx) => ({
    version: await versionInForce(tx, body.productCode ?? 'stable-employment', date),
    total: await countCandidates(tx, regions),
  }));
  const id = `scr_${now.getTime().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const job: Job = { id, state: 'running', checked: 0, total, productVersion: version.version, hits: [], error: null, ownerId: actor.userId, startedAt: now.getTime(), failedCounts: null };
  jobs.set(id, job);
  void screenJurisdiction(ctx.db, scope, loanEngine(), version, date, {
    ...(regions === undefined ? {} : { regions }),
    progressEvery: 200,
    onProgress: (p) => { job.checked = p.checked; },
  }).then((r) => {
    job.checked = r.checked;
    // The firms read, should the registry have changed since they were counted.
    job.total = r.checked;
    job.hits = r.hits.sort(byLimitThenName);
    job.failedCounts = r.failedCounts;
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

/** How many of the firms screened failed each criterion (a firm may fail several); null until the screening is done. */
export function screeningFailedCounts(actor: Actor, id: string): Record<EligibilityCriterionCode, number> | null {
  getScreening(actor, id);
  return jobs.get(id)?.failedCounts ?? null;
}

/** The eligible list as a workbook (money in 万元), and on a second sheet why the other firms are not eligible. */
export async function screeningWorkbook(actor: Actor, id: string): Promise<Buffer> {
  const j = getScreening(actor, id);
  const failedCounts = screeningFailedCounts(actor, id);
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
  if (failedCounts !== null) {
    const reasons = wb.addWorksheet('未通过原因', { views: [{ state: 'frozen', ySplit: 1 }] });
    reasons.columns = [{ header: '条件 Criterion', width: 36 }, { header: 'Criterion', width: 44 }, { header: '未通过户数 Firms failing', width: 18 }];
    styleHeader(reasons.getRow(1));
    for (const c of ELIGIBILITY_CRITERIA) {
      reasons.addRow([ELIGIBILITY_CRITERION_LABELS[c].zh, ELIGIBILITY_CRITERION_LABELS[c].en, failedCounts[c]]);
    }
    reasons.addRow([]);
    reasons.addRow([`筛查 ${String(j.checked)} 户；一户可未通过多项。类别与征信在筛查中假定满足（须经人社认定和银行核查）。`]);
  }
  return toBuffer(wb);
}
