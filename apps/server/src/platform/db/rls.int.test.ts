import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marketEntities } from '../../modules/registry/schema';
import { makeUscc } from '../../modules/registry/uscc';
import { createRegionDirectory } from '../regions/region-directory';
import { makeTestApp, type TestApp } from '../../test/test-app';
import { afterCommit, preparedStatement, queryRows } from './database';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(async () => t.close());

const regions = createRegionDirectory();
const gaotang = { kind: 'user' as const, userId: 'usr_test', regions: regions.subtree('371526') };

describe(`row-level security (${process.env.ZQ_TEST_DB ?? 'pglite'})`, () => {
  it('a query that forgets its region filter still cannot read another county’s rows', async () => {
    const all = await t.db.tx({ kind: 'system' }, (tx) => tx.select({ r: marketEntities.regionCode }).from(marketEntities));
    expect(new Set(all.map((x) => x.r)).size).toBeGreaterThan(2);
    // No WHERE clause at all: row-level security alone decides.
    const seen = await t.db.tx(gaotang, (tx) => tx.select({ r: marketEntities.regionCode }).from(marketEntities));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((x) => x.r === '371526')).toBe(true);
  });

  it('the application role has no BYPASSRLS and is the current user inside a use case', async () => {
    const rows = await t.db.tx(gaotang, (tx) => queryRows<{ u: string; bypass: boolean }>(tx, sql`select current_user as u, (select rolbypassrls from pg_roles where rolname = current_user) as bypass`));
    expect(rows[0]).toEqual({ u: 'zq_app', bypass: false });
  });

  it('a write into another county is refused and nothing is written', async () => {
    const now = new Date();
    const attempt = t.db.tx(gaotang, (tx) =>
      tx.insert(marketEntities).values({ id: 'ent_ffffffffffffffffffffffffffffffff', regionCode: '371581', uscc: makeUscc('91', '371581', 'MA3ZZ001'), name: 'x', kind: 'enterprise', foundedOn: '2020-01-01', industrySection: 'C', sizeClass: 'small', createdAt: now, updatedAt: now }),
    );
    await expect(attempt).rejects.toThrow();
    const found = await t.db.tx({ kind: 'system' }, (tx) => tx.select().from(marketEntities).where(eq(marketEntities.id, 'ent_ffffffffffffffffffffffffffffffff')));
    expect(found).toEqual([]);
  });

  it('an update that forgets its filter touches only the jurisdiction', async () => {
    const n = await t.db.tx(gaotang, async (tx) => (await tx.update(marketEntities).set({ name: sql`${marketEntities.name}` }).returning({ r: marketEntities.regionCode })).map((x) => x.r));
    expect(n.length).toBeGreaterThan(0);
    expect(n.every((r) => r === '371526')).toBe(true);
  });

  it('no jurisdiction set means no rows', async () => {
    const rows = await t.db.tx({ kind: 'user', userId: 'x', regions: [] }, (tx) => tx.select().from(marketEntities));
    expect(rows).toEqual([]);
  });

  it('over the API, a Gaotang clerk cannot open a Linqing entity', async () => {
    const [linqing] = await t.db.tx({ kind: 'system' }, (tx) => tx.select({ id: marketEntities.id }).from(marketEntities).where(eq(marketEntities.regionCode, '371581')));
    const clerk = await t.login('gaotang.clerk');
    const res = await clerk.get(`/api/v1/entities/${linqing?.id ?? ''}`);
    expect(res.statusCode).toBe(404);
    expect(res.json<{ code: string }>().code).toBe('NOT_FOUND');
    const list = await clerk.get('/api/v1/entities?pageSize=200');
    const items = list.json<{ items: Array<{ regionCode: string }> }>().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.regionCode === '371526')).toBe(true);
  });

  it('autocommit: the same role and jurisdiction, no open transaction, commit hooks after, a failed write leaves nothing', async () => {
    const rows = await t.db.autocommit(gaotang, (q) => queryRows<{ u: string; inTx: boolean }>(q, sql`select current_user as u, now() <> statement_timestamp() as "inTx"`));
    // On PostgreSQL no BEGIN: the statement is its own transaction (now() = its start); PGlite runs one transaction.
    expect(rows[0]).toEqual({ u: 'zq_app', inTx: t.db.kind === 'pglite' });
    const seen = await t.db.autocommit(gaotang, (q) => q.select({ r: marketEntities.regionCode }).from(marketEntities));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((x) => x.r === '371526')).toBe(true);
    const ran: string[] = [];
    const out = await t.db.autocommit(gaotang, async (q) => {
      afterCommit(q, 'test', async () => void ran.push('hook'));
      ran.push('fn');
      return 7;
    });
    expect([out, ran]).toEqual([7, ['fn', 'hook']]);
    const id = 'ent_fffffffffffffffffffffffffffffffe';
    const now = new Date();
    const attempt = t.db.autocommit(gaotang, (q) =>
      q.insert(marketEntities).values({ id, regionCode: '371581', uscc: makeUscc('91', '371581', 'MA3ZZ002'), name: 'x', kind: 'enterprise', foundedOn: '2020-01-01', industrySection: 'C', sizeClass: 'small', createdAt: now, updatedAt: now }),
    );
    await expect(attempt).rejects.toThrow();
    expect(await t.db.tx({ kind: 'system' }, (tx) => tx.select().from(marketEntities).where(eq(marketEntities.id, id)))).toEqual([]);
  });

  it('a prepared raw statement runs under the scope, with its values bound by name, again and again', async () => {
    const count = preparedStatement<{ n: number; r: string }>('zq_test_count_region', sql`select count(*)::int as n, ${sql.placeholder('r')}::text as r from market_entities where region_code = ${sql.placeholder('r')}::text`);
    for (let i = 0; i < 3; i++) {
      const [mine] = await t.db.autocommit(gaotang, (q) => count(q, { r: '371526' }));
      const [theirs] = await t.db.tx(gaotang, (tx) => count(tx, { r: '371581' }));
      expect(mine?.n).toBeGreaterThan(0);
      expect(theirs).toEqual({ n: 0, r: '371581' });
    }
  });
});
