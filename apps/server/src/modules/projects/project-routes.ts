import { IdSchema } from '@zhengqi/contracts/common';
import {
  ProjectCreateBodySchema, ProjectDetailSchema, ProjectListQuerySchema, ProjectPageSchema, ProjectPatchBodySchema, ProjectStatsQuerySchema, ProjectStatsSchema,
} from '@zhengqi/contracts/projects';
import { z } from 'zod';
import type { AppContext } from '../../platform/app-context';
import { actorOf, type ZApp } from '../../platform/http/fastify-types';
import { createProject, getProject, listProjects, projectStats, updateProject } from './project-service';

/** Key projects (重点项目): list, statistics, detail, create, edit. */
export function registerProjectRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/v1/projects', {
    config: { access: 'project.read' },
    schema: { tags: ['projects'], summary: 'Key projects in the caller’s jurisdiction (money in integer fen)', querystring: ProjectListQuerySchema, response: { 200: ProjectPageSchema } },
    handler: async (req) => listProjects(ctx, actorOf(req), req.query),
  });

  app.get('/api/v1/projects/stats', {
    config: { access: 'project.read' },
    schema: { tags: ['projects'], summary: 'Statistics derived from the registry for a year and region', querystring: ProjectStatsQuerySchema, response: { 200: ProjectStatsSchema } },
    handler: async (req) => projectStats(ctx, actorOf(req), req.query),
  });

  app.get('/api/v1/projects/:id', {
    config: { access: 'project.read' },
    schema: { tags: ['projects'], summary: 'One key project with its monthly progress reports', params: z.object({ id: IdSchema }), response: { 200: ProjectDetailSchema } },
    handler: async (req) => getProject(ctx, actorOf(req), req.params.id),
  });

  app.post('/api/v1/projects', {
    config: { access: 'project.write' },
    schema: { tags: ['projects'], summary: 'Register a key project', body: ProjectCreateBodySchema, response: { 201: ProjectDetailSchema } },
    handler: async (req, reply) => reply.code(201).send(await createProject(ctx, actorOf(req), req.body)),
  });

  app.patch('/api/v1/projects/:id', {
    config: { access: 'project.write' },
    schema: { tags: ['projects'], summary: 'Change a key project (optimistic version check)', params: z.object({ id: IdSchema }), body: ProjectPatchBodySchema, response: { 200: ProjectDetailSchema } },
    handler: async (req) => updateProject(ctx, actorOf(req), req.params.id, req.body),
  });
}
