import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildApp } from './app';
import { startLoanRecheckTimer } from './modules/loans/loan-recheck';
import { startSupervisionTimer, sweepOverdueProblems } from './modules/projects/supervision-service';
import { sealAudit, verifyAuditChain } from './platform/audit/audit-log';
import { parseArrangement } from './platform/calendar/arrangement-file';
import { createCalendarService } from './platform/calendar/calendar-service';
import { shanghaiToday, systemClock } from './platform/clock/clock';
import { ConfigError, DEFAULT_DEMO_PASSWORD, loadConfig, type Config } from './platform/config/config';
import { openDatabase, type Database } from './platform/db/database';
import { createRegionDirectory } from './platform/regions/region-directory';
import { DEMO_USERS, hasUsers, seedDemo } from './seed/demo-data';
import { ensureReferenceData } from './seed/reference-data';

const USAGE = `zhengqi — 政企通 command line

  zhengqi serve                 migrate, load demo data on a fresh embedded database, start the server
  zhengqi migrate               apply pending database migrations
  zhengqi seed --demo           load the Liaocheng demo data (skipped if already loaded)
  zhengqi audit verify          walk the SM3 audit chain and name the first broken link
  zhengqi calendar import FILE  load a year's holiday arrangement (JSON; see docs/operations.md)
  zhengqi calendar status       which years have a loaded arrangement
  zhengqi sweep                 notice and notify problems newly past their deadline (serve also does this every 10 minutes)
`;

async function openReady(config: Config): Promise<Database> {
  const db = await openDatabase(config);
  const applied = await db.migrate();
  if (applied > 0) {
    console.log(`migrations: applied ${applied}`);
  }
  await ensureReferenceData(db, systemClock(config.fakeNow).now());
  return db;
}

