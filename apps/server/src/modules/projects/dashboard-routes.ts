import { ProjectDashboardQuerySchema, ProjectDashboardSchema } from '@zhengqi/contracts/project-dashboard';
import type { AppContext } from '../../platform/app-context';
import { actorOf, type ZApp } from '../../platform/http/fastify-types';
import { projectDashboard } from './dashboard-service';

/** The key-project dashboard's series (调度看板): completion by month against time progress, unit ranking. */
export function registerDashboardRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/v1/projects/dashboard', {
    config: { access: 'project.read' },
    schema: {
      tags: ['projects'],
      summary: 'Plan completion against time progress by month, and responsible units ranked by on-time closure rate, for a year and region',
      querystring: ProjectDashboardQuerySchema,
      response: { 200: ProjectDashboardSchema },
    },
    handler: async (req) => projectDashboard(ctx, actorOf(req), req.query),
  });
}
