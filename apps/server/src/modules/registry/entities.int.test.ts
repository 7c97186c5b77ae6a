import type { EntityCreateBody, EntityDetail, EntitySummary, ImportReport } from '@zhengqi/contracts/entities';
import { inArray, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/database';
import { createRegionDirectory } from '../../platform/regions/region-directory';
import { makeTestApp, type Client, type TestApp } from '../../test/test-app';
import { marketEntities } from './schema';
import { USCC_ALPHABET, makeUscc } from './uscc';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
type Page = { items: EntitySummary[]; total: number; page: number; pageSize: number };
type Problem = { code: string; message: string; messageEn: string; field?: string; detail?: string; currentVersion?: number; report?: ImportReport };
type XlsxInput = Parameters<ExcelJS.Xlsx['load']>[0];

let t: TestApp;
let clerk: Client;
let supervisor: Client;
const GAOTANG = createRegionDirectory().subtree('371526');

/** A valid new entity in Gaotang; `body8` makes the USCC unique. */
function entityBody(body8: string, over: Partial<EntityCreateBody> = {}): EntityCreateBody {
  return {
    uscc: makeUscc('91', '371526', body8),
    name: `高唐县测试${body8}有限公司`,
    kind: 'enterprise',
    foundedOn: '2020-05-06',
    regionCode: '371526',
    industrySection: 'C',
    sizeClass: 'small',
    tags: [],
    ...over,
  };
}

/** The same code with a wrong 18th character, and the character it should have been. */
function withWrongCheck(uscc: string): { code: string; expected: string } {
  const expected = uscc.charAt(17);
  const wrong = USCC_ALPHABET.charAt((USCC_ALPHABET.indexOf(expected) + 7) % USCC_ALPHABET.length);
  return { code: uscc.slice(0, 17) + wrong, expected };
}

/** Row counts and the audit head, read past row-level security. */
async function written(): Promise<{ entities: number; auditSeq: number; headcounts: number }> {
  const [r] = await t.db.tx({ kind: 'system' }, (tx) =>
    queryRows<{ entities: string | number; audit_seq: string | number; headcounts: string | number }>(
      tx,
      sql`select (select count(*) from market_entities) as entities, (select seq from audit_head) as audit_seq, (select count(*) from entity_headcounts) as headcounts`,
    ),
  );
  return { entities: Number(r?.entities), auditSeq: Number(r?.audit_seq), headcounts: Number(r?.headcounts) };
}

function problem(res: LightMyRequestResponse, status: number, code: string): Problem {
  expect({ status: res.statusCode, code: res.json<Problem>().code }, res.body.slice(0, 300)).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return res.json<Problem>();
}

async function list(c: Client, query: string): Promise<Page> {
  const res = await c.get(`/api/v1/entities?${query}`);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  return res.json<Page>();
}

async function create(c: Client, body: EntityCreateBody): Promise<EntityDetail> {
  const res = await c.post('/api/v1/entities', body);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(201);
  return res.json<EntityDetail>();
}

async function workbookOf(res: LightMyRequestResponse): Promise<ExcelJS.Workbook> {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect(res.headers['content-type']).toBe(XLSX);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as XlsxInput);
  return wb;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) {
    return '';
  }
  if (v instanceof Date) {
    return v.toISOString().slice(0, 10);
  }
  if (typeof v !== 'object') {
    return String(v);
  }
  if ('richText' in v) {
    return v.richText.map((r) => r.text).join('');
  }
  return 'text' in v ? v.text : JSON.stringify(v);
}

beforeAll(async () => {
  t = await makeTestApp();
  clerk = await t.login('gaotang.clerk');
  supervisor = await t.login('gaotang.supervisor');
});
afterAll(async () => t.close());

