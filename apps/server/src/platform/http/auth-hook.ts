import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context';
import { authenticate } from '../auth/auth-service';
import { DomainError } from '../errors/domain-error';

export const SESSION_COOKIE = 'zq_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** onRequest: resolves the session, enforces CSRF on state changes and the route's permission. */
export function makeAuthHook(ctx: AppContext) {
  return async function authHook(req: FastifyRequest, _reply: FastifyReply): Promise<void> {
    req.auth = null;
    const access = req.routeOptions.config.access ?? 'public';
    const token = req.cookies[SESSION_COOKIE];
    if (access === 'public') {
      return;
    }
    if (token === undefined || token === '') {
      throw new DomainError('UNAUTHENTICATED');
    }
    req.auth = await authenticate(ctx, token, req.id);
    if (!SAFE_METHODS.has(req.method) && req.headers[CSRF_HEADER] !== req.auth.csrfToken) {
      throw new DomainError('CSRF_FAILED', { field: CSRF_HEADER });
    }
    if (access !== 'authenticated' && !req.auth.actor.permissions.has(access)) {
      throw new DomainError('FORBIDDEN', { detail: `missing permission ${access}` });
    }
  };
}

/** Cookies are Secure everywhere but on localhost, unless the operator says otherwise. */
export function cookieIsSecure(ctx: AppContext, req: FastifyRequest): boolean {
  if (ctx.config.secureCookies !== 'auto') {
    return ctx.config.secureCookies === 'true';
  }
  const host = req.hostname.replace(/:\d+$/, '');
  return !['localhost', '127.0.0.1', '[::1]', '::1'].includes(host);
}
