import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const KEY = '5a4851c2f0e1d2c3b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f708192a3b4c5';
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env, { createKey: false });
  } catch (err) {
    if (err instanceof ConfigError) {
      return err.problems;
    }
    throw err;
  }
  return [];
};

describe('configuration from the environment', () => {
  it('defaults: port 3000, ./data, info logs, embedded database', () => {
    const c = loadConfig({ ZQ_SECRET_KEY: KEY }, { createKey: false });
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeNull();
    expect(c.dataDir).toBe(path.resolve('./data'));
    expect(loadConfig({ ZQ_SECRET_KEY: KEY, INIT_CWD: '/srv/zhengqi' }, { createKey: false }).dataDir).toBe('/srv/zhengqi/data');
    expect(c.logLevel).toBe('info');
    expect(c.fakeNow).toBeNull();
  });

  it('names each bad value with a clear message', () => {
    const problems = problemsOf({ PORT: '70000', LOG_LEVEL: 'loud', ZQ_FAKE_NOW: 'yesterday', DATABASE_URL: 'mysql://x', ZQ_SECRET_KEY: KEY });
    expect(problems.join('\n')).toMatch(/PORT/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL/);
    expect(problems.join('\n')).toMatch(/ZQ_FAKE_NOW must be an ISO instant/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL must look like postgres/);
  });

  it('a server database needs ZQ_SECRET_KEY', () => {
    expect(problemsOf({ DATABASE_URL: 'postgres://u@h/db' })[0]).toMatch(/ZQ_SECRET_KEY: required with DATABASE_URL/);
  });

  it('a malformed key is refused without echoing it', () => {
    const p = problemsOf({ ZQ_SECRET_KEY: 'not-a-key-but-secret' }).join('\n');
    expect(p).toMatch(/ZQ_SECRET_KEY/);
    expect(p).not.toContain('not-a-key-but-secret');
  });

  it('the embedded default generates a key into the data folder once and reuses it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'zq-cfg-'));
    const first = loadConfig({ ZQ_DATA_DIR: dir });
    expect(first.keySource).toBe('generated');
    expect(existsSync(path.join(dir, 'secret.key'))).toBe(true);
    const second = loadConfig({ ZQ_DATA_DIR: dir });
    expect(second.keySource).toBe('file');
    expect(second.keys.sm4Key.equals(first.keys.sm4Key)).toBe(true);
    expect(readFileSync(path.join(dir, 'secret.key'), 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ZQ_FAKE_NOW fixes the clock instant; ZQ_DEMO_PASSWORD is marked explicit', () => {
    const c = loadConfig({ ZQ_SECRET_KEY: KEY, ZQ_FAKE_NOW: '2026-11-27T10:00:00+08:00', ZQ_DEMO_PASSWORD: 'Another-Pass-1' }, { createKey: false });
    expect(c.fakeNow?.toISOString()).toBe('2026-11-27T02:00:00.000Z');
    expect(c.demoPasswordExplicit).toBe(true);
  });
});
