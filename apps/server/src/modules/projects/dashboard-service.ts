import type { ProjectDashboard, ProjectDashboardQuery } from '@zhengqi/contracts/project-dashboard';
import type { AppContext } from '../../platform/app-context';
import { authorize, ownEntityScope, scopeOf, type Actor } from '../../platform/authz/actor';
import { shanghaiToday } from '../../platform/clock/clock';
import { selectBulletinProblems } from './bulletin-data';
import { selectAnnualPlanFen, selectCompletedByMonth } from './dashboard-data';
import { monthlySeries, rankingPeriod, unitRanking } from './dashboard-series';
import { selectOwnProjectIds } from './project-data';
import { regionsOf } from './project-progress-service';

/**
 * The dashboard's series for a year (default: this year) and region (default: the jurisdiction):
 * plan completion against time progress by month, and the responsible units ranked by on-time
 * closure rate as a bulletin for the whole year would rank them. A project owner gets its own
 * projects' series (as in the statistics) and no ranking, which is the district's supervision view;
 * so does a caller who may not read problems.
 */
export async function projectDashboard(ctx: AppContext, actor: Actor, q: ProjectDashboardQuery): Promise<ProjectDashboard> {
  authorize(actor, 'project.read');
  const today = shanghaiToday(ctx.clock.now());
  const year = q.year ?? Number(today.slice(0, 4));
  const regions = regionsOf(ctx, actor, q.region);
  const owner = ownEntityScope(actor);
  const period = rankingPeriod(year, today);
  const mayRank = actor.permissions.has('problem.read') && owner === undefined;
  // A future year has no ranking period: nothing is ranked and no calendar is needed.
  const rankPeriod = mayRank ? period : null;
  const calendar = rankPeriod === null ? null : await ctx.calendar.get();
  const data = await ctx.db.tx(scopeOf(actor), async (tx) => {
    const f = { year, regions, projectIds: owner === undefined ? undefined : await selectOwnProjectIds(tx, owner) };
    return {
      planFen: await selectAnnualPlanFen(tx, f),
      completed: await selectCompletedByMonth(tx, f),
      problems: rankPeriod === null ? [] : await selectBulletinProblems(tx, regions ?? actor.regions, rankPeriod.from, rankPeriod.to),
    };
  });
  const units = rankPeriod === null || calendar === null ? [] : unitRanking(data.problems, rankPeriod.asOf, calendar);
  return {
    year,
    asOf: period?.asOf ?? today,
    monthly: monthlySeries({ year, today, annualPlanFen: data.planFen, completed: data.completed }),
    unitRanking: mayRank ? units : null,
  };
}
