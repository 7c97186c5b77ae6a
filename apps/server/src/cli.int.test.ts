import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { DEMO_USERS } from './seed/demo-data';

// The command line against a real embedded data folder, as an operator would use it.
const BIN = fileURLToPath(new URL('../bin/zhengqi.js', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./platform/calendar/fixtures/2027-sample.json', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'zq-cli-'));
// The embedded database: whatever DATABASE_URL the caller has is left out.
const { DATABASE_URL: _ignored, ...inherited } = process.env;
const env: NodeJS.ProcessEnv = { ...inherited, ZQ_DATA_DIR: dir, LOG_LEVEL: 'warn', ZQ_FAKE_NOW: '2026-11-27T10:00:00+08:00' };

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe.skipIf(process.env.ZQ_TEST_DB === 'postgres')('zhengqi command line (embedded database)', () => {
  // Twelve processes, each opening the embedded database: minutes when the suite shares two cores.
  it('migrate, seed, verify, calendar, serve and stop', { timeout: 300_000 }, async () => {
    const m = run('migrate');
    expect(m.code).toBe(0);
    expect(m.out).toMatch(/migrations: applied \d+/);
    expect(run('migrate').out).toMatch(/database is current/);

    const s = run('seed', '--demo');
    expect(s.code).toBe(0);
    expect(s.out).toMatch(new RegExp(`${DEMO_USERS.length} users`));
    expect(run('seed', '--demo').out).toMatch(/already present/);

    const v = run('audit', 'verify');
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/audit chain verified: \d+ records/);

    const st = run('calendar', 'status');
    expect(st.code).toBe(0);
    expect(st.out).toMatch(/2026: arranged \(chinese-days\)/);
    expect(st.out).toMatch(/2027: NOT LOADED/);

    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ year: 2027, holidays: [{ date: '2027-02-30' }], workdays: [] }));
    const rej = run('calendar', 'import', bad);
    expect(rej.code).toBe(1);
    expect(rej.err).toMatch(/rejected, nothing written/);

    const imp = run('calendar', 'import', FIXTURE);
    expect(imp.code).toBe(0);
    expect(imp.out).toMatch(/2027 loaded/);
    expect(run('calendar', 'status').out).toMatch(/2027: arranged \(imported\)/);

    // Tamper with one stored record the way a DBA could, then verify names it.
    const pg = new PGlite(path.join(dir, 'pgdata'));
    await pg.exec(`alter table audit_log disable trigger audit_log_no_update; update audit_log set action = 'entity.deleted' where seq = 2; alter table audit_log enable trigger audit_log_no_update;`);
    await pg.close();
    const broken = run('audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/BROKEN at record 2/);

    expect(run('frobnicate').code).toBe(2);
    const badEnv = spawnSync(process.execPath, [BIN, 'migrate'], { env: { ...env, PORT: 'abc' }, encoding: 'utf8' });
    expect(badEnv.status).toBe(1);
    expect(badEnv.stderr).toMatch(/PORT/);

    // serve, answer, then SIGTERM: the process ends cleanly and releases the data folder.
    const child = spawn(process.execPath, [BIN, 'serve'], { env: { ...env, PORT: '0', HOST: '127.0.0.1' } });
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60_000);
      child.stdout.on('data', () => {
        const m2 = /running: (http:\/\/localhost:\d+)/.exec(out);
        if (m2?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(m2[1]);
        }
      });
    });
    expect(out).toMatch(/gaotang\.clerk/);
    expect(out).toMatch(/Clock fixed at/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const reopened = new PGlite(path.join(dir, 'pgdata'));
    expect((await reopened.query<{ n: number }>('select count(*)::int as n from users')).rows[0]?.n).toBe(DEMO_USERS.length);
    await reopened.close();
  });
});
