import type { Problem } from '@zhengqi/contracts/common';
import type { Person } from '@zhengqi/contracts/persons';
import { and, count, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditHead, auditLog } from '../../platform/db/schema';
import { makeTestApp, type Client, type TestApp } from '../../test/test-app';
import { makeNationalId, nationalIdCheckChar } from './national-id';
import { persons } from './schema';

// Sessions are opened where they are used, so no test depends on another's session.
let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(async () => t.close());

let seqNo = 200;
/** A valid ID number not used before in this file. */
function freshId(region = '371526', birth = '19900515'): string {
  seqNo += 1;
  return makeNationalId(region, birth, String(seqNo).padStart(3, '0'));
}

function masked(id: string): string {
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

function expectProblem(res: LightMyRequestResponse, status: number, code: string): Problem {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json<Problem>();
  expect(body.code).toBe(code);
  return body;
}

async function create(c: Client, body: { name: string; nationalId: string; phone?: string; regionCode?: string }): Promise<Person> {
  const res = await c.post('/api/v1/persons', { regionCode: '371526', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Person>();
}

async function search(c: Client, q: string): Promise<Person[]> {
  const res = await c.get(`/api/v1/persons?q=${encodeURIComponent(q)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: Person[] }>().items;
}

async function personCount(): Promise<number> {
  const [r] = await t.db.tx({ kind: 'system' }, (tx) => tx.select({ n: count() }).from(persons));
  return Number(r?.n ?? 0);
}

async function auditHeadSeq(): Promise<number> {
  const [h] = await t.db.tx({ kind: 'system' }, (tx) => tx.select({ seq: auditHead.seq }).from(auditHead));
  return h?.seq ?? 0;
}

async function reveals(personId: string) {
  return t.db.tx({ kind: 'system' }, (tx) =>
    tx.select().from(auditLog).where(and(eq(auditLog.entityId, personId), eq(auditLog.action, 'person.pii_revealed'))),
  );
}

describe('registering a person', () => {
  it('answers with the ID and phone masked, and stores neither in clear', async () => {
    const clerk = await t.login('gaotang.clerk');
    const id = freshId();
    const p = await create(clerk, { name: '赵登记', nationalId: id, phone: '13812345678' });
    expect(p).toMatchObject({ name: '赵登记', regionCode: '371526', nationalId: masked(id), phone: '138****5678', masked: true, version: 1 });
    expect(p.nationalId).toMatch(/^371526\*{8}\d{3}[\dX]$/);
    expect(JSON.stringify(p)).not.toContain(id);

    const [row] = await t.db.tx({ kind: 'system' }, (tx) => tx.select().from(persons).where(eq(persons.id, p.id)));
    expect(row).toBeDefined();
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(id);
    expect(stored).not.toContain(id.slice(6, 14));
    expect(stored).not.toContain('13812345678');
    expect(row?.nationalIdEnc).not.toBe(row?.nationalIdHash);
    expect(row?.nationalIdMasked).toBe(masked(id));
    // The ciphertext is not deterministic per value: two encryptions of one number differ.
    const other = await create(clerk, { name: '钱同号码', nationalId: freshId(), phone: '13812345678' });
    const [otherRow] = await t.db.tx({ kind: 'system' }, (tx) => tx.select().from(persons).where(eq(persons.id, other.id)));
    expect(otherRow?.phoneHash).toBe(row?.phoneHash);
    expect(otherRow?.phoneEnc).not.toBe(row?.phoneEnc);

    // GET returns the masked view too.
    const got = await clerk.get(`/api/v1/persons/${p.id}`);
    expect(got.json<Person>()).toMatchObject({ nationalId: masked(id), phone: '138****5678', masked: true });
  });

  it('refuses a wrong check digit with 422 NATIONAL_ID_INVALID and writes nothing', async () => {
    const clerk = await t.login('gaotang.clerk');
    const good = freshId();
    const wrongCheck = good.slice(0, 17) + (good.endsWith('1') ? '2' : '1');
    expect(nationalIdCheckChar(good.slice(0, 17))).not.toBe(wrongCheck.charAt(17));
    const personsBefore = await personCount();
    const seqBefore = await auditHeadSeq();
    const body = expectProblem(await clerk.post('/api/v1/persons', { name: '孙错号', nationalId: wrongCheck, regionCode: '371526' }), 422, 'NATIONAL_ID_INVALID');
    expect(body.field).toBe('nationalId');
    expect(body.messageEn).toBe('The national ID number is invalid');
    expectProblem(await clerk.post('/api/v1/persons', { name: '孙错号', nationalId: '371526199002301234', regionCode: '371526' }), 422, 'NATIONAL_ID_INVALID');
    expectProblem(await clerk.post('/api/v1/persons', { name: '孙错号', nationalId: good, phone: '12345', regionCode: '371526' }), 422, 'PHONE_INVALID');
    expect(await personCount()).toBe(personsBefore);
    expect(await auditHeadSeq()).toBe(seqBefore);
  });

  it('refuses a number already registered, in any county, with 409', async () => {
    const clerk = await t.login('gaotang.clerk');
    const id = freshId();
    await create(clerk, { name: '周首次', nationalId: id });
    const personsBefore = await personCount();
    expectProblem(await clerk.post('/api/v1/persons', { name: '周重复', nationalId: id, regionCode: '371526' }), 409, 'DUPLICATE');
    // The city supervisor registering it in Linqing is refused too, though Linqing cannot see the Gaotang row.
    const city = await t.login('city.registry');
    expectProblem(await city.post('/api/v1/persons', { name: '周重复', nationalId: id, regionCode: '371581' }), 409, 'DUPLICATE');
    expect(await personCount()).toBe(personsBefore);
  });

  it('five simultaneous registrations of one number give one person and four 409s', async () => {
    const clerk = await t.login('gaotang.clerk');
    const id = freshId();
    const before = await personCount();
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => clerk.post('/api/v1/persons', { name: `同时${i}`, nationalId: id, regionCode: '371526' })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(results.filter((r) => r.statusCode === 409).every((r) => r.json<Problem>().code === 'DUPLICATE')).toBe(true);
    expect(await personCount()).toBe(before + 1);
  });

  it('treats a lower-case x check character as the same number', async () => {
    const clerk = await t.login('gaotang.clerk');
    let id = freshId();
    while (!id.endsWith('X')) {
      id = freshId();
    }
    const p = await create(clerk, { name: '吴带X', nationalId: id.toLowerCase() });
    expect(p.nationalId).toBe(masked(id));
    expect((await search(clerk, id)).map((x) => x.id)).toEqual([p.id]);
    expectProblem(await clerk.post('/api/v1/persons', { name: '吴带X', nationalId: id, regionCode: '371526' }), 409, 'DUPLICATE');
  });

  it('a clerk cannot register a person in another county', async () => {
    const clerk = await t.login('gaotang.clerk');
    const before = await personCount();
    expectProblem(await clerk.post('/api/v1/persons', { name: '郑外县', nationalId: freshId('371581'), regionCode: '371581' }), 403, 'OUT_OF_JURISDICTION');
    expect(await personCount()).toBe(before);
  });
});

describe('searching', () => {
  it('finds a person by the exact ID number or phone (keyed hash), not by a fragment', async () => {
    const clerk = await t.login('gaotang.clerk');
    const id = freshId('371526', '19751103');
    const p = await create(clerk, { name: '冯可查', nationalId: id, phone: '13698765432' });
    expect((await search(clerk, id)).map((x) => x.id)).toEqual([p.id]);
    expect((await search(clerk, '13698765432')).map((x) => x.id)).toEqual([p.id]);
    expect((await search(clerk, '136-9876-5432')).map((x) => x.id)).toEqual([p.id]);
    expect((await search(clerk, '冯可')).map((x) => x.id)).toEqual([p.id]);
    // Fragments of an encrypted number match nothing.
    expect(await search(clerk, id.slice(0, 14))).toEqual([]);
    expect(await search(clerk, '98765432')).toEqual([]);
    expect(await search(clerk, freshId())).toEqual([]);
    // Results stay masked.
    expect((await search(clerk, id))[0]).toMatchObject({ nationalId: masked(id), phone: '136****5432', masked: true });
  });
});

describe('revealing', () => {
  it('a supervisor with pii.read sees the clear values, and the read is audited with the reason', async () => {
    const clerk = await t.login('gaotang.clerk');
    const id = freshId();
    const p = await create(clerk, { name: '陈揭示', nationalId: id, phone: '13512340000' });
    const supervisor = await t.login('gaotang.supervisor');
    const reason = '贷款审核需核对身份';
    const res = await supervisor.post(`/api/v1/persons/${p.id}/reveal`, { reason });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Person>()).toMatchObject({ id: p.id, nationalId: id, phone: '13512340000', masked: false });

    const rows = await reveals(p.id);
    expect(rows).toHaveLength(1);
    const supervisorId = (await supervisor.get('/api/v1/auth/me')).json<{ user: { id: string } }>().user.id;
    expect(rows[0]).toMatchObject({ actorUserId: supervisorId, entityType: 'person', regionCode: '371526' });
    expect(rows[0]?.after).toEqual({ fields: ['nationalId', 'phone'], reason });
    expect(JSON.stringify(rows[0])).not.toContain(id);

    // Each reveal is its own record.
    await supervisor.post(`/api/v1/persons/${p.id}/reveal`, { reason: '再次核对材料' });
    expect(await reveals(p.id)).toHaveLength(2);
  });

  it('a reveal without a proper reason is refused and not recorded', async () => {
    const clerk = await t.login('gaotang.clerk');
    const p = await create(clerk, { name: '褚无因', nationalId: freshId() });
    const supervisor = await t.login('gaotang.supervisor');
    const body = expectProblem(await supervisor.post(`/api/v1/persons/${p.id}/reveal`, { reason: '  ' }), 400, 'VALIDATION_FAILED');
    expect(body.field).toBe('reason');
    expectProblem(await supervisor.post(`/api/v1/persons/${p.id}/reveal`, {}), 400, 'VALIDATION_FAILED');
    expect(await reveals(p.id)).toEqual([]);
  });

  it('a clerk without pii.read is refused with 403 and nothing is recorded', async () => {
    const clerk = await t.login('gaotang.clerk');
    const id = freshId();
    const p = await create(clerk, { name: '卫无权', nationalId: id });
    const res = await clerk.post(`/api/v1/persons/${p.id}/reveal`, { reason: '想看一下号码' });
    const body = expectProblem(res, 403, 'FORBIDDEN');
    expect(res.body).not.toContain(id);
    expect(body.message).toBe('没有执行此操作的权限');
    expect(await reveals(p.id)).toEqual([]);
  });
});

describe('jurisdiction', () => {
  it('a Linqing official sees only Linqing persons, and cannot open or find a Gaotang one', async () => {
    const clerk = await t.login('gaotang.clerk');
    const id = freshId();
    const p = await create(clerk, { name: '蒋高唐', nationalId: id, phone: '13787654321' });
    const officer = await t.login('linqing.officer');
    const list = await officer.get('/api/v1/persons?pageSize=200');
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json<{ items: Person[]; total: number }>().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((x) => x.regionCode === '371581')).toBe(true);
    expectProblem(await officer.get(`/api/v1/persons/${p.id}`), 404, 'NOT_FOUND');
    expect(await search(officer, id)).toEqual([]);
    expect(await search(officer, '13787654321')).toEqual([]);
    expect(await search(officer, '蒋高唐')).toEqual([]);
    // The Gaotang clerk, by contrast, finds it.
    expect((await search(clerk, '蒋高唐')).map((x) => x.id)).toEqual([p.id]);
  });

  it('a Gaotang supervisor cannot reveal a Linqing person, and no record is written', async () => {
    const [linqing] = await t.db.tx({ kind: 'system' }, (tx) => tx.select({ id: persons.id }).from(persons).where(eq(persons.regionCode, '371581')));
    if (linqing === undefined) {
      throw new Error('seeded Linqing person missing');
    }
    const supervisor = await t.login('gaotang.supervisor');
    expectProblem(await supervisor.post(`/api/v1/persons/${linqing.id}/reveal`, { reason: '跨县查询测试' }), 404, 'NOT_FOUND');
    expect(await reveals(linqing.id)).toEqual([]);
  });
});
