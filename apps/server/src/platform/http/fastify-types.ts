import type { Permission } from '@zhengqi/contracts/permissions';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Authenticated } from '../auth/auth-service';
import type { Actor } from '../authz/actor';
import { DomainError } from '../errors/domain-error';

/** Who may call a route: anyone, any logged-in user, or holders of one permission. */
export type Access = 'public' | 'authenticated' | Permission;

/* eslint-disable @typescript-eslint/consistent-type-definitions -- module augmentation needs interfaces */
declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    auth: Authenticated | null;
  }
}
/* eslint-enable @typescript-eslint/consistent-type-definitions */

export type ZApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** The session of a request (the auth hook guarantees it on non-public routes). */
export function authOf(req: FastifyRequest): Authenticated {
  if (req.auth === null) {
    throw new DomainError('UNAUTHENTICATED');
  }
  return req.auth;
}

/** The authenticated actor of a request. */
export function actorOf(req: FastifyRequest): Actor {
  return authOf(req).actor;
}
