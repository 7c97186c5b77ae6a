import type { Person } from '@zhengqi/contracts/persons';
import { and, asc, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { pageTotal } from '../../platform/db/paging';
import type { AppContext } from '../../platform/app-context';
import { appendAudit } from '../../platform/audit/audit-log';
import { authorize, authorizeRegion, scopeOf, type Actor } from '../../platform/authz/actor';
import { maskNationalId, maskPhone } from '../../platform/crypto/masking';
import { decryptField, encryptField, lookupHash } from '../../platform/crypto/sm-crypto';
import { queryRows } from '../../platform/db/database';
import { DomainError } from '../../platform/errors/domain-error';
import { newId } from '../../platform/ids/ids';
import { normalizePhone, validateNationalId } from './national-id';
import { persons } from './schema';

type PersonRow = typeof persons.$inferSelect;

function masked(r: PersonRow): Person {
  return { id: r.id, name: r.name, regionCode: r.regionCode, nationalId: r.nationalIdMasked, phone: r.phoneMasked, masked: true, version: r.version };
}

/** Persons in the jurisdiction; `q` is a name fragment, or an exact ID or phone number (matched by keyed hash). */
export async function listPersons(ctx: AppContext, actor: Actor, q: { q?: string; page: number; pageSize: number }) {
  authorize(actor, 'person.read');
  const conds: SQL[] = [];
  if (q.q !== undefined && q.q !== '') {
    const term = q.q.trim();
    const asId = validateNationalId(term);
    const asPhone = normalizePhone(term);
    const c = or(
      ilike(persons.name, `%${term.replace(/[%_\\]/g, (x) => `\\${x}`)}%`),
      asId.formOk ? eq(persons.nationalIdHash, lookupHash(ctx.config.keys, term.toUpperCase())) : undefined,
      asPhone === null ? undefined : eq(persons.phoneHash, lookupHash(ctx.config.keys, asPhone)),
    );
    if (c !== undefined) {
      conds.push(c);
    }
  }
  const where = conds.length > 0 ? and(...conds) : undefined;
  const { rows, total } = await ctx.db.tx(scopeOf(actor), async (tx) => {
    const rows = await tx
      .select({ p: persons, total: sql<number>`count(*) over ()` })
      .from(persons)
      .where(where)
      .orderBy(asc(persons.name), asc(persons.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize);
    return { rows, total: await pageTotal(rows, q.page, async () => (await tx.select({ n: count() }).from(persons).where(where))[0]?.n) };
  });
  return { items: rows.map((r) => masked(r.p)), total, page: q.page, pageSize: q.pageSize };
}

/** One person, masked. */
export async function getPerson(ctx: AppContext, actor: Actor, id: string): Promise<Person> {
  authorize(actor, 'person.read');
  const [r] = await ctx.db.tx(scopeOf(actor), (tx) => tx.select().from(persons).where(eq(persons.id, id)));
  if (r === undefined) {
    throw new DomainError('NOT_FOUND', { field: 'id' });
  }
  return masked(r);
}

/** The unmasked ID and phone, for a holder of pii.read who gives a reason; the read is audited in the same transaction. */
export async function revealPerson(ctx: AppContext, actor: Actor, id: string, reason: string): Promise<Person> {
  authorize(actor, 'pii.read');
  return ctx.db.tx(scopeOf(actor), async (tx) => {
    const [r] = await tx.select().from(persons).where(eq(persons.id, id));
    if (r === undefined) {
      throw new DomainError('NOT_FOUND', { field: 'id' });
    }
    await appendAudit(tx, {
      at: ctx.clock.now(), actorUserId: actor.userId, actorOrgId: actor.organizationId, action: 'person.pii_revealed', entityType: 'person',
      entityId: id, regionCode: r.regionCode, before: null, after: { fields: r.phoneEnc === null ? ['nationalId'] : ['nationalId', 'phone'], reason },
      requestId: actor.requestId ?? null,
    });
    return {
      ...masked(r),
      nationalId: decryptField(ctx.config.keys, r.nationalIdEnc),
      phone: r.phoneEnc === null ? null : decryptField(ctx.config.keys, r.phoneEnc),
      masked: false,
    };
  });
}

/** Registers a person: the ID number must pass GB 11643; ID and phone are stored SM4-encrypted with a lookup HMAC. */
export async function createPerson(ctx: AppContext, actor: Actor, input: { name: string; nationalId: string; phone?: string | undefined; regionCode: string }): Promise<Person> {
  authorize(actor, 'person.write');
  if (ctx.regions.get(input.regionCode) === undefined) {
    throw new DomainError('REGION_UNKNOWN', { field: 'regionCode' });
  }
  authorizeRegion(actor, input.regionCode);
  const idCheck = validateNationalId(input.nationalId);
  if (!idCheck.valid) {
    throw new DomainError('NATIONAL_ID_INVALID', { field: 'nationalId', detail: idCheck.formOk ? 'check digit mismatch' : 'malformed' });
  }
  const nationalId = input.nationalId.trim().toUpperCase();
  let phone: string | null = null;
  if (input.phone !== undefined && input.phone !== '') {
    phone = normalizePhone(input.phone);
    if (phone === null) {
      throw new DomainError('PHONE_INVALID', { field: 'phone' });
    }
  }
  const k = ctx.config.keys;
  const now = ctx.clock.now();
  const row: PersonRow = {
    id: newId('per'), regionCode: input.regionCode, name: input.name,
    nationalIdEnc: encryptField(k, nationalId), nationalIdHash: lookupHash(k, nationalId), nationalIdMasked: maskNationalId(nationalId),
    phoneEnc: phone === null ? null : encryptField(k, phone), phoneHash: phone === null ? null : lookupHash(k, phone), phoneMasked: phone === null ? null : maskPhone(phone),
    isDemo: false, version: 1, createdAt: now, updatedAt: now,
  };
  await ctx.db.tx(scopeOf(actor), async (tx) => {
    const dup = await queryRows<{ n: number }>(tx, sql`select zq_person_taken(${row.nationalIdHash}) as n`);
    if (Number(dup[0]?.n ?? 0) > 0) {
      throw new DomainError('DUPLICATE', { field: 'nationalId' });
    }
    await tx.insert(persons).values(row);
    await appendAudit(tx, {
      at: now, actorUserId: actor.userId, actorOrgId: actor.organizationId, action: 'person.created', entityType: 'person', entityId: row.id,
      regionCode: row.regionCode, before: null, after: { name: row.name, regionCode: row.regionCode, nationalId: row.nationalIdMasked, phone: row.phoneMasked },
      requestId: actor.requestId ?? null,
    });
  });
  return masked(row);
}