describe('registering a market entity', () => {
  it('a valid entity is created (201) and can be found by list, name fragment and USCC prefix', async () => {
    const body = entityBody('MA3T0001', { name: '高唐县鸿运测试机械有限公司', tags: ['high_tech', 'high_tech'] });
    const created = await create(clerk, body);
    expect(created).toMatchObject({ uscc: body.uscc, name: body.name, regionCode: '371526', regionName: '高唐县', version: 1, usccCheckOverridden: false, usccOverrideReason: null, tags: ['high_tech'] });
    expect(created.id).toMatch(/^ent_[0-9a-f]{32}$/);

    const all = await list(clerk, 'pageSize=200');
    expect(all.items.map((e) => e.id)).toContain(created.id);
    const byName = await list(clerk, `q=${encodeURIComponent('鸿运测试')}`);
    expect(byName.items.map((e) => e.id)).toEqual([created.id]);
    expect(byName.total).toBe(1);
    const byPrefix = await list(clerk, `q=${body.uscc.slice(0, 12)}`);
    expect(byPrefix.items.map((e) => e.id)).toEqual([created.id]);
    // A prefix typed in lower case finds it too; a fragment from the middle of the code does not.
    expect((await list(clerk, `q=${body.uscc.slice(0, 12).toLowerCase()}`)).items.map((e) => e.id)).toEqual([created.id]);
    expect((await list(clerk, `q=${body.uscc.slice(4, 14)}`)).total).toBe(0);
  });

  it('a code typed in lower case with spaces is stored normalised', async () => {
    const body = entityBody('MA3T0002');
    const created = await create(clerk, { ...body, uscc: `  ${body.uscc.toLowerCase()} ` });
    expect(created.uscc).toBe(body.uscc);
  });

  it('the detail carries headcounts and payment records', async () => {
    const created = await create(clerk, entityBody('MA3T0003', {
      headcounts: [{ month: '2026-09', pensionContributors: 12 }, { month: '2026-10', pensionContributors: 14 }],
      paymentRecords: [{ month: '2026-10', wages: 'on_time', socialInsurance: 'late' }],
    }));
    const res = await clerk.get(`/api/v1/entities/${created.id}`);
    expect(res.statusCode).toBe(200);
    const d = res.json<EntityDetail>();
    expect(d.headcounts).toEqual([{ month: '2026-09', pensionContributors: 12 }, { month: '2026-10', pensionContributors: 14 }]);
    expect(d.paymentRecords).toEqual([{ month: '2026-10', wages: 'on_time', socialInsurance: 'late' }]);
    expect(d.latestHeadcount).toBe(14);

    const seeded = (await list(clerk, `q=${encodeURIComponent('鲁西棉纺')}`)).items[0];
    const sd = (await clerk.get(`/api/v1/entities/${seeded?.id ?? ''}`)).json<EntityDetail>();
    expect(sd.headcounts).toHaveLength(24);
    expect(sd.paymentRecords).toHaveLength(24);
    expect(sd.latestHeadcount).toBe(sd.headcounts.at(-1)?.pensionContributors);
  });

  it('a malformed USCC is 422 USCC_FORM_INVALID on field uscc, and nothing is written', async () => {
    const before = await written();
    for (const uscc of ['91371526MA3T00', '91371526MA3T0004OO', 'ABCDEFGHIJKLMNOPQR', '9137152@MA3T00041X']) {
      const p = problem(await clerk.post('/api/v1/entities', entityBody('MA3T0004', { uscc })), 422, 'USCC_FORM_INVALID');
      expect(p.field).toBe('uscc');
    }
    expect(await written()).toEqual(before);
  });

  it('a wrong check character without a reason is 422 USCC_CHECK_MISMATCH naming the expected character', async () => {
    const before = await written();
    const { code, expected } = withWrongCheck(makeUscc('91', '371526', 'MA3T0005'));
    const p = problem(await clerk.post('/api/v1/entities', entityBody('MA3T0005', { uscc: code })), 422, 'USCC_CHECK_MISMATCH');
    expect(p.field).toBe('uscc');
    // The zh catalog text has no Latin letters or digits, so the character can only come from the check.
    expect(p.message).toContain(expected);
    expect(p.messageEn).toMatch(new RegExp(`\\b${expected}\\b`));
    // The supervisor, who may override, is told the same when the reason is missing.
    problem(await supervisor.post('/api/v1/entities', entityBody('MA3T0005', { uscc: code })), 422, 'USCC_CHECK_MISMATCH');
    problem(await supervisor.post('/api/v1/entities', entityBody('MA3T0005', { uscc: code, usccOverrideReason: '    ' })), 400, 'VALIDATION_FAILED');
    expect(await written()).toEqual(before);
  });

  it('a clerk without entity.uscc_override giving a reason is 403 USCC_OVERRIDE_FORBIDDEN, and nothing is written', async () => {
    const before = await written();
    const { code } = withWrongCheck(makeUscc('91', '371526', 'MA3T0006'));
    problem(await clerk.post('/api/v1/entities', entityBody('MA3T0006', { uscc: code, usccOverrideReason: '早期试点代码，经核实合法' })), 403, 'USCC_OVERRIDE_FORBIDDEN');
    expect(await written()).toEqual(before);
    expect((await list(clerk, `q=${code}`)).total).toBe(0);
  });

  it('a supervisor may accept a wrong check character with a reason; the auditor sees it', async () => {
    const { code } = withWrongCheck(makeUscc('91', '371526', 'MA3T0007'));
    const reason = '早期试点代码，经登记机关核实合法';
    const created = await create(supervisor, entityBody('MA3T0007', { uscc: code, usccOverrideReason: reason }));
    expect(created).toMatchObject({ uscc: code, usccCheckOverridden: true, usccOverrideReason: reason });
    // The clerk's list shows the flag too.
    expect((await list(clerk, `q=${code}`)).items[0]?.usccCheckOverridden).toBe(true);

    const auditor = await t.login('auditor');
    const res = await auditor.get(`/api/v1/audit?entityId=${created.id}`);
    expect(res.statusCode).toBe(200);
    const records = res.json<{ items: Array<{ action: string; actorUsername: string | null; after: { usccOverrideReason?: string } }> }>().items;
    expect(records.map((r) => r.action)).toEqual(['entity.created_with_uscc_override']);
    expect(records[0]?.actorUsername).toBe('gaotang.supervisor');
    expect(records[0]?.after.usccOverrideReason).toBe(reason);
  });

  it('a valid code never keeps an override reason', async () => {
    const created = await create(supervisor, entityBody('MA3T0008', { usccOverrideReason: '无需理由的正确代码' }));
    expect(created).toMatchObject({ usccCheckOverridden: false, usccOverrideReason: null });
  });

  it('a duplicate USCC is 409 DUPLICATE, also when the existing entity lies in a county the clerk cannot see', async () => {
    const first = entityBody('MA3T0009');
    await create(clerk, first);
    const before = await written();
    problem(await clerk.post('/api/v1/entities', { ...first, name: '另一个名称有限公司' }), 409, 'DUPLICATE');
    // A Linqing entity from the demo data: invisible to the clerk, but its code is still taken.
    const linqingCode = makeUscc('91', '371581', 'MA3DM004');
    expect((await list(clerk, `q=${linqingCode}`)).total).toBe(0);
    const p = problem(await clerk.post('/api/v1/entities', entityBody('MA3T0010', { uscc: linqingCode })), 409, 'DUPLICATE');
    expect(p.field).toBe('uscc');
    // …and the answer does not reveal the other county's record.
    expect(JSON.stringify(p)).not.toContain('福马');
    expect(await written()).toEqual(before);
  });

  it('two simultaneous registrations of one code: exactly one wins', async () => {
    const body = entityBody('MA3T0011');
    const results = await Promise.all([clerk.post('/api/v1/entities', body), supervisor.post('/api/v1/entities', { ...body, name: '同时提交的另一家公司' })]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.statusCode === 409)?.json<Problem>().code).toBe('DUPLICATE');
    expect((await list(clerk, `q=${body.uscc}`)).total).toBe(1);
  });

  it('a region outside the jurisdiction is 403 OUT_OF_JURISDICTION, and nothing is written', async () => {
    const before = await written();
    const p = problem(await clerk.post('/api/v1/entities', entityBody('MA3T0012', { uscc: makeUscc('91', '371581', 'MA3T0012'), regionCode: '371581' })), 403, 'OUT_OF_JURISDICTION');
    expect(p.field).toBe('regionCode');
    problem(await clerk.post('/api/v1/entities', entityBody('MA3T0013', { regionCode: '999999' })), 422, 'REGION_UNKNOWN');
    expect(await written()).toEqual(before);
  });

  it('a founding date in the future is refused', async () => {
    const p = problem(await clerk.post('/api/v1/entities', entityBody('MA3T0014', { foundedOn: '2026-11-28' })), 400, 'VALIDATION_FAILED');
    expect(p.field).toBe('foundedOn');
  });
});

