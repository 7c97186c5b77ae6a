import { IdSchema } from '@zhengqi/contracts/common';
import { PersonCreateBodySchema, PersonListQuerySchema, PersonPageSchema, PersonSchema, RevealBodySchema } from '@zhengqi/contracts/persons';
import { z } from 'zod';
import type { AppContext } from '../../platform/app-context';
import { actorOf, type ZApp } from '../../platform/http/fastify-types';
import { createPerson, getPerson, listPersons, revealPerson } from './person-service';

/** Persons (borrowers, mentors, contacts) with masked ID and phone numbers. */
export function registerPersonRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/v1/persons', {
    config: { access: 'person.read' },
    schema: { tags: ['registry'], summary: 'Persons, masked', querystring: PersonListQuerySchema, response: { 200: PersonPageSchema } },
    handler: async (req) => listPersons(ctx, actorOf(req), req.query),
  });
  app.get('/api/v1/persons/:id', {
    config: { access: 'person.read' },
    schema: { tags: ['registry'], summary: 'One person, masked', params: z.object({ id: IdSchema }), response: { 200: PersonSchema } },
    handler: async (req) => getPerson(ctx, actorOf(req), req.params.id),
  });
  app.post('/api/v1/persons/:id/reveal', {
    config: { access: 'pii.read' },
    schema: { tags: ['registry'], summary: 'Unmasked ID and phone, with a reason; audited', params: z.object({ id: IdSchema }), body: RevealBodySchema, response: { 200: PersonSchema } },
    handler: async (req) => revealPerson(ctx, actorOf(req), req.params.id, req.body.reason),
  });
  app.post('/api/v1/persons', {
    config: { access: 'person.write' },
    schema: { tags: ['registry'], summary: 'Register a person', body: PersonCreateBodySchema, response: { 201: PersonSchema } },
    handler: async (req, reply) => reply.code(201).send(await createPerson(ctx, actorOf(req), req.body)),
  });
}
