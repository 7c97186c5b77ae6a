import { IdSchema } from '@zhengqi/contracts/common';
import {
  OfficialsPutBodySchema, OfficialsSchema, OverdueProceduresQuerySchema, OverdueProceduresSchema, PartiesPutBodySchema, PartiesSchema, ProcedureCreateBodySchema,
  ProcedurePatchBodySchema, ProcedureSchema, ProceduresSchema,
} from '@zhengqi/contracts/project-parts';
import { z } from 'zod';
import type { AppContext } from '../../platform/app-context';
import { actorOf, type ZApp } from '../../platform/http/fastify-types';
import { createProcedure, getOfficials, getParties, listProcedures, overdueProcedures, patchProcedure, putOfficials, putParties } from './project-parts-service';

const params = z.object({ id: IdSchema });

/** Registry parts of key projects: helping officials, the five responsible parties, procedures and overdue procedures. */
export function registerProjectPartsRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/v1/projects/:id/officials', {
    config: { access: 'project.read' },
    schema: { tags: ['projects'], summary: 'Helping officials (帮包领导) of a project, with the project version', params, response: { 200: OfficialsSchema } },
    handler: async (req) => getOfficials(ctx, actorOf(req), req.params.id),
  });

  app.put('/api/v1/projects/:id/officials', {
    config: { access: 'project.write' },
    schema: { tags: ['projects'], summary: 'Replace the helping officials (checks and bumps the project version)', params, body: OfficialsPutBodySchema, response: { 200: OfficialsSchema } },
    handler: async (req) => putOfficials(ctx, actorOf(req), req.params.id, req.body),
  });

  app.get('/api/v1/projects/:id/parties', {
    config: { access: 'project.read' },
    schema: { tags: ['projects'], summary: 'The five responsible parties (五方责任主体) of a project, with the project version', params, response: { 200: PartiesSchema } },
    handler: async (req) => getParties(ctx, actorOf(req), req.params.id),
  });

  app.put('/api/v1/projects/:id/parties', {
    config: { access: 'project.write' },
    schema: { tags: ['projects'], summary: 'Replace the responsible parties (checks and bumps the project version; USCC form checked)', params, body: PartiesPutBodySchema, response: { 200: PartiesSchema } },
    handler: async (req) => putParties(ctx, actorOf(req), req.params.id, req.body),
  });

  app.get('/api/v1/projects/:id/procedures', {
    config: { access: 'project.read' },
    schema: { tags: ['projects'], summary: 'Procedures (手续) of a project with working-day deadlines', params, response: { 200: ProceduresSchema } },
    handler: async (req) => listProcedures(ctx, actorOf(req), req.params.id),
  });

  app.post('/api/v1/projects/:id/procedures', {
    config: { access: 'project.write' },
    schema: { tags: ['projects'], summary: 'Add a procedure to a project (one per kind)', params, body: ProcedureCreateBodySchema, response: { 201: ProcedureSchema } },
    handler: async (req, reply) => reply.code(201).send(await createProcedure(ctx, actorOf(req), req.params.id, req.body)),
  });

  app.get('/api/v1/procedures/overdue', {
    config: { access: 'project.read' },
    schema: { tags: ['projects'], summary: 'Overdue procedures for special supervision (手续办理专项督导)', querystring: OverdueProceduresQuerySchema, response: { 200: OverdueProceduresSchema } },
    handler: async (req) => overdueProcedures(ctx, actorOf(req), req.query.region),
  });

  app.patch('/api/v1/procedures/:id', {
    config: { access: 'project.write' },
    schema: { tags: ['projects'], summary: 'Change a procedure (optimistic version check)', params, body: ProcedurePatchBodySchema, response: { 200: ProcedureSchema } },
    handler: async (req) => patchProcedure(ctx, actorOf(req), req.params.id, req.body),
  });
}
