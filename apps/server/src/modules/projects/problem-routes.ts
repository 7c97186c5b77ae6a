import { IdSchema } from '@zhengqi/contracts/common';
import { PROBLEM_ACTION_BODY_SCHEMAS, PROBLEM_ACTION_LABELS, PROBLEM_ACTION_PATHS, PROBLEM_ACTIONS, ProblemCreateBodySchema, type ProblemAction, type ProblemActionInputs } from '@zhengqi/contracts/problems';
import { ProblemDetailSchema, ProblemListQuerySchema, ProblemPageSchema } from '@zhengqi/contracts/projects';
import { z } from 'zod';
import type { AppContext } from '../../platform/app-context';
import { actorOf, type ZApp } from '../../platform/http/fastify-types';
import { actOnProblem, collectProblem, getProblem, listProblems, permissionOf } from './problem-service';

const Params = z.object({ id: IdSchema });

/** The problem loop (问题闭环): collect, list, detail, and one literal route per action. */
export function registerProblemRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/v1/problems', {
    config: { access: 'problem.read' },
    schema: { tags: ['problems'], summary: 'Problems in the caller’s jurisdiction, overdue first', querystring: ProblemListQuerySchema, response: { 200: ProblemPageSchema } },
    handler: async (req) => listProblems(ctx, actorOf(req), req.query),
  });

  app.get('/api/v1/problems/:id', {
    config: { access: 'problem.read' },
    schema: { tags: ['problems'], summary: 'One problem with its timeline and the caller’s available actions', params: Params, response: { 200: ProblemDetailSchema } },
    handler: async (req) => getProblem(ctx, actorOf(req), req.params.id),
  });

  app.post('/api/v1/problems', {
    config: { access: 'problem.report' },
    schema: { tags: ['problems'], summary: 'Collect a problem on a project', body: ProblemCreateBodySchema, response: { 201: ProblemDetailSchema } },
    handler: async (req, reply) => reply.code(201).send(await collectProblem(ctx, actorOf(req), req.body)),
  });

  const registerAction = <A extends ProblemAction>(action: A) => {
    app.post(`/api/v1/problems/:id/${PROBLEM_ACTION_PATHS[action]}`, {
      config: { access: permissionOf(action) },
      schema: {
        tags: ['problems'],
        summary: `${PROBLEM_ACTION_LABELS[action].en} (${PROBLEM_ACTION_LABELS[action].zh}); a stale \`version\` is 409 VERSION_CONFLICT`,
        params: Params,
        body: PROBLEM_ACTION_BODY_SCHEMAS[action],
        response: { 200: ProblemDetailSchema },
      },
      // The body schema is the action's own: the route fixes the (action, input) pair.
      handler: async (req) => actOnProblem(ctx, actorOf(req), req.params.id, action, req.body as ProblemActionInputs[A]),
    });
  };
  for (const action of PROBLEM_ACTIONS) {
    registerAction(action);
  }
}
