import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { generateSecretKey, parseSecretKey, type FieldKeys } from '../crypto/sm-crypto';

/** The demo users' password when ZQ_DEMO_PASSWORD is not set (embedded database only). */
export const DEFAULT_DEMO_PASSWORD = 'Zhengqi@2026';

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  keys: FieldKeys;
  /** Where the key came from, for the start banner (never the key itself). */
  keySource: 'env' | 'file' | 'generated';
  fakeNow: Date | null;
  demoPassword: string;
  demoPasswordExplicit: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  sessionCacheSeconds: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  loginRateLimitPerMinute: number;
  secureCookies: 'auto' | 'true' | 'false';
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0, 'PORT must be 0–65535').max(65535, 'PORT must be 0–65535').default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'DATABASE_URL must look like postgres://user@host:5432/db')
    .optional(),
  ZQ_DATA_DIR: z.string().min(1).default('./data'),
  ZQ_SECRET_KEY: z.string().optional(),
  ZQ_FAKE_NOW: z
    .string()
    .refine((s) => !Number.isNaN(Date.parse(s)) && /T\d{2}:\d{2}/.test(s), 'ZQ_FAKE_NOW must be an ISO instant such as 2026-11-28T09:00:00+08:00')
    .optional(),
  ZQ_DEMO_PASSWORD: z.string().min(10, 'ZQ_DEMO_PASSWORD needs at least 10 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent').default('info'),
  ZQ_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  ZQ_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(168).default(12),
  ZQ_SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(10),
  ZQ_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  ZQ_LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  ZQ_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(30),
  ZQ_SECURE_COOKIES: z.enum(['auto', 'true', 'false']).default('auto'),
});

/** Reads and validates the environment; with an embedded database, creates the data folder and its key file. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, opts: { createKey?: boolean } = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  // Relative to where the user ran npm (INIT_CWD), not the workspace folder npm switches into.
  const dataDir = path.resolve(env.INIT_CWD ?? process.cwd(), e.ZQ_DATA_DIR);
  const problems: string[] = [];
  let keys: FieldKeys | null = null;
  let keySource: Config['keySource'] = 'env';
  if (e.ZQ_SECRET_KEY !== undefined) {
    try {
      keys = parseSecretKey(e.ZQ_SECRET_KEY);
    } catch (err) {
      problems.push(`ZQ_SECRET_KEY: ${(err as Error).message}`);
    }
  } else if (e.DATABASE_URL !== undefined) {
    problems.push('ZQ_SECRET_KEY: required with DATABASE_URL (64 hex characters; `openssl rand -hex 32` makes one). Keep it safe: without it encrypted ID and phone numbers cannot be read.');
  } else {
    const keyFile = path.join(dataDir, 'secret.key');
    if (existsSync(keyFile)) {
      keySource = 'file';
      try {
        keys = parseSecretKey(readFileSync(keyFile, 'utf8'));
      } catch (err) {
        problems.push(`${keyFile}: ${(err as Error).message}`);
      }
    } else if (opts.createKey !== false) {
      mkdirSync(dataDir, { recursive: true });
      const hex = generateSecretKey();
      writeFileSync(keyFile, `${hex}\n`, { mode: 0o600 });
      keySource = 'generated';
      keys = parseSecretKey(hex);
    } else {
      problems.push(`ZQ_SECRET_KEY: not set and ${keyFile} does not exist`);
    }
  }
  if (problems.length > 0 || keys === null) {
    throw new ConfigError(problems);
  }
  const host = e.HOST;
  return {
    port: e.PORT,
    host,
    databaseUrl: e.DATABASE_URL ?? null,
    dataDir,
    keys,
    keySource,
    fakeNow: e.ZQ_FAKE_NOW === undefined ? null : new Date(e.ZQ_FAKE_NOW),
    demoPassword: e.ZQ_DEMO_PASSWORD ?? DEFAULT_DEMO_PASSWORD,
    demoPasswordExplicit: e.ZQ_DEMO_PASSWORD !== undefined,
    logLevel: e.LOG_LEVEL,
    sessionIdleMinutes: e.ZQ_SESSION_IDLE_MINUTES,
    sessionMaxHours: e.ZQ_SESSION_MAX_HOURS,
    sessionCacheSeconds: e.ZQ_SESSION_CACHE_SECONDS,
    loginMaxFailures: e.ZQ_LOGIN_MAX_FAILURES,
    loginLockMinutes: e.ZQ_LOGIN_LOCK_MINUTES,
    loginRateLimitPerMinute: e.ZQ_LOGIN_RATE_LIMIT,
    secureCookies: e.ZQ_SECURE_COOKIES,
  };
}
