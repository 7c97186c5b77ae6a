import { DeadlineDaysPutBodySchema, DeadlineDaysSchema, ReferenceCodeSchema, ReferenceDataSchema, ReferenceItemPutBodySchema, ReferenceItemSchema, ReferenceListSchema } from '@zhengqi/contracts/reference-lists';
import { z } from 'zod';
import type { AppContext } from '../app-context';
import { actorOf, type ZApp } from '../http/fastify-types';
import { getReferenceData, putDeadlineDays, putReferenceItem } from './reference-service';

/** The configurable lists (sectors, problem categories, procedure kinds) and the problem deadlines. */
export function registerReferenceRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/v1/reference-lists', {
    config: { access: 'authenticated' },
    schema: { tags: ['reference'], summary: 'Every configurable list with its items, and the problem deadlines by severity', response: { 200: ReferenceDataSchema } },
    handler: async (req) => getReferenceData(ctx, actorOf(req)),
  });

  app.put('/api/v1/reference-lists/:list/items/:code', {
    config: { access: 'reference.manage' },
    schema: {
      tags: ['reference'],
      summary: 'Add an item (no version) or change one (with its version): labels, order, active',
      params: z.object({ list: ReferenceListSchema, code: ReferenceCodeSchema }),
      body: ReferenceItemPutBodySchema,
      response: { 200: ReferenceItemSchema },
    },
    handler: async (req) => putReferenceItem(ctx, actorOf(req), req.params.list, req.params.code, req.body),
  });

  app.put('/api/v1/reference-lists/problem-deadline-days', {
    config: { access: 'reference.manage' },
    schema: { tags: ['reference'], summary: 'Set the problem deadline in working days for each severity', body: DeadlineDaysPutBodySchema, response: { 200: DeadlineDaysSchema } },
    handler: async (req) => putDeadlineDays(ctx, actorOf(req), req.body),
  });
}
