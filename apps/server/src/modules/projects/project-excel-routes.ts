import { IdSchema } from '@zhengqi/contracts/common';
import { ImportQuerySchema, ImportReportSchema } from '@zhengqi/contracts/entities';
import { MissingProgressQuerySchema, MissingProgressSchema, ProgressReportBodySchema, ProgressReportSchema, ProjectListQuerySchema } from '@zhengqi/contracts/projects';
import { z } from 'zod';
import type { AppContext } from '../../platform/app-context';
import { shanghaiToday } from '../../platform/clock/clock';
import { sendDownload, XLSX_TYPE } from '../../platform/http/download';
import { actorOf, type ZApp } from '../../platform/http/fastify-types';
import { buildProgressExport, buildProgressTemplate, buildProjectExport, buildProjectTemplate } from './project-excel';
import { exportProjects, importProjects, sectorLabels } from './project-import-service';
import { importProgress, missingProgress, reportProgress } from './project-progress-service';
import { getProject } from './project-service';

const LocaleSchema = z.enum(['zh-CN', 'en']).default('zh-CN');

// Node refuses non-ASCII header values, so `filename=` carries an ASCII name and `filename*=` the real one.
function bodyBuffer(body: unknown): Buffer {
  return Buffer.isBuffer(body) ? body : Buffer.alloc(0);
}

/**
 * Key projects' monthly progress reports (with the missing-report list) and their spreadsheets:
 * templates, imports and exports. The xlsx body parser is the one the registry routes register.
 */
export function registerProjectExcelRoutes(app: ZApp, ctx: AppContext): void {
  const importSummary = 'Import an xlsx body: mode=validate reports, mode=all writes only if every row is valid, mode=valid-only writes the valid rows';

  app.post('/api/v1/projects/:id/progress', {
    config: { access: 'project.write' },
    schema: { tags: ['projects'], summary: 'Record or correct the monthly progress report of a project (one per month)', params: z.object({ id: IdSchema }), body: ProgressReportBodySchema, response: { 200: ProgressReportSchema } },
    handler: async (req) => reportProgress(ctx, actorOf(req), req.params.id, req.body),
  });

  app.get('/api/v1/projects/progress/missing', {
    config: { access: 'project.read' },
    schema: { tags: ['projects'], summary: 'Projects under construction with no progress report for the month', querystring: MissingProgressQuerySchema, response: { 200: MissingProgressSchema } },
    handler: async (req) => missingProgress(ctx, actorOf(req), req.query),
  });

  app.get('/api/v1/projects/import-template.xlsx', {
    config: { access: 'project.write' },
    schema: { tags: ['projects'], summary: 'The Excel template for importing a project list (money in 万元)' },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const regions = ctx.regions.all().filter((r) => actor.regions.includes(r.code) && !r.retired);
      return sendDownload(reply, XLSX_TYPE, await buildProjectTemplate(regions, await sectorLabels(ctx, actor, true)), '重点项目导入模板.xlsx', 'projects-template.xlsx');
    },
  });

  app.post('/api/v1/projects/import', {
    config: { access: 'project.write' },
    bodyLimit: 10 * 1024 * 1024,
    schema: { tags: ['projects'], summary: `${importSummary} (project list)`, querystring: ImportQuerySchema, response: { 200: ImportReportSchema } },
    handler: async (req) => importProjects(ctx, actorOf(req), bodyBuffer(req.body), req.query.mode),
  });

  app.get('/api/v1/projects/export.xlsx', {
    config: { access: 'project.read' },
    schema: { tags: ['projects'], summary: 'Export the filtered project list as Excel (money in 万元)', querystring: ProjectListQuerySchema.omit({ page: true, pageSize: true }).extend({ locale: LocaleSchema }) },
    handler: async (req, reply) => {
      const { locale, ...filter } = req.query;
      const items = await exportProjects(ctx, actorOf(req), filter);
      const sectors = await sectorLabels(ctx, actorOf(req), false);
      return sendDownload(reply, XLSX_TYPE, await buildProjectExport(items, locale, sectors), locale === 'en' ? 'key-projects.xlsx' : '重点项目.xlsx', 'key-projects.xlsx');
    },
  });

  app.get('/api/v1/projects/progress-template.xlsx', {
    config: { access: 'project.write' },
    schema: {
      tags: ['projects'], summary: 'The monthly progress template, prefilled with the projects still to report for the month (default: this month)',
      querystring: z.object({ month: MissingProgressQuerySchema.shape.month.optional(), region: MissingProgressQuerySchema.shape.region }),
    },
    handler: async (req, reply) => {
      const month = req.query.month ?? shanghaiToday(ctx.clock.now()).slice(0, 7);
      const due = await missingProgress(ctx, actorOf(req), { month, region: req.query.region });
      return sendDownload(reply, XLSX_TYPE, await buildProgressTemplate(month, due.items), `月度进度-${month}.xlsx`, `progress-${month}.xlsx`);
    },
  });

  app.post('/api/v1/projects/progress/import', {
    config: { access: 'project.write' },
    bodyLimit: 10 * 1024 * 1024,
    schema: { tags: ['projects'], summary: `${importSummary} (monthly progress; a month already reported is replaced)`, querystring: ImportQuerySchema, response: { 200: ImportReportSchema } },
    handler: async (req) => importProgress(ctx, actorOf(req), bodyBuffer(req.body), req.query.mode),
  });

  app.get('/api/v1/projects/:id/progress.xlsx', {
    config: { access: 'project.read' },
    schema: { tags: ['projects'], summary: 'Export a project’s monthly progress reports in the progress template’s columns', params: z.object({ id: IdSchema }), querystring: z.object({ locale: LocaleSchema }) },
    handler: async (req, reply) => {
      const p = await getProject(ctx, actorOf(req), req.params.id);
      return sendDownload(reply, XLSX_TYPE, await buildProgressExport(p, p.progressReports, req.query.locale), `${p.number}-月度进度.xlsx`, `${p.number}-progress.xlsx`);
    },
  });
}
