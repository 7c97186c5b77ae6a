import { OrgCreateBodySchema, OrgListQuerySchema, OrgPatchBodySchema, OrganizationPageSchema, OrganizationSchema, RegionListSchema } from '@zhengqi/contracts/admin';
import { IdSchema } from '@zhengqi/contracts/common';
import { z } from 'zod';
import type { AppContext } from '../../platform/app-context';
import { actorOf, type ZApp } from '../../platform/http/fastify-types';
import { createOrganization, listOrganizations, updateOrganization } from './organization-service';

/** Organizations and the region list. */
export function registerOrganizationRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/v1/regions', {
    config: { access: 'authenticated' },
    schema: { tags: ['registry'], summary: 'Regions (GB/T 2260 and the functional zones)', response: { 200: RegionListSchema } },
    handler: async () => ({ items: [...ctx.regions.all()] }),
  });
  app.get('/api/v1/organizations', {
    config: { access: 'org.read' },
    schema: { tags: ['registry'], summary: 'Organizations in the caller’s jurisdiction', querystring: OrgListQuerySchema, response: { 200: OrganizationPageSchema } },
    handler: async (req) => listOrganizations(ctx, actorOf(req), req.query),
  });
  app.post('/api/v1/organizations', {
    config: { access: 'org.write' },
    schema: { tags: ['registry'], summary: 'Create an organization', body: OrgCreateBodySchema, response: { 201: OrganizationSchema } },
    handler: async (req, reply) => reply.code(201).send(await createOrganization(ctx, actorOf(req), req.body)),
  });
  app.patch('/api/v1/organizations/:id', {
    config: { access: 'org.write' },
    schema: { tags: ['registry'], summary: 'Change an organization', params: z.object({ id: IdSchema }), body: OrgPatchBodySchema, response: { 200: OrganizationSchema } },
    handler: async (req) => updateOrganization(ctx, actorOf(req), req.params.id, req.body),
  });
}
