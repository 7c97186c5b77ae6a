import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../test/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ env: { ZQ_LOGIN_RATE_LIMIT: '3' } });
});
afterAll(async () => t.close());

describe('login rate limit', () => {
  it('refuses attempts past the per-minute limit with a 429 problem, even with the right password', async () => {
    const attempt = (password: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'gaotang.clerk', password } });
    expect((await attempt('wrong-1')).statusCode).toBe(401);
    expect((await attempt('wrong-2')).statusCode).toBe(401);
    expect((await attempt('Zhengqi@2026')).statusCode).toBe(200);
    const limited = await attempt('Zhengqi@2026');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(limited.json<{ code: string; messageEn: string }>().code).toBe('RATE_LIMITED');
  });
});
