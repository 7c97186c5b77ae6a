import { LoginBodySchema, MeSchema, PreferencesBodySchema } from '@zhengqi/contracts/auth';
import { OkSchema } from '@zhengqi/contracts/common';
import { z } from 'zod';
import type { AppContext } from '../app-context';
import { CSRF_HEADER, SESSION_COOKIE, cookieIsSecure } from '../http/auth-hook';
import { actorOf, authOf, type ZApp } from '../http/fastify-types';
import { describeMe, login, logout, setLocale } from './auth-service';

/** Login, logout, the caller's profile and preferences. */
export function registerAuthRoutes(app: ZApp, ctx: AppContext): void {
  app.post('/api/v1/auth/login', {
    config: {
      access: 'public',
      rateLimit: { max: ctx.config.loginRateLimitPerMinute, timeWindow: '1 minute' },
    },
    schema: {
      tags: ['auth'],
      summary: 'Log in; sets the session cookie',
      body: LoginBodySchema,
      response: { 200: z.object({ csrfToken: z.string(), csrfHeader: z.string() }) },
    },
    handler: async (req, reply) => {
      const r = await login(ctx, { ...req.body, requestId: req.id });
      void reply.setCookie(SESSION_COOKIE, r.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: cookieIsSecure(ctx, req),
        path: '/',
        maxAge: ctx.config.sessionMaxHours * 3600,
      });
      return { csrfToken: r.csrfToken, csrfHeader: CSRF_HEADER };
    },
  });

  app.post('/api/v1/auth/logout', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: 'End the session', response: { 200: OkSchema } },
    handler: async (req, reply) => {
      if (req.auth !== null) {
        await logout(ctx, req.auth);
      }
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  });

  app.get('/api/v1/auth/me', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: 'The caller: user, organization, roles, permissions, jurisdiction', response: { 200: MeSchema } },
    handler: async (req) => describeMe(ctx, authOf(req)),
  });

  app.put('/api/v1/auth/preferences', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: "Save the caller's language", body: PreferencesBodySchema, response: { 200: OkSchema } },
    handler: async (req) => {
      await setLocale(ctx, actorOf(req), req.body.locale);
      return { ok: true as const };
    },
  });
}
