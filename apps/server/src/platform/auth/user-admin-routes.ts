import {
  PasswordResetBodySchema, RoleListSchema, RoleSchema, RoleUpsertBodySchema, UserCreateBodySchema, UserListQuerySchema, UserPageSchema, UserPatchBodySchema, UserSchema,
} from '@zhengqi/contracts/admin';
import { IdSchema, OkSchema } from '@zhengqi/contracts/common';
import { z } from 'zod';
import type { AppContext } from '../app-context';
import { actorOf, type ZApp } from '../http/fastify-types';
import { createUser, listRoles, listUsers, resetPassword, updateUser, upsertRole } from './user-admin';

/** Users and roles, for administrators. */
export function registerUserAdminRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/v1/users', {
    config: { access: 'user.read' },
    schema: { tags: ['admin'], summary: 'Users in the jurisdiction', querystring: UserListQuerySchema, response: { 200: UserPageSchema } },
    handler: async (req) => listUsers(ctx, actorOf(req), req.query),
  });
  app.post('/api/v1/users', {
    config: { access: 'user.manage' },
    schema: { tags: ['admin'], summary: 'Create a user', body: UserCreateBodySchema, response: { 201: UserSchema } },
    handler: async (req, reply) => reply.code(201).send(await createUser(ctx, actorOf(req), req.body)),
  });
  app.patch('/api/v1/users/:id', {
    config: { access: 'user.manage' },
    schema: { tags: ['admin'], summary: 'Change, disable or re-enable a user (disabling ends their sessions)', params: z.object({ id: IdSchema }), body: UserPatchBodySchema, response: { 200: UserSchema } },
    handler: async (req) => updateUser(ctx, actorOf(req), req.params.id, req.body),
  });
  app.post('/api/v1/users/:id/password', {
    config: { access: 'user.manage' },
    schema: { tags: ['admin'], summary: 'Reset a password (unlocks the account)', params: z.object({ id: IdSchema }), body: PasswordResetBodySchema, response: { 200: OkSchema } },
    handler: async (req) => {
      await resetPassword(ctx, actorOf(req), req.params.id, req.body.password);
      return { ok: true as const };
    },
  });
  app.get('/api/v1/roles', {
    config: { access: 'user.read' },
    schema: { tags: ['admin'], summary: 'Roles and their permissions', response: { 200: RoleListSchema } },
    handler: async (req) => ({ items: await listRoles(ctx, actorOf(req)) }),
  });
  app.put('/api/v1/roles/:code', {
    config: { access: 'role.manage' },
    schema: { tags: ['admin'], summary: 'Create or change a custom role', params: z.object({ code: RoleUpsertBodySchema.shape.code }), body: RoleUpsertBodySchema.omit({ code: true }), response: { 200: RoleSchema } },
    handler: async (req) => upsertRole(ctx, actorOf(req), { code: req.params.code, ...req.body }),
  });
}
