import type { Bulletin, BulletinContent, BulletinCreateBody, BulletinSummary } from '@zhengqi/contracts/supervision';
import { v7 } from 'uuid';
import type { AppContext } from '../../platform/app-context';
import { appendAudit } from '../../platform/audit/audit-log';
import { authorize, authorizeRegion, scopeOf, type Actor } from '../../platform/authz/actor';
import { shanghaiToday } from '../../platform/clock/clock';
import { DomainError } from '../../platform/errors/domain-error';
import { bulletinNumber, bulletinProblemSections } from './bulletin-content';
import { insertBulletin, nextBulletinSerial, selectBulletin, selectBulletinPage, selectBulletinProblems, type BulletinRow } from './bulletin-data';
import { projectStats } from './project-service';

function summaryOf(r: Pick<BulletinRow, 'id' | 'number' | 'regionCode' | 'periodFrom' | 'periodTo' | 'createdBy' | 'createdAt'>): BulletinSummary {
  return { id: r.id, number: r.number, regionCode: r.regionCode, from: r.periodFrom, to: r.periodTo, createdBy: r.createdBy, createdAt: r.createdAt.toISOString() };
}

/**
 * Builds and keeps a numbered supervision bulletin (督导通报) for a region and period: units ranked
 * by on-time closure rate, overdue and reopened problems with days overdue, and the region's
 * investment progress for the period's year. The content is stored as computed, so a kept bulletin
 * reads the same later.
 */
export async function createBulletin(ctx: AppContext, actor: Actor, body: BulletinCreateBody): Promise<Bulletin> {
  authorize(actor, 'problem.dispatch');
  authorizeRegion(actor, body.region, 'region');
  const now = ctx.clock.now();
  const today = shanghaiToday(now);
  const asOf = body.to < today ? body.to : today;
  const calendar = await ctx.calendar.get();
  const regions = ctx.regions.subtree(body.region).filter((c) => actor.regions.includes(c));
  const stats = await projectStats(ctx, actor, { region: body.region, year: Number(body.to.slice(0, 4)) });
  const id = `blt_${v7().replaceAll('-', '')}`;
  const row = await ctx.db.tx(scopeOf(actor), async (tx) => {
    const sections = bulletinProblemSections(await selectBulletinProblems(tx, regions, body.from, body.to), asOf, calendar);
    const content: BulletinContent = {
      regionName: ctx.regions.get(body.region)?.nameZh ?? body.region,
      asOf,
      ...sections,
      investment: {
        year: stats.year, projects: stats.count, totalInvestmentFen: stats.totalInvestmentFen, annualPlanFen: stats.annualPlanFen, completedThisYearFen: stats.completedThisYearFen,
        planCompletionRate: stats.planCompletionRate, timeProgress: stats.timeProgress, gap: stats.gap, startRate: stats.startRate,
      },
    };
    const year = Number(today.slice(0, 4));
    const serial = await nextBulletinSerial(tx, body.region, year);
    const r = {
      id, number: bulletinNumber(body.region, year, serial), regionCode: body.region, year, serial, periodFrom: body.from, periodTo: body.to,
      content, createdBy: actor.userId, createdAt: now,
    };
    await insertBulletin(tx, r);
    await appendAudit(tx, {
      at: now, actorUserId: actor.userId, actorOrgId: actor.organizationId, action: 'bulletin.created', entityType: 'bulletin', entityId: id,
      regionCode: body.region, before: null, after: { number: r.number, from: body.from, to: body.to, totals: content.totals }, requestId: actor.requestId ?? null,
    });
    return r;
  });
  return { ...summaryOf(row), content: row.content };
}

/** Kept bulletins in the caller's jurisdiction (optionally one region's subtree), newest first. */
export async function listBulletins(ctx: AppContext, actor: Actor, q: { region?: string | undefined; page: number; pageSize: number }) {
  authorize(actor, 'problem.read');
  const regions = q.region === undefined ? undefined : ctx.regions.subtree(q.region).filter((c) => actor.regions.includes(c));
  const { rows, total } = await ctx.db.tx(scopeOf(actor), (tx) => selectBulletinPage(tx, regions, q.page, q.pageSize));
  return { items: rows.map(summaryOf), total, page: q.page, pageSize: q.pageSize };
}

/** One kept bulletin with its content; NOT_FOUND also outside the jurisdiction. */
export async function getBulletin(ctx: AppContext, actor: Actor, id: string): Promise<Bulletin> {
  authorize(actor, 'problem.read');
  const r = await ctx.db.tx(scopeOf(actor), (tx) => selectBulletin(tx, id));
  if (r === undefined) {
    throw new DomainError('NOT_FOUND', { field: 'id' });
  }
  return { ...summaryOf(r), content: r.content as BulletinContent };
}
