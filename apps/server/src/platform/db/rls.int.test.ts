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
    const rows = await t.db.autocommit(gaotang, async (q) => {
      const xid = sql`select current_user as u, txid_current()::text as x`;
      return [...(await queryRows<{ u: string; x: string }>(q, xid)), ...(await queryRows<{ u: string; x: string }>(q, xid))];
    });
    // No BEGIN on either driver: each statement is a transaction of its own (two transaction ids).
    expect(rows.map((r) => r.u)).toEqual(['zq_app', 'zq_app']);
    expect(rows[0]?.x).not.toBe(rows[1]?.x);
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

  it('two jurisdictions alternating, concurrently and with the owner in between, each see only their own rows', async () => {
    const linqing = { kind: 'user' as const, userId: 'usr_test2', regions: regions.subtree('371581') };
    const byRegion = preparedStatement<{ r: string; n: number; u: string; who: string }>('zq_test_alternate', sql`select region_code as r, count(*)::int as n, current_user as u, current_setting('zq.user_id', true) as who from market_entities where ${sql.placeholder('x')}::int = 1 group by region_code`);
    const owner = await t.db.read((db) => queryRows<{ r: string; n: number }>(db, sql`select region_code as r, count(*)::int as n from market_entities group by region_code order by 1`));
    const own = (code: string) => owner.filter((x) => x.r === code).map((x) => ({ r: x.r, n: x.n }));
    expect(own('371526').length + own('371581').length).toBe(2);
    const views = (rows: Array<{ r: string; n: number }>) => rows.map((x) => ({ r: x.r, n: x.n })).sort((a, b) => a.r.localeCompare(b.r));
    const rounds = Array.from({ length: 6 }, (_, i) => i);
    // Started together: every call waits its turn in the one queue and must find its own scope set.
    const results = await Promise.all(rounds.flatMap((i) => {
      const [scope, code] = i % 2 === 0 ? [gaotang, '371526'] : [linqing, '371581'];
      return [
        t.db.readAs(scope, (db) => byRegion(db, { x: 1 })).then((rows) => ({ code, who: scope.userId, rows })),
        t.db.autocommit(scope, (q) => q.select({ r: marketEntities.regionCode }).from(marketEntities)).then((rows) => ({ code, who: scope.userId, rows: views([{ r: rows[0]?.r ?? '', n: rows.length }]), all: rows.every((x) => x.r === code) })),
        t.db.tx(scope, (tx) => byRegion(tx, { x: 1 })).then((rows) => ({ code, who: scope.userId, rows })),
        t.db.readAs({ kind: 'system' }, (db) => byRegion(db, { x: 1 })).then((rows) => ({ code: '', who: '', rows })),
      ];
    }));
    for (const res of results) {
      if (res.code === '') {
        // The owner in between sees every county again, under its own role.
        expect(views(res.rows)).toEqual(views(owner));
        expect((res.rows as Array<{ u: string; who: string | null }>).every((x) => x.u !== 'zq_app' && (x.who ?? '') === '')).toBe(true);
      } else {
        expect(views(res.rows)).toEqual(own(res.code));
        expect('all' in res ? res.all : true).toBe(true);
        // A pinned PostgreSQL connection carries the role and jurisdiction, not the user id (decision 0006).
        const whoOk = (who: string | null | undefined) => who === res.who || (t.db.kind === 'postgres' && (who ?? '') === '');
        expect((res.rows as Array<{ u?: string; who?: string | null }>).every((x) => x.u === undefined || (x.u === 'zq_app' && whoOk(x.who)))).toBe(true);
      }
    }
    // A failed statement leaves the session usable and in no other scope.
    await expect(t.db.readAs(linqing, (db) => byRegion(db, { x: 'not a number' }))).rejects.toThrow();
    expect(views(await t.db.readAs(gaotang, (db) => byRegion(db, { x: 1 })))).toEqual(own('371526'));
    expect(views(await t.db.read((db) => queryRows<{ r: string; n: number }>(db, sql`select region_code as r, count(*)::int as n from market_entities group by region_code`)))).toEqual(views(owner));
  });
});
