import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../platform/config/config';

/** A fixed key for tests only. */
export const TEST_SECRET_KEY = '5a4851c2f0e1d2c3b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f708192a3b4c5';
/** The instant tests start at: Friday 2026-11-27 10:00 in Shanghai. */
export const TEST_NOW = new Date('2026-11-27T02:00:00.000Z');
export const DEMO_PASSWORD = 'Zhengqi@2026';

/** Which database the integration tests run on. */
export function testDbKind(): 'pglite' | 'postgres' {
  return process.env.ZQ_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

/** Configuration for a test app: fixed key, quiet logs, a generous login rate limit. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    ZQ_SECRET_KEY: TEST_SECRET_KEY,
    ZQ_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'zq-test-')),
    LOG_LEVEL: 'silent',
    ZQ_LOGIN_RATE_LIMIT: '10000',
    ...overrides,
  });
}