describe('changing a market entity', () => {
  it('PATCH with the current version is 200 and bumps the version; a stale version is 409 and changes nothing', async () => {
    const e = await create(clerk, entityBody('MA3T0020'));
    const ok = await clerk.patch(`/api/v1/entities/${e.id}`, { version: 1, name: '高唐县改名后有限公司', sizeClass: 'medium' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<EntityDetail>()).toMatchObject({ version: 2, name: '高唐县改名后有限公司', sizeClass: 'medium', uscc: e.uscc });

    const before = await written();
    const stale = problem(await clerk.patch(`/api/v1/entities/${e.id}`, { version: 1, name: '过期版本的修改有限公司' }), 409, 'VERSION_CONFLICT');
    expect(stale.currentVersion).toBe(2);
    expect(await written()).toEqual(before);
    const now = (await clerk.get(`/api/v1/entities/${e.id}`)).json<EntityDetail>();
    expect(now).toMatchObject({ version: 2, name: '高唐县改名后有限公司' });
  });

  it('two concurrent PATCHes with the same version: exactly one 200 and one 409', async () => {
    const e = await create(clerk, entityBody('MA3T0021'));
    const results = await Promise.all([
      clerk.patch(`/api/v1/entities/${e.id}`, { version: 1, name: '甲方修改有限公司' }),
      supervisor.patch(`/api/v1/entities/${e.id}`, { version: 1, name: '乙方修改有限公司' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.statusCode === 200)?.json<EntityDetail>();
    const now = (await clerk.get(`/api/v1/entities/${e.id}`)).json<EntityDetail>();
    expect(now.version).toBe(2);
    expect(now.name).toBe(winner?.name);
  });

  it('PATCH cannot move an entity out of the jurisdiction, nor touch one outside it', async () => {
    const e = await create(clerk, entityBody('MA3T0022'));
    const before = await written();
    problem(await clerk.patch(`/api/v1/entities/${e.id}`, { version: 1, regionCode: '371581' }), 403, 'OUT_OF_JURISDICTION');
    const [linqing] = await t.db.tx({ kind: 'system' }, (tx) => tx.select({ id: marketEntities.id }).from(marketEntities).where(inArray(marketEntities.regionCode, ['371581'])));
    problem(await clerk.patch(`/api/v1/entities/${linqing?.id ?? ''}`, { version: 1, name: '越权修改有限公司' }), 404, 'NOT_FOUND');
    expect(await written()).toEqual(before);
  });
});

describe('listing', () => {
  it('only the jurisdiction, paged correctly', async () => {
    const all = await list(clerk, 'pageSize=200');
    const [{ n }] = (await t.db.tx({ kind: 'system' }, (tx) => queryRows<{ n: string | number }>(tx, sql`select count(*) as n from market_entities where region_code = any(${`{${GAOTANG.join(',')}}`}::text[])`))) as [{ n: string | number }];
    expect(all.total).toBe(Number(n));
    expect(all.items).toHaveLength(all.total);
    expect(all.items.every((e) => GAOTANG.includes(e.regionCode))).toBe(true);
    expect(all.total).toBeGreaterThan(7);

    const size = 3;
    const seen: string[] = [];
    for (let page = 1; page <= Math.ceil(all.total / size); page++) {
      const p = await list(clerk, `page=${page}&pageSize=${size}`);
      expect({ total: p.total, page: p.page, pageSize: p.pageSize }).toEqual({ total: all.total, page, pageSize: size });
      expect(p.items.length).toBe(Math.min(size, all.total - (page - 1) * size));
      seen.push(...p.items.map((e) => e.id));
    }
    // Pages neither skip nor repeat, and keep the full list's order.
    expect(seen).toEqual(all.items.map((e) => e.id));
    const past = await list(clerk, `page=${Math.ceil(all.total / size) + 1}&pageSize=${size}`);
    expect(past.items).toEqual([]);
    expect(past.total).toBe(all.total);
  });

  it('filters by region, kind, size and tag', async () => {
    const all = await list(clerk, 'pageSize=200');
    const cases: Array<[string, (e: EntitySummary) => boolean]> = [
      ['kind=farmers_cooperative', (e) => e.kind === 'farmers_cooperative'],
      ['kind=individual_business', (e) => e.kind === 'individual_business'],
      ['size=micro', (e) => e.sizeClass === 'micro'],
      ['tag=quality_employer', (e) => e.tags.includes('quality_employer')],
      ['region=371526', (e) => e.regionCode === '371526'],
      ['kind=enterprise&size=micro', (e) => e.kind === 'enterprise' && e.sizeClass === 'micro'],
    ];
    for (const [query, keep] of cases) {
      const got = await list(clerk, `${query}&pageSize=200`);
      const want = all.items.filter(keep).map((e) => e.id);
      expect(want.length, query).toBeGreaterThan(0);
      expect(got.items.map((e) => e.id), query).toEqual(want);
      expect(got.total, query).toBe(want.length);
    }
    expect((await list(clerk, 'kind=farmers_cooperative')).items.map((e) => e.name)).toContain('高唐县绿源蔬菜种植专业合作社（演示）');
    // Another county's region is simply empty for the clerk.
    expect((await list(clerk, 'region=371581')).total).toBe(0);
    problem(await clerk.get('/api/v1/entities?kind=spaceship'), 400, 'VALIDATION_FAILED');
    problem(await clerk.get('/api/v1/entities?pageSize=201'), 400, 'VALIDATION_FAILED');
  });

  it('search treats % and _ literally', async () => {
    expect((await list(clerk, `q=${encodeURIComponent('%')}`)).total).toBe(0);
    expect((await list(clerk, 'q=_')).total).toBe(0);
  });
});

describe('Excel import and export', () => {
  const good = ['MA3T0031', 'MA3T0032', 'MA3T0033'].map((b) => makeUscc('91', '371526', b));
  let file: Buffer;

  async function importFile(mode: string, data: Buffer = file, extra = ''): Promise<LightMyRequestResponse> {
    return clerk.post(`/api/v1/entities/import?mode=${mode}${extra}`, data, { 'content-type': XLSX });
  }

  beforeAll(async () => {
    const template = await clerk.get('/api/v1/entities/import-template.xlsx');
    const wb = await workbookOf(template);
    const ws = wb.getWorksheet('市场主体');
    if (ws === undefined) {
      throw new Error('template has no 市场主体 sheet');
    }
    // Find the columns by their English header line, as a user would read them.
    const col = new Map<string, number>();
    ws.getRow(1).eachCell((c, n) => {
      col.set(cellText(c.value).split('\n')[1] ?? '', n);
    });
    const put = (row: number, values: Record<string, string | Date>) => {
      for (const [header, v] of Object.entries(values)) {
        const n = col.get(header);
        if (n === undefined) {
          throw new Error(`template lacks column ${header}`);
        }
        ws.getRow(row).getCell(n).value = v;
      }
    };
    const base = { Kind: '企业', 'Founded on': '2019-03-15', 'Region code': '371526', 'Industry section': '制造业', 'Size class': '小型', Tags: '高新技术企业、专精特新' };
    put(2, { ...base, USCC: good[0] ?? '', Name: '高唐县导入一号有限公司' });
    put(3, { ...base, USCC: makeUscc('91', '371526', 'MA3T0034'), Name: '高唐县导入坏行甲有限公司', Kind: '宇宙飞船' });
    put(4, { ...base, USCC: good[1] ?? '', Name: '高唐县导入二号有限公司', 'Founded on': new Date(Date.UTC(2018, 6, 1)), 'Size class': 'micro' });
    put(5, { ...base, USCC: '91371526-NOT-A-CODE', Name: '高唐县导入坏行乙有限公司' });
    put(6, { ...base, USCC: good[2] ?? '', Name: '高唐县导入三号有限公司', Kind: 'farmers_cooperative', Tags: '' });
    file = Buffer.from(await wb.xlsx.writeBuffer());
  });

  it('the template downloads as a workbook with the bilingual headers', async () => {
    const res = await clerk.get('/api/v1/entities/import-template.xlsx');
    const wb = await workbookOf(res);
    expect(wb.worksheets.map((w) => w.name)).toContain('市场主体');
    expect(String(res.headers['content-disposition'])).toContain('attachment');
  });

  it('mode=validate reports the two bad rows by number and field, and writes nothing', async () => {
    const before = await written();
    const res = await importFile('validate');
    expect(res.statusCode, res.body.slice(0, 400)).toBe(200);
    const r = res.json<ImportReport>();
    expect(r).toMatchObject({ mode: 'validate', totalRows: 5, validRows: 3, errorRows: 2, imported: 0 });
    expect(r.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [3, 'kind', 'VALIDATION_FAILED'],
      [5, 'uscc', 'USCC_FORM_INVALID'],
    ]);
    expect(r.errors[0]?.message).toContain('第 3 行');
    expect(r.errors[0]?.message).toContain('宇宙飞船');
    expect(r.errors[1]?.messageEn).toContain('Row 5');
    expect(await written()).toEqual(before);
  });

  it('format=xlsx returns the report as a workbook naming the same rows', async () => {
    const wb = await workbookOf(await importFile('validate', file, '&format=xlsx'));
    const ws = wb.worksheets[0];
    const rows: string[][] = [];
    ws?.eachRow((row, n) => {
      if (n > 1) {
        rows.push([1, 2, 3].map((c) => cellText(row.getCell(c).value)));
      }
    });
    expect(rows.map((r) => r[0])).toEqual(['3', '5']);
    expect(rows[0]?.[1]).toContain('kind');
    expect(rows[1]?.[2]).toBe('USCC_FORM_INVALID');
  });

  it('mode=all with bad rows is 422 IMPORT_HAS_ERRORS and writes nothing', async () => {
    const before = await written();
    const p = problem(await importFile('all'), 422, 'IMPORT_HAS_ERRORS');
    expect(p.report?.errorRows).toBe(2);
    expect(await written()).toEqual(before);
    for (const code of good) {
      expect((await list(clerk, `q=${code}`)).total).toBe(0);
    }
  });

  it('a body that is not a workbook is 422 IMPORT_FILE_INVALID and writes nothing', async () => {
    const before = await written();
    problem(await importFile('valid-only', Buffer.from('uscc,name\n91371526MA3T00411,x\n')), 422, 'IMPORT_FILE_INVALID');
    problem(await importFile('valid-only', Buffer.alloc(0)), 422, 'IMPORT_FILE_INVALID');
    expect(await written()).toEqual(before);
  });

  it('mode=valid-only imports the three good rows, which then appear in the list', async () => {
    const before = await written();
    const res = await importFile('valid-only');
    expect(res.statusCode, res.body.slice(0, 400)).toBe(200);
    expect(res.json<ImportReport>()).toMatchObject({ mode: 'valid-only', totalRows: 5, validRows: 3, errorRows: 2, imported: 3 });
    const after = await written();
    expect(after.entities).toBe(before.entities + 3);
    expect(after.auditSeq).toBe(before.auditSeq + 3);
    const found = await Promise.all(good.map(async (code) => (await list(clerk, `q=${code}`)).items));
    expect(found.map((f) => f.length)).toEqual([1, 1, 1]);
    expect(found[1]?.[0]).toMatchObject({ name: '高唐县导入二号有限公司', foundedOn: '2018-07-01', sizeClass: 'micro', tags: ['high_tech', 'specialized'] });
    expect(found[2]?.[0]).toMatchObject({ kind: 'farmers_cooperative', tags: [] });
    // Importing the same file again finds every good row taken.
    const again = (await importFile('validate')).json<ImportReport>();
    expect(again.validRows).toBe(0);
    expect(again.errors.filter((e) => e.code === 'DUPLICATE').map((e) => e.row)).toEqual([2, 4, 6]);
  });

  it('the export holds exactly the clerk’s visible entities (only Gaotang)', async () => {
    const res = await clerk.get('/api/v1/entities/export.xlsx');
    const wb = await workbookOf(res);
    expect(String(res.headers['content-disposition'])).toContain(`filename*=UTF-8''${encodeURIComponent('市场主体.xlsx')}`);
    const ws = wb.worksheets[0];
    const ids: string[] = [];
    ws?.eachRow((row, n) => {
      if (n > 1) {
        ids.push(cellText(row.getCell(1).value));
      }
    });
    const visible = await t.db.tx({ kind: 'system' }, (tx) => tx.select({ id: marketEntities.id }).from(marketEntities).where(inArray(marketEntities.regionCode, [...GAOTANG])));
    expect(ids.slice().sort()).toEqual(visible.map((v) => v.id).sort());
    expect(ids.length).toBe((await list(clerk, 'pageSize=1')).total);

    const en = await workbookOf(await clerk.get('/api/v1/entities/export.xlsx?locale=en&kind=farmers_cooperative'));
    expect(cellText(en.worksheets[0]?.getRow(1).getCell(1).value ?? null)).toBe('ID');
    expect((en.worksheets[0]?.rowCount ?? 0) - 1).toBe((await list(clerk, 'kind=farmers_cooperative')).total);
  });

  it('someone without entity.import cannot download the template or import', async () => {
    const official = await t.login('linqing.officer');
    problem(await official.get('/api/v1/entities/import-template.xlsx'), 403, 'FORBIDDEN');
    problem(await official.post('/api/v1/entities/import?mode=validate', file, { 'content-type': XLSX }), 403, 'FORBIDDEN');
  });
});

describe('USCC validation endpoint', () => {
  it('the standard’s example 91350100M000100Y43 is valid; a wrong check says it should be 3', async () => {
    const ok = await clerk.post('/api/v1/uscc/validate', { code: '91350100M000100Y43' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ valid: true, formOk: true, checkOk: true, expectedCheck: '3', kind: 'enterprise', registeringRegion: '350100' });
    const bad = (await clerk.post('/api/v1/uscc/validate', { code: '91350100M000100Y44' })).json<Record<string, unknown>>();
    expect(bad).toMatchObject({ valid: false, formOk: true, checkOk: false, expectedCheck: '3' });
    const malformed = (await clerk.post('/api/v1/uscc/validate', { code: '91350100M000100Y4' })).json<Record<string, unknown>>();
    expect(malformed).toEqual({ valid: false, formOk: false, checkOk: false });
  });
});
