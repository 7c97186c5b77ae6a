import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app';
import { createCalendarService } from './platform/calendar/calendar-service';
import { systemClock } from './platform/clock/clock';
import { loadConfig } from './platform/config/config';
import { openPglite } from './platform/db/database';
import { createRegionDirectory } from './platform/regions/region-directory';

// Writes the OpenAPI document generated from the routes' zod contracts; `--check` fails on drift.
const target = fileURLToPath(new URL('../../../packages/contracts/openapi.json', import.meta.url));
const check = process.argv.includes('--check');

const config = loadConfig({ ZQ_SECRET_KEY: '00112233445566778899aabbccddeeff0123456789abcdeffedcba9876543210', LOG_LEVEL: 'silent' }, { createKey: false });
const db = await openPglite(null);
const clock = systemClock();
const { app } = await buildApp({ config, db, clock, regions: createRegionDirectory(), calendar: createCalendarService(db, clock) }, { logger: false });
const doc = `${JSON.stringify(app.swagger(), null, 2)}\n`;
await app.close();
await db.close();

if (check) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    // a missing file is drift too
  }
  if (committed !== doc) {
    console.error('openapi: packages/contracts/openapi.json differs from the code. Run `npm run openapi` and commit the result.');
    process.exit(1);
  }
  console.log('openapi: committed document matches the code');
} else {
  writeFileSync(target, doc);
  console.log(`openapi: wrote ${target}`);
}
