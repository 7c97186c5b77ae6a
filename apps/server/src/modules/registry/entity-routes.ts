import { IdSchema } from '@zhengqi/contracts/common';
import {
  EntityCreateBodySchema, EntityDetailSchema, EntityListQuerySchema, EntityPageSchema, EntityPatchBodySchema, ImportQuerySchema, ImportReportSchema,
} from '@zhengqi/contracts/entities';
import { UsccValidateBodySchema, UsccValidationSchema } from '@zhengqi/contracts/uscc';
import { z } from 'zod';
import type { AppContext } from '../../platform/app-context';
import { sendDownload, XLSX_TYPE } from '../../platform/http/download';
import { actorOf, type ZApp } from '../../platform/http/fastify-types';
import { buildEntityExport, buildEntityTemplate, buildImportReportWorkbook } from './entity-excel';
import { createEntity, exportEntities, getEntity, importEntities, listEntities, updateEntity } from './entity-service';
import { validateUscc } from './uscc';


// Node refuses non-ASCII header values (a 500), so `filename=` carries an ASCII name and `filename*=` the real one.
/** Market entities (市场主体): list, detail, create, edit, import, export; and USCC validation. */
export function registerEntityRoutes(app: ZApp, ctx: AppContext): void {
  app.addContentTypeParser([XLSX_TYPE, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 }, (_req, body, done) => {
    done(null, body);
  });

  app.post('/api/v1/uscc/validate', {
    config: { access: 'authenticated' },
    schema: { tags: ['registry'], summary: 'Check a unified social credit code (GB 32100-2015)', body: UsccValidateBodySchema, response: { 200: UsccValidationSchema } },
    handler: async (req) => {
      const r = validateUscc(req.body.code);
      return {
        valid: r.valid, formOk: r.formOk, checkOk: r.checkOk,
        ...(r.expectedCheck === undefined ? {} : { expectedCheck: r.expectedCheck }),
        ...(r.kind === undefined ? {} : { kind: r.kind }),
        ...(r.registeringRegion === undefined ? {} : { registeringRegion: r.registeringRegion }),
      };
    },
  });

  app.get('/api/v1/entities', {
    config: { access: 'entity.read' },
    schema: { tags: ['registry'], summary: 'Market entities in the caller’s jurisdiction', querystring: EntityListQuerySchema, response: { 200: EntityPageSchema } },
    handler: async (req) => listEntities(ctx, actorOf(req), req.query),
  });

  app.get('/api/v1/entities/export.xlsx', {
    config: { access: 'entity.read' },
    schema: { tags: ['registry'], summary: 'Export the filtered list as Excel', querystring: EntityListQuerySchema.omit({ page: true, pageSize: true }).extend({ locale: z.enum(['zh-CN', 'en']).default('zh-CN') }) },
    handler: async (req, reply) => {
      const { locale, ...filter } = req.query;
      const items = await exportEntities(ctx, actorOf(req), filter);
      return sendDownload(reply, XLSX_TYPE, await buildEntityExport(items, locale), locale === 'en' ? 'market-entities.xlsx' : '市场主体.xlsx', 'market-entities.xlsx');
    },
  });

  app.get('/api/v1/entities/import-template.xlsx', {
    config: { access: 'entity.import' },
    schema: { tags: ['registry'], summary: 'The Excel import template' },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const regions = ctx.regions.all().filter((r) => actor.regions.includes(r.code) && !r.retired);
      return sendDownload(reply, XLSX_TYPE, await buildEntityTemplate(regions), 'market-entities-template.xlsx');
    },
  });

  app.post('/api/v1/entities/import', {
    config: { access: 'entity.import' },
    bodyLimit: 10 * 1024 * 1024,
    schema: {
      tags: ['registry'],
      summary: 'Import an xlsx body: mode=validate reports, mode=all writes only if every row is valid, mode=valid-only writes the valid rows; format=xlsx returns the report as Excel',
      querystring: ImportQuerySchema.extend({ format: z.enum(['json', 'xlsx']).default('json') }),
      response: { 200: ImportReportSchema },
    },
    handler: async (req, reply) => {
      const body = req.body;
      const data = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
      const report = await importEntities(ctx, actorOf(req), data, req.query.mode);
      if (req.query.format === 'xlsx') {
        return sendDownload(reply, XLSX_TYPE, await buildImportReportWorkbook(report.errors), 'import-report.xlsx');
      }
      return report;
    },
  });

  app.get('/api/v1/entities/:id', {
    config: { access: 'entity.read' },
    schema: { tags: ['registry'], summary: 'One market entity with headcount and payment history', params: z.object({ id: IdSchema }), response: { 200: EntityDetailSchema } },
    handler: async (req) => getEntity(ctx, actorOf(req), req.params.id),
  });

  app.post('/api/v1/entities', {
    config: { access: 'entity.write' },
    schema: { tags: ['registry'], summary: 'Register a market entity', body: EntityCreateBodySchema, response: { 201: EntityDetailSchema } },
    handler: async (req, reply) => reply.code(201).send(await createEntity(ctx, actorOf(req), req.body)),
  });

  app.patch('/api/v1/entities/:id', {
    config: { access: 'entity.write' },
    schema: { tags: ['registry'], summary: 'Change a market entity (optimistic version check)', params: z.object({ id: IdSchema }), body: EntityPatchBodySchema, response: { 200: EntityDetailSchema } },
    handler: async (req) => updateEntity(ctx, actorOf(req), req.params.id, req.body),
  });
}
