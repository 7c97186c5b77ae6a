import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeTestApp, type TestApp } from './test/test-app';

// The operational surface: probes, metrics, API docs, security headers, the session cookie, 500s.

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(async () => t.close());

const STACK = /\bat [^\n]*\.(ts|js):\d+/;

function expectSecurityHeaders(res: LightMyRequestResponse, what: string): void {
  const csp = String(res.headers['content-security-policy']);
  expect(csp, what).toMatch(/(^|;)\s*default-src 'self'\s*(;|$)/);
  expect(res.headers['x-content-type-options'], what).toBe('nosniff');
  expect(res.headers['x-powered-by'], what).toBeUndefined();
}

describe('probes and metrics', () => {
  it('/healthz is 200', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz is 200 ready on a migrated database', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready' });
  });

  it('/readyz is 503 when the database does not answer', async () => {
    const spy = vi.spyOn(t.db, 'ping').mockRejectedValueOnce(new Error('connection refused'));
    try {
      const res = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'database unreachable' });
      expect(res.body).not.toContain('connection refused');
    } finally {
      spy.mockRestore();
    }
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });

  it('/metrics is Prometheus text with the request-duration histogram', async () => {
    await t.app.inject({ method: 'GET', url: '/healthz' });
    await t.app.inject({ method: 'GET', url: '/api/v1/entities' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toContain('# TYPE zq_http_request_duration_seconds histogram');
    expect(res.body).toMatch(/^zq_http_request_duration_seconds_bucket\{.*\} \d+/m);
    expect(res.body).toMatch(/^zq_http_request_duration_seconds_count\{.*\} [1-9]\d*/m);
  });
});

describe('API documentation', () => {
  it('/api/openapi.json is OpenAPI 3.1 and documents the entities API', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; info: { title: string }; paths: Record<string, Record<string, unknown>> }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths['/api/v1/entities'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(doc.paths['/api/v1/entities/{id}']).toHaveProperty('patch');
    // Internal probes are not part of the published API.
    expect(doc.paths).not.toHaveProperty('/healthz');
  });

  it('/api/docs serves the HTML viewer', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toMatch(/<html/i);
  });
});

describe('security headers and the session cookie', () => {
  it('responses carry a CSP with default-src self, nosniff and no x-powered-by', async () => {
    const clerk = await t.login('gaotang.clerk');
    const cases: Array<[string, LightMyRequestResponse]> = [
      ['healthz', await t.app.inject({ method: 'GET', url: '/healthz' })],
      ['api json', await clerk.get('/api/v1/entities')],
      ['problem', await t.app.inject({ method: 'GET', url: '/api/v1/entities' })],
      ['not found', await t.app.inject({ method: 'GET', url: '/nope' })],
      ['xlsx', await clerk.get('/api/v1/entities/import-template.xlsx')],
    ];
    for (const [what, res] of cases) {
      expectSecurityHeaders(res, what);
    }
    expect(String(cases[0]?.[1].headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  });

  it('login sets the session cookie HttpOnly and SameSite=Strict, and the body carries no token', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'gaotang.clerk', password: 'Zhengqi@2026' } });
    expect(res.statusCode).toBe(200);
    const raw = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('zq_session='));
    expect(raw).toBeDefined();
    const attrs = (raw ?? '').split(';').map((a) => a.trim().toLowerCase());
    expect(attrs).toContain('httponly');
    expect(attrs).toContain('samesite=strict');
    expect(attrs).toContain('path=/');
    const token = res.cookies.find((c) => c.name === 'zq_session')?.value ?? '';
    expect(token.length).toBeGreaterThan(20);
    expect(res.body).not.toContain(token);
    expectSecurityHeaders(res, 'login');
  });

  it('a failed login sets no cookie', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'gaotang.clerk', password: 'wrong-Password-1' } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});

describe('unexpected failures', () => {
  it('a 500 is problem+json INTERNAL with no stack trace and no internal message', async () => {
    const clerk = await t.login('gaotang.clerk');
    const boom = new Error('boom: relation "secret_table" does not exist');
    boom.stack = `Error: boom\n    at selectEntityPage (/work/main/apps/server/src/modules/registry/entity-data.ts:51:7)`;
    const spy = vi.spyOn(t.db, 'tx').mockRejectedValueOnce(boom);
    let res: LightMyRequestResponse;
    try {
      res = await clerk.get('/api/v1/entities');
    } finally {
      spy.mockRestore();
    }
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json<{ code: string; message: string; messageEn: string; requestId?: string }>();
    expect(body.code).toBe('INTERNAL');
    expect(body.messageEn).toBe('Internal server error');
    expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body).not.toMatch(STACK);
    expect(res.body).not.toContain('secret_table');
    expect(res.body).not.toContain('boom');
    expectSecurityHeaders(res, '500');
    // The next request is served normally.
    expect((await clerk.get('/api/v1/entities')).statusCode).toBe(200);
  });
});
