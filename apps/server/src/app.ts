import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import swaggerUi from '@fastify/swagger-ui';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { v7 } from 'uuid';
import { registerAttachmentRoutes } from './modules/projects/attachment-routes';
import { registerLoanRoutes } from './modules/loans/loan-routes';
import { registerBulletinRoutes } from './modules/projects/bulletin-routes';
import { registerDashboardRoutes } from './modules/projects/dashboard-routes';
import { registerProblemRoutes } from './modules/projects/problem-routes';
import { registerProjectExcelRoutes } from './modules/projects/project-excel-routes';
import { registerProjectRoutes } from './modules/projects/project-routes';
import { registerProjectPartsRoutes } from './modules/projects/project-parts-routes';
import { registerEntityRoutes } from './modules/registry/entity-routes';
import { registerOrganizationRoutes } from './modules/registry/organization-routes';
import { registerPersonRoutes } from './modules/registry/person-routes';
import type { AppContext } from './platform/app-context';
import { registerAuditRoutes } from './platform/audit/audit-routes';
import { registerAuthRoutes } from './platform/auth/auth-routes';
import { applySessionNotice } from './platform/auth/auth-service';
import { SESSION_CHANNEL, createSessionCache } from './platform/auth/session-cache';
import { registerUserAdminRoutes } from './platform/auth/user-admin-routes';
import { registerCalendarRoutes } from './platform/calendar/calendar-routes';
import { MULTIPART_OPTIONS } from './platform/files/file-routes';
import { registerInboxRoutes } from './platform/notifications/inbox-routes';
import { registerReferenceRoutes } from './platform/reference/reference-routes';
import { makeAuthHook } from './platform/http/auth-hook';
import type { Access, ZApp } from './platform/http/fastify-types';
import { installMetrics } from './platform/http/metrics';
import { handleError, handleNotFound } from './platform/http/problem';

export type BuildOptions = { logger?: boolean; webRoot?: string | null };

/** The built web application, served under / when present. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url));
/** A route as registered, with who may call it (for the permission matrix test and docs). */
export type RouteInfo = { method: string; url: string; access: Access };

/** Builds the Fastify app from the platform and the modules. */
export async function buildApp(ctx: Omit<AppContext, 'log' | 'sessions'>, opts: BuildOptions = {}): Promise<{ app: ZApp; routes: RouteInfo[]; ctx: AppContext }> {
  const fastify = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: ctx.config.logLevel,
            // No secrets or PII in logs: cookies, CSRF tokens and passwords never leave the process.
            redact: { paths: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', '*.password', '*.nationalId', '*.phone'], censor: '[redacted]' },
            serializers: {
              req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: req.url.replace(/([?&]q=)[^&]*/, '$1[redacted]'), id: req.id }),
            },
          },
    genReqId: () => v7(),
    requestIdHeader: false,
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();
  const app: ZApp = fastify;
  const appCtx: AppContext = { ...ctx, log: app.log, sessions: createSessionCache(ctx.config.sessionCacheSeconds * 1000) };
  await ctx.db.listen(SESSION_CHANNEL, (payload) => applySessionNotice(appCtx.sessions, payload));

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  const webRoot = opts.webRoot === undefined ? DEFAULT_WEB_ROOT : opts.webRoot;
  const serveWeb = webRoot !== null && existsSync(`${webRoot}/index.html`);
  app.setNotFoundHandler((req, reply) => {
    // The web app routes in the browser: any other GET outside the API gets its index page.
    const p = req.url.split('?')[0] ?? '';
    if (serveWeb && req.method === 'GET' && !p.startsWith('/api/') && p !== '/api') {
      return reply.type('text/html').sendFile('index.html');
    }
    return handleNotFound(req, reply);
  });
  app.decorateRequest('auth', null);

  const routes: RouteInfo[] = [];
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    for (const m of methods) {
      if (m !== 'HEAD' && r.url.startsWith('/api/v1/')) {
        routes.push({ method: m, url: r.url, access: r.config?.access ?? 'public' });
      }
    }
  });

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
  });
  await app.register(multipart, MULTIPART_OPTIONS);
  await app.register(rateLimit, { global: false, errorResponseBuilder: (_req, c) => ({ statusCode: 429, code: 'RATE_LIMITED', message: `retry after ${c.after}` }) });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Zhengqi (政企通) API', version: '1.0.0', description: 'Government–enterprise service platform. Errors are RFC 9457 problem+json with a stable `code`.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'zq_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  if (serveWeb) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: true, index: ['index.html'], maxAge: '1h' });
  }

  const metrics = installMetrics(app);
  app.addHook('onRequest', makeAuthHook(appCtx));

  app.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    try {
      await ctx.db.ping();
      const pending = await ctx.db.pendingMigrations();
      if (pending > 0) {
        return reply.code(503).send({ status: 'migrations pending', pending });
      }
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'database unreachable' });
    }
  });
  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => reply.type(metrics.contentType).send(await metrics.metrics()));
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  registerAuthRoutes(app, appCtx);
  registerCalendarRoutes(app, appCtx);
  registerReferenceRoutes(app, appCtx);
  registerAuditRoutes(app, appCtx);
  registerUserAdminRoutes(app, appCtx);
  registerOrganizationRoutes(app, appCtx);
  registerEntityRoutes(app, appCtx);
  registerPersonRoutes(app, appCtx);
  registerProjectRoutes(app, appCtx);
  registerProblemRoutes(app, appCtx);
  registerLoanRoutes(app, appCtx);
  registerProjectExcelRoutes(app, appCtx);
  registerBulletinRoutes(app, appCtx);
  registerInboxRoutes(app, appCtx);
  registerProjectPartsRoutes(app, appCtx);
  registerDashboardRoutes(app, appCtx);
  registerAttachmentRoutes(app, appCtx);

  await app.ready();
  return { app, routes, ctx: appCtx };
}
