/// <reference types="node" />
// e2e/*.ts are linted through the default project, which has no `types` setting: name Node's here.
// Browser-test harness: each suite gets the real server (own data folder, own port, demo data,
// fixed clock) and a Debian Chromium driven by playwright-core. No sleeps: every wait polls a condition.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const DEMO_PASSWORD = 'Zhengqi@2026';
export const FAKE_NOW = '2026-11-27T10:00:00+08:00';
export const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const WEB_INDEX = path.join(REPO_ROOT, 'apps/web/dist/index.html');
const READY_TIMEOUT_MS = 90_000;
/** Default timeout of one UI wait (a lazily loaded page, a query, a re-render). */
export const UI_TIMEOUT_MS = 30_000;
// The first page load fetches the whole bundle; on a busy machine that alone can take a while.
const NAVIGATION_TIMEOUT_MS = 60_000;

/** A running server and browser for one test file. */
export type Suite = {
  baseUrl: string;
  dataDir: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** A page in a new browser context (no cookies, no local storage), set up like `page`. */
  freshPage: () => Promise<Page>;
  /** Stops the server (SIGTERM, waits for exit), closes the browser, removes the data folder. */
  stop: () => Promise<void>;
};

/**
 * True when Debian's Chromium is installed. When it is not, prints one line per test run (not per
 * file: the files share the vitest parent process) saying how to install it.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) {
    return true;
  }
  const marker = path.join(tmpdir(), `zq-e2e-skip-notice-${process.ppid}`);
  try {
    writeFileSync(marker, '', { flag: 'wx' });
    console.warn(`e2e: skipped — Chromium not found at ${CHROMIUM_PATH} (install it with: apt-get install chromium)`);
  } catch {
    // Another file of this run already printed the notice.
  }
  return false;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => (port > 0 ? resolve(port) : reject(new Error('e2e: no free port'))));
    });
  });
}

// Keeps the tail of a stream so a failed start can show what the server said.
function tail(stream: NodeJS.ReadableStream | null, max = 20_000): () => string {
  let text = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    text = (text + chunk).slice(-max);
  });
  return () => text;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited(child);
  clearTimeout(timer);
}

async function waitReady(baseUrl: string, child: ChildProcess, stderr: () => string, stdout: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`e2e: the server exited (${child.exitCode ?? child.signalCode ?? '?'}) before it was ready.\n--- server stderr ---\n${stderr()}\n--- server stdout ---\n${stdout()}`);
    }
    try {
      const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(5_000) });
      if (res.status === 200) {
        return;
      }
      last = `HTTP ${res.status}: ${await res.text()}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`e2e: GET ${baseUrl}/readyz was not 200 within ${READY_TIMEOUT_MS / 1000} s (last: ${last}).\n--- server stderr ---\n${stderr()}\n--- server stdout ---\n${stdout()}`);
}

/** Starts a fresh server (seeding the demo data on first start) and a browser context for one test file. */
export async function startSuite(): Promise<Suite> {
  if (!existsSync(WEB_INDEX)) {
    throw new Error(`e2e: ${path.relative(REPO_ROOT, WEB_INDEX)} is missing — build the web app first: npx tsx scripts/build-web-if-needed.ts`);
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'zq-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, ZQ_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ZQ_FAKE_NOW: FAKE_NOW };
  // The server must not think it runs inside vitest.
  for (const key of Object.keys(env)) {
    if (key.startsWith('VITEST') || key === 'NODE_ENV') {
      delete env[key];
    }
  }
  const child = spawn(process.execPath, ['apps/server/bin/zhengqi.js', 'serve'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout = tail(child.stdout);
  const stderr = tail(child.stderr);
  let browser: Browser | null = null;
  const stop = async () => {
    await browser?.close().catch(() => undefined);
    await stopServer(child);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitReady(baseUrl, child, stderr, stdout);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    const b = browser;
    const newContext = async () => {
      const c = await b.newContext({ baseURL: baseUrl, viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      c.setDefaultTimeout(UI_TIMEOUT_MS);
      c.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
      return c;
    };
    const context = await newContext();
    const page = await context.newPage();
    const freshPage = async () => (await newContext()).newPage();
    return { baseUrl, dataDir, browser, context, page, freshPage, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Starts a suite before the file's tests and stops it after them; the getter throws if the start failed. */
export function useSuite(): () => Suite {
  let suite: Suite | undefined;
  beforeAll(async () => {
    suite = await startSuite();
  });
  afterAll(async () => {
    await suite?.stop();
  });
  return () => {
    if (suite === undefined) {
      throw new Error('e2e: the suite did not start (see the beforeAll error)');
    }
    return suite;
  };
}

/** The element to type into: the test id's element when it is an input, else the first input inside it. */
export async function inputOf(target: Locator): Promise<Locator> {
  await target.waitFor();
  const tag = await target.evaluate((el) => el.tagName);
  return tag === 'INPUT' || tag === 'TEXTAREA' ? target : target.locator('input, textarea').first();
}

/**
 * Logs in through the login page and waits for the application shell. A session still open (the
 * previous user's, or one a failed test left) is ended first with the header's logout button.
 */
export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  const form = page.getByTestId('login-username');
  await form.or(page.getByTestId('logout')).first().waitFor({ timeout: NAVIGATION_TIMEOUT_MS });
  if (!(await form.isVisible())) {
    await endSession(page);
  }
  await (await inputOf(form)).fill(username);
  await (await inputOf(page.getByTestId('login-password'))).fill(password);
  await page.getByTestId('login-submit').click();
  const shell = page.getByTestId('header-jurisdiction');
  const error = page.getByTestId('login-error');
  await shell.or(error).first().waitFor();
  if (await error.isVisible()) {
    throw new Error(`e2e: login as ${username} failed: ${(await error.textContent()) ?? ''}`);
  }
}

/**
 * Ends the session with the header's logout button and opens the login page afresh. Only the
 * server-side logout is relied on here; the shell suite checks that the page returns to the
 * login form by itself.
 */
export async function endSession(page: Page): Promise<void> {
  const done = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/logout') && r.request().method() === 'POST');
  await page.getByTestId('logout').click();
  expect((await done).ok()).toBe(true);
  await page.goto('/login');
  await page.getByTestId('login-username').waitFor();
}

/** Logs out through the header and waits for the login page to appear by itself. */
export async function logout(page: Page): Promise<void> {
  await page.getByTestId('logout').click();
  await page.getByTestId('login-username').waitFor();
}

/** Polls until `read` returns a value accepted by `ok`; returns it, or throws with the last value seen. */
export async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = UI_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown = null;
  for (;;) {
    try {
      last = await read();
      if (ok(last)) {
        return last;
      }
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const seen = last === undefined ? `error: ${String(lastError)}` : JSON.stringify(last);
      throw new Error(`e2e: timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${seen.slice(0, 2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The text of an element, once it contains every one of `parts`. */
export async function waitForText(target: Locator, parts: readonly (string | RegExp)[], what: string): Promise<string> {
  await target.waitFor();
  return eventually(
    async () => (await target.innerText()).trim(),
    (t) => parts.every((p) => (typeof p === 'string' ? t.includes(p) : p.test(t))),
    `${what} to show ${parts.map(String).join(', ')}`,
  );
}

/** Picks `optionText` in an Ant Design Select: opens it, then clicks the option in the open dropdown. */
export async function pickOption(page: Page, testId: string, optionText: string | RegExp): Promise<void> {
  await page.getByTestId(testId).click();
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: optionText }).first();
  await option.click();
}

/** The data rows of an Ant Design table under a test id (the measure row excluded), once it has loaded. */
export async function tableRows(page: Page, testId: string): Promise<Locator> {
  const table = page.getByTestId(testId);
  await table.waitFor();
  await eventually(() => table.locator('.ant-spin-spinning, .ant-skeleton').count(), (n) => n === 0, `${testId} to finish loading`);
  return table.locator('tbody tr.ant-table-row');
}

/** Ensures docs/screenshots exists and returns the path of one screenshot in it. */
export function screenshotPath(name: string): string {
  const dir = path.join(REPO_ROOT, 'docs/screenshots');
  mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
