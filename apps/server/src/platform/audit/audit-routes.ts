import { AuditListQuerySchema, AuditPageSchema, AuditVerifySchema } from '@zhengqi/contracts/admin';
import type { AppContext } from '../app-context';
import { authorize, scopeOf } from '../authz/actor';
import { actorOf, type ZApp } from '../http/fastify-types';
import { listAudit, sealAudit, verifyAuditChain } from './audit-log';

/** The auditor's view of the audit chain. Administrators hold neither permission (separation of duties). */
export function registerAuditRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/v1/audit', {
    config: { access: 'audit.read' },
    schema: { tags: ['audit'], summary: 'Audit records, newest first, with filters', querystring: AuditListQuerySchema, response: { 200: AuditPageSchema } },
    handler: async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'audit.read');
      const { page, pageSize, ...filter } = req.query;
      const r = await ctx.db.tx(scopeOf(actor), (tx) => listAudit(tx, filter, page, pageSize));
      return { ...r, page, pageSize };
    },
  });

  app.get('/api/v1/audit/verify', {
    config: { access: 'audit.verify' },
    schema: { tags: ['audit'], summary: 'Walk the SM3 chain and name the first broken link', response: { 200: AuditVerifySchema } },
    handler: async (req) => {
      authorize(actorOf(req), 'audit.verify');
      // The whole chain is verified, whatever the auditor's jurisdiction: a link is a link. Records
      // committed but still waiting (a process stopped before sealing them) are sealed first.
      await sealAudit(ctx.db);
      const v = await ctx.db.tx({ kind: 'system' }, (tx) => verifyAuditChain(tx));
      return v.ok
        ? { ok: true, count: v.count, checkedAt: ctx.clock.now().toISOString() }
        : { ok: false, count: v.count, brokenAtSeq: v.brokenAtSeq, reason: v.reasonText, checkedAt: ctx.clock.now().toISOString() };
    },
  });
}