async function serve(config: Config): Promise<void> {
  const clock = systemClock(config.fakeNow);
  const db = await openReady(config);
  if (!(await hasUsers(db))) {
    if (config.databaseUrl === null || config.demoPasswordExplicit) {
      const r = await seedDemo(db, config, clock.now());
      console.log(`demo data loaded: ${r.organizations} organizations, ${r.users} users, ${r.entities} market entities, ${r.persons} persons`);
    } else {
      console.log('The database has no users. Set ZQ_DEMO_PASSWORD and run `zhengqi seed --demo`, or create users through an existing administrator.');
    }
  }
  const calendar = createCalendarService(db, clock);
  const { app } = await buildApp({ config, db, clock, regions: createRegionDirectory(), calendar });
  const stopSweep = startSupervisionTimer({ db, clock, calendar }, app.log);
  const stopRecheck = startLoanRecheckTimer({ db, clock }, app.log);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) {
      return;
    }
    closing = true;
    stopSweep();
    stopRecheck();
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    // close() stops accepting, waits for in-flight requests, then we close the database.
    void app.close().then(() => db.close()).then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : config.port;
  const demoPw = config.databaseUrl === null || config.demoPasswordExplicit ? config.demoPassword : '(ZQ_DEMO_PASSWORD)';
  console.log(`
  政企通 Zhengqi is running: http://localhost:${port}
  API docs: http://localhost:${port}/api/docs
  Database: ${config.databaseUrl === null ? `embedded PGlite in ${config.dataDir}/pgdata` : 'PostgreSQL (DATABASE_URL)'}${config.fakeNow === null ? '' : `\n  Clock fixed at ${config.fakeNow.toISOString()} (ZQ_FAKE_NOW; business date ${shanghaiToday(config.fakeNow)})`}

${demoPw === '(ZQ_DEMO_PASSWORD)' ? '' : `  Demo logins (password ${config.demoPasswordExplicit ? 'from ZQ_DEMO_PASSWORD' : demoPw}):
${DEMO_USERS.map((u) => `    ${u.username.padEnd(22)} ${u.note}`).join('\n')}
`}`);
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { demo: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  const [cmd, sub, arg] = positionals;
  if (values.help === true || cmd === undefined) {
    console.log(USAGE);
    return cmd === undefined && values.help !== true ? 1 : 0;
  }
  const config = loadConfig(process.env, { createKey: cmd === 'serve' || cmd === 'migrate' || cmd === 'seed' });
  switch (cmd) {
    case 'serve':
      await serve(config);
      return -1;
    case 'migrate': {
      const db = await openDatabase(config);
      const n = await db.migrate();
      await ensureReferenceData(db, systemClock(config.fakeNow).now());
      console.log(n === 0 ? 'migrations: database is current' : `migrations: applied ${n}`);
      await db.close();
      return 0;
    }
    case 'seed': {
      if (values.demo !== true) {
        console.error('seed: only --demo is supported');
        return 2;
      }
      const db = await openReady(config);
      try {
        const r = await seedDemo(db, config, systemClock(config.fakeNow).now());
        console.log(r.users === 0 ? 'seed: demo data already present, nothing written' : `seed: ${r.organizations} organizations, ${r.users} users (password ${config.demoPasswordExplicit ? 'from ZQ_DEMO_PASSWORD' : DEFAULT_DEMO_PASSWORD}), ${r.entities} market entities, ${r.persons} persons`);
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'audit': {
      if (sub !== 'verify') {
        console.error('audit: use `audit verify`');
        return 2;
      }
      const db = await openDatabase(config);
      try {
        await sealAudit(db);
        const v = await db.tx({ kind: 'system' }, (tx) => verifyAuditChain(tx));
        if (v.ok) {
          console.log(`audit chain verified: ${v.count} records, head ${v.lastHash.slice(0, 16)}…`);
          return 0;
        }
        console.error(`audit chain BROKEN at record ${v.brokenAtSeq}: ${v.reasonText} (${v.count} records verified before it)`);
        return 1;
      } finally {
        await db.close();
      }
    }
    case 'calendar': {
      const db = await openReady(config);
      const calendar = createCalendarService(db, systemClock(config.fakeNow));
      try {
        if (sub === 'import') {
          if (arg === undefined) {
            console.error('calendar import: give the arrangement file');
            return 2;
          }
          const parsed = parseArrangement(JSON.parse(readFileSync(arg, 'utf8')) as unknown);
          if (!parsed.ok) {
            for (const e of parsed.errors) {
              console.error(`  ${e.path}: ${e.messageEn} / ${e.message}`);
            }
            console.error(`calendar import: ${arg} rejected, nothing written`);
            return 1;
          }
          for (const w of parsed.warnings) {
            console.warn(`  warning ${w.path}: ${w.messageEn}`);
          }
          const r = await calendar.importYear(null, parsed.year, parsed.overrides);
          console.log(`calendar: ${parsed.year} loaded (${r.holidays} holidays, ${r.workdays} adjusted working days); deadlines through ${parsed.year} are no longer provisional`);
          return 0;
        }
        if (sub === 'status') {
          const cal = await calendar.get();
          const y = Number(shanghaiToday(systemClock(config.fakeNow).now()).slice(0, 4));
          for (const year of [y - 1, y, y + 1, y + 2]) {
            const s = cal.yearStatus(year);
            console.log(`${year}: ${s.arranged ? `arranged (${s.source})` : 'NOT LOADED — deadlines through this year are provisional'}`);
          }
          return 0;
        }
        console.error('calendar: use `calendar import FILE` or `calendar status`');
        return 2;
      } finally {
        await db.close();
      }
    }
    case 'sweep': {
      const db = await openReady(config);
      const clock = systemClock(config.fakeNow);
      try {
        const r = await sweepOverdueProblems({ db, clock, calendar: createCalendarService(db, clock) });
        console.log(r.skipped ? 'sweep: another process is sweeping, nothing done' : `sweep: ${r.notices} supervision notices, ${r.notifications} notifications`);
        return 0;
      } finally {
        await db.close();
      }
    }
    default:
      console.error(`unknown command: ${cmd}\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) {
      process.exit(code);
    }
  },
  (err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : `zhengqi: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
