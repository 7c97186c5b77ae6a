import { IdSchema } from '@zhengqi/contracts/common';
import { BulletinCreateBodySchema, BulletinListQuerySchema, BulletinPageSchema, BulletinSchema } from '@zhengqi/contracts/supervision';
import { z } from 'zod';
import type { AppContext } from '../../platform/app-context';
import { DOCX_TYPE, sendDownload, XLSX_TYPE } from '../../platform/http/download';
import { actorOf, type ZApp } from '../../platform/http/fastify-types';
import { bulletinDocx } from './bulletin-docx';
import { createBulletin, getBulletin, listBulletins } from './bulletin-service';
import { bulletinXlsx } from './bulletin-xlsx';

const Params = z.object({ id: IdSchema });

/** Supervision bulletins (督导通报): build and keep, list, preview, download. */
export function registerBulletinRoutes(app: ZApp, ctx: AppContext): void {
  app.post('/api/v1/bulletins', {
    config: { access: 'problem.dispatch' },
    schema: { tags: ['bulletins'], summary: 'Build and keep a numbered supervision bulletin for a region and period', body: BulletinCreateBodySchema, response: { 201: BulletinSchema } },
    handler: async (req, reply) => reply.code(201).send(await createBulletin(ctx, actorOf(req), req.body)),
  });

  app.get('/api/v1/bulletins', {
    config: { access: 'problem.read' },
    schema: { tags: ['bulletins'], summary: 'Kept bulletins, newest first', querystring: BulletinListQuerySchema, response: { 200: BulletinPageSchema } },
    handler: async (req) => listBulletins(ctx, actorOf(req), req.query),
  });

  app.get('/api/v1/bulletins/:id', {
    config: { access: 'problem.read' },
    schema: { tags: ['bulletins'], summary: 'One bulletin with its content (the preview)', params: Params, response: { 200: BulletinSchema } },
    handler: async (req) => getBulletin(ctx, actorOf(req), req.params.id),
  });

  app.get('/api/v1/bulletins/:id/docx', {
    config: { access: 'problem.read' },
    schema: { tags: ['bulletins'], summary: 'The bulletin as a Word document', params: Params },
    handler: async (req, reply) => {
      const b = await getBulletin(ctx, actorOf(req), req.params.id);
      return sendDownload(reply, DOCX_TYPE, await bulletinDocx(b), `${b.number}.docx`);
    },
  });

  app.get('/api/v1/bulletins/:id/xlsx', {
    config: { access: 'problem.read' },
    schema: { tags: ['bulletins'], summary: 'The bulletin as a workbook', params: Params },
    handler: async (req, reply) => {
      const b = await getBulletin(ctx, actorOf(req), req.params.id);
      return sendDownload(reply, XLSX_TYPE, await bulletinXlsx(b), `${b.number}.xlsx`);
    },
  });
}
