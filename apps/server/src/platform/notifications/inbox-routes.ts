import { IdSchema, OkSchema } from '@zhengqi/contracts/common';
import { InboxPageSchema, InboxQuerySchema } from '@zhengqi/contracts/supervision';
import { z } from 'zod';
import type { AppContext } from '../app-context';
import { actorOf, type ZApp } from '../http/fastify-types';
import { listInbox, markRead } from './inbox';

/** The in-app inbox (站内消息): every logged-in user reads their own. */
export function registerInboxRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/v1/inbox', {
    config: { access: 'authenticated' },
    schema: { tags: ['inbox'], summary: 'The caller’s notifications, unread first, paged', querystring: InboxQuerySchema, response: { 200: InboxPageSchema } },
    handler: async (req) => listInbox(ctx, actorOf(req), req.query),
  });

  app.post('/api/v1/inbox/:id/read', {
    config: { access: 'authenticated' },
    schema: { tags: ['inbox'], summary: 'Mark one of the caller’s notifications read', params: z.object({ id: IdSchema }), response: { 200: OkSchema } },
    handler: async (req) => {
      await markRead(ctx, actorOf(req), req.params.id);
      return { ok: true as const };
    },
  });
}
