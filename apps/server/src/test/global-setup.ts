import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPglite, openPostgres, type Database } from '../platform/db/database';
import { seedDemo } from '../seed/demo-data';
import { ensureReferenceData } from '../seed/reference-data';
import { TEST_NOW, testConfig, testDbKind } from './test-env';

async function prepare(db: Database): Promise<void> {
  await db.migrate();
  await ensureReferenceData(db, TEST_NOW);
  const config = testConfig({ ZQ_DEMO_PASSWORD: 'Zhengqi@2026' });
  await seedDemo(db, config, TEST_NOW);
}

/**
 * Migrates and seeds one template database for the whole run. Each test file then gets its own
 * copy: a PGlite instance loaded from the template's dump, or CREATE DATABASE … TEMPLATE on PostgreSQL.
 */
export default async function setup(): Promise<() => Promise<void>> {
  if (testDbKind() === 'postgres') {
    const url = process.env.TEST_DATABASE_URL;
    if (url === undefined || url === '') {
      throw new Error('ZQ_TEST_DB=postgres needs TEST_DATABASE_URL');
    }
    const db = await openPostgres(url, 2);
    await prepare(db);
    await db.close();
    // The template must have no open connections when it is copied.
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`);
    await admin.end();
    process.env.ZQ_TEST_TEMPLATE_URL = url;
    return async () => undefined;
  }
  const db = await openPglite(null);
  await prepare(db);
  const pglite = db.pglite;
  if (pglite === null) {
    throw new Error('expected PGlite');
  }
  const dump = await pglite.dumpDataDir('none');
  const file = path.join(tmpdir(), `zq-template-${process.pid}.tar`);
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await db.close();
  process.env.ZQ_TEST_TEMPLATE_FILE = file;
  return async () => undefined;
}
