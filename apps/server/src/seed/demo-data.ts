import { hash } from '@node-rs/argon2';
import { count, eq } from 'drizzle-orm';
import { persons, marketEntities } from '../modules/registry/schema';
import { makeNationalId } from '../modules/registry/national-id';
import { makeUscc } from '../modules/registry/uscc';
import { upsertEntityHistory } from '../modules/registry/entity-data';
import { appendAudit } from '../platform/audit/audit-log';
import { shanghaiToday } from '../platform/clock/clock';
import { DEFAULT_DEMO_PASSWORD, type Config } from '../platform/config/config';
import { maskNationalId, maskPhone } from '../platform/crypto/masking';
import { encryptField, lookupHash } from '../platform/crypto/sm-crypto';
import type { Database, Tx } from '../platform/db/database';
import { organizations, userRoles, users } from '../platform/db/schema';
import { newId } from '../platform/ids/ids';
import { seedDemoLoans } from './demo-loans';
import { DEMO_OWNER_NAME } from './demo-project-figures';
import { seedDemoProjects } from './demo-projects';
import { prng } from './random';

/** The demo logins the README lists. */
export const DEMO_USERS = [
  { username: 'admin', displayName: '系统管理员', org: 'city:bigdata', jurisdiction: '371500', roles: ['sysadmin'], note: 'city system administrator' },
  { username: 'auditor', displayName: '安全审计员', org: 'city:audit', jurisdiction: '371500', roles: ['auditor'], note: 'city auditor (reads the audit log)' },
  { username: 'city.registry', displayName: '市场监管局登记审核员', org: 'city:samr', jurisdiction: '371500', roles: ['registry_supervisor'], note: 'city registry supervisor (USCC override, PII reveal)' },
  { username: 'gaotang.clerk', displayName: '高唐县审批窗口', org: '371526:approval', jurisdiction: '371526', roles: ['registry_clerk'], note: 'Gaotang approval bureau clerk' },
  { username: 'gaotang.supervisor', displayName: '高唐县审批科长', org: '371526:approval', jurisdiction: '371526', roles: ['registry_supervisor'], note: 'Gaotang approval bureau supervisor (USCC override, PII reveal)' },
  { username: 'linqing.officer', displayName: '临清市发改局干部', org: '371581:ndrc', jurisdiction: '371581', roles: ['official'], note: 'Linqing official (read only)' },
  { username: 'dongchangfu.officer', displayName: '东昌府区发改局干部', org: '371502:ndrc', jurisdiction: '371502', roles: ['official'], note: 'Dongchangfu official (read only)' },
  { username: 'dcf.dispatcher', displayName: '东昌府区发改局调度员', org: '371502:ndrc', jurisdiction: '371502', roles: ['project_dispatcher'], note: 'Dongchangfu key-project dispatcher (assigns, decides extensions, closes)' },
  { username: 'dcf.owner', displayName: '城投公司项目负责人', org: '371502:owner', jurisdiction: '371502', roles: ['project_owner'], note: 'Dongchangfu project owner (raises and confirms problems)' },
  { username: 'dcf.handler', displayName: '东昌府区自然资源局经办人', org: '371502:nr', jurisdiction: '371502', roles: ['problem_handler'], note: 'handler in a responsible unit (accepts, feeds back)' },
  { username: 'dcf.leader', displayName: '东昌府区帮包领导', org: '371502:gov', jurisdiction: '371502', roles: ['helping_official'], note: 'Dongchangfu helping official (帮包领导)' },
  { username: 'hr.officer', displayName: '市人社局就业促进科', org: 'city:hrss', jurisdiction: '371500', roles: ['hr_loan_officer'], note: 'city HR bureau: certifies special-loan categories and headcount' },
  { username: 'boc.officer', displayName: '中行聊城分行客户经理', org: 'boc', jurisdiction: '371500', roles: ['bank_loan_officer'], note: 'Bank of China loan officer: consultations, due diligence, contract, disbursement, repayments' },
  { username: 'boc.approver', displayName: '中行聊城分行授信审批人', org: 'boc', jurisdiction: '371500', roles: ['bank_credit_approver'], note: 'Bank of China credit approver (credit decisions)' },
  { username: 'boc.checker', displayName: '中行聊城分行复核审批人', org: 'boc', jurisdiction: '371500', roles: ['bank_credit_approver'], note: 'second credit approver (maker-checker above the threshold)' },
  { username: 'loan.admin', displayName: '中行聊城分行产品管理员', org: 'boc', jurisdiction: '371500', roles: ['loan_product_admin'], note: 'loan product administrator (decision tables)' },
  { username: 'ent.user', displayName: '玉纤纺织财务负责人', org: 'ent:yuxian', jurisdiction: '371502', roles: ['enterprise_user'], note: 'an enterprise user (聊城玉纤纺织): applies and follows its loans' },
] as const;

const AGENCIES = [
  { key: 'ndrc', zh: '发展和改革局', en: 'Development and Reform Bureau' },
  { key: 'approval', zh: '行政审批服务局', en: 'Administrative Approval Services Bureau' },
  { key: 'hrss', zh: '人力资源和社会保障局', en: 'Human Resources and Social Security Bureau' },
  { key: 'sci', zh: '科学技术局', en: 'Science and Technology Bureau' },
  { key: 'samr', zh: '市场监督管理局', en: 'Market Supervision Administration' },
] as const;

type OrgSeed = { key: string; name: string; nameEn: string; kind: 'agency' | 'bank' | 'enterprise' | 'bank_branch' | 'research_institute' | 'university'; agencyType: string | null; region: string; parent?: string; uscc?: string };

function orgSeeds(): OrgSeed[] {
  const out: OrgSeed[] = [
    { key: 'city:ndrc', name: '聊城市发展和改革委员会', nameEn: 'Liaocheng Development and Reform Commission', kind: 'agency', agencyType: 'ndrc', region: '371500' },
    { key: 'city:approval', name: '聊城市行政审批服务局', nameEn: 'Liaocheng Administrative Approval Services Bureau', kind: 'agency', agencyType: 'approval', region: '371500' },
    { key: 'city:hrss', name: '聊城市人力资源和社会保障局', nameEn: 'Liaocheng HR and Social Security Bureau', kind: 'agency', agencyType: 'hrss', region: '371500' },
    { key: 'city:sci', name: '聊城市科学技术局', nameEn: 'Liaocheng Science and Technology Bureau', kind: 'agency', agencyType: 'sci', region: '371500' },
    { key: 'city:samr', name: '聊城市市场监督管理局', nameEn: 'Liaocheng Market Supervision Administration', kind: 'agency', agencyType: 'samr', region: '371500' },
    { key: 'city:finance', name: '聊城市金融监测服务中心', nameEn: 'Liaocheng Financial Monitoring Service Center', kind: 'agency', agencyType: 'finance_monitoring', region: '371500' },
    { key: 'city:bigdata', name: '聊城市大数据局', nameEn: 'Liaocheng Big Data Bureau', kind: 'agency', agencyType: 'big_data', region: '371500' },
    { key: 'city:audit', name: '聊城市审计局', nameEn: 'Liaocheng Audit Bureau', kind: 'agency', agencyType: 'audit', region: '371500' },
    { key: 'boc', name: '中国银行股份有限公司聊城分行', nameEn: 'Bank of China Liaocheng Branch', kind: 'bank_branch', agencyType: null, region: '371500' },
    { key: 'boc:gaotang', name: '中国银行股份有限公司高唐支行', nameEn: 'Bank of China Gaotang Sub-branch', kind: 'bank_branch', agencyType: null, region: '371526', parent: 'boc' },
    { key: 'institute', name: '聊城产业技术研究院', nameEn: 'Liaocheng Industrial Technology Research Institute', kind: 'research_institute', agencyType: null, region: '371502' },
    { key: 'lcu', name: '聊城大学', nameEn: 'Liaocheng University', kind: 'university', agencyType: null, region: '371502' },
    { key: 'Z15003:finance', name: '江北水城旅游度假区金融监测服务中心', nameEn: 'Resort Zone Financial Monitoring Service Center', kind: 'agency', agencyType: 'finance_monitoring', region: 'Z15003' },
    { key: 'Z15003:approval', name: '江北水城旅游度假区行政审批服务局', nameEn: 'Resort Zone Administrative Approval Services Bureau', kind: 'agency', agencyType: 'approval', region: 'Z15003' },
    { key: '371502:nr', name: '东昌府区自然资源局', nameEn: 'Dongchangfu Natural Resources Bureau', kind: 'agency', agencyType: 'natural_resources', region: '371502' },
    { key: '371502:housing', name: '东昌府区住房和城乡建设局', nameEn: 'Dongchangfu Housing and Urban-Rural Development Bureau', kind: 'agency', agencyType: 'housing', region: '371502' },
    { key: '371502:gov', name: '东昌府区人民政府', nameEn: 'Dongchangfu District People’s Government', kind: 'agency', agencyType: 'government', region: '371502' },
    { key: 'ent:yuxian', name: '聊城玉纤纺织有限公司', nameEn: 'Liaocheng Yuxian Textile Co., Ltd.', kind: 'enterprise', agencyType: null, region: '371502', uscc: makeUscc('91', '371502', 'MA3DM007') },
    { key: '371502:owner', name: DEMO_OWNER_NAME, nameEn: 'Dongchangfu Urban Construction Investment Co., Ltd.', kind: 'enterprise', agencyType: null, region: '371502' },
    { key: '130534:approval', name: '清河县行政审批局', nameEn: 'Qinghe Administrative Approval Bureau', kind: 'agency', agencyType: 'approval', region: '130534' },
  ];
  const counties = [
    { code: '371502', zh: '东昌府区', en: 'Dongchangfu' },
    { code: '371526', zh: '高唐县', en: 'Gaotang' },
    { code: '371503', zh: '茌平区', en: 'Chiping' },
    { code: '371581', zh: '临清市', en: 'Linqing' },
  ];
  for (const c of counties) {
    for (const a of AGENCIES) {
      out.push({ key: `${c.code}:${a.key}`, name: `${c.zh}${a.zh}`, nameEn: `${c.en} ${a.en}`, kind: 'agency', agencyType: a.key, region: c.code });
    }
  }
  return out;
}

type EntitySeed = { name: string; kind: 'enterprise' | 'individual_business' | 'farmers_cooperative'; region: string; uscc: string; founded: string; industry: string; size: 'large' | 'medium' | 'small' | 'micro'; tags: string[]; base: number };

/** The enterprises the seed page names (synthetic valid USCCs, tagged demo), plus a few per county. */
function entitySeeds(): EntitySeed[] {
  const code = (p: string, region: string, body: string) => makeUscc(p, region, body);
  return [
    { name: '聊城洪喜医疗服务有限公司', kind: 'enterprise', region: '371503', uscc: code('92', '371523', 'MA3DM001'), founded: '2016-03-18', industry: 'Q', size: 'micro', tags: ['demo'], base: 12 },
    { name: '汉河（阳谷）电缆有限公司', kind: 'enterprise', region: '371521', uscc: code('91', '371521', 'MA3DM002'), founded: '2011-06-02', industry: 'C', size: 'large', tags: ['high_tech', 'demo'], base: 860 },
    { name: '太平洋（聊城）光电科技有限公司', kind: 'enterprise', region: 'Z15002', uscc: code('91', '371500', 'MA3DM003'), founded: '2012-09-10', industry: 'C', size: 'medium', tags: ['high_tech', 'specialized', 'little_giant', 'demo'], base: 420 },
    { name: '山东福马轴承有限公司', kind: 'enterprise', region: '371581', uscc: code('91', '371581', 'MA3DM004'), founded: '2004-04-21', industry: 'C', size: 'medium', tags: ['high_tech', 'demo'], base: 310 },
    { name: '山东产研强激光科技有限公司', kind: 'enterprise', region: '371502', uscc: code('91', '371502', 'MA3DM005'), founded: '2021-08-16', industry: 'M', size: 'small', tags: ['tech_sme', 'demo'], base: 46 },
    { name: '聊城产业技术研究院有限公司', kind: 'enterprise', region: '371502', uscc: code('91', '371502', 'MA3DM006'), founded: '2021-06-08', industry: 'M', size: 'small', tags: ['demo'], base: 75 },
    { name: '聊城玉纤纺织有限公司', kind: 'enterprise', region: '371502', uscc: code('91', '371502', 'MA3DM007'), founded: '2014-11-05', industry: 'C', size: 'small', tags: ['quality_employer', 'demo'], base: 68 },
    { name: '山东欧嘉电力通信装备有限公司', kind: 'enterprise', region: 'Z15001', uscc: code('91', '371500', 'MA3DM008'), founded: '2013-05-27', industry: 'C', size: 'small', tags: ['demo'], base: 95 },
    { name: '高唐县鲁西棉纺有限公司（演示）', kind: 'enterprise', region: '371526', uscc: code('91', '371526', 'MA3DM009'), founded: '2015-02-11', industry: 'C', size: 'small', tags: ['quality_employer', 'demo'], base: 58 },
    { name: '高唐县金城食品有限公司（演示）', kind: 'enterprise', region: '371526', uscc: code('91', '371526', 'MA3DM010'), founded: '2018-07-30', industry: 'C', size: 'micro', tags: ['demo'], base: 15 },
    { name: '高唐县惠民家政服务部（演示）', kind: 'individual_business', region: '371526', uscc: code('92', '371526', 'MA3DM011'), founded: '2021-03-02', industry: 'O', size: 'micro', tags: ['demo'], base: 6 },
    { name: '高唐县绿源蔬菜种植专业合作社（演示）', kind: 'farmers_cooperative', region: '371526', uscc: code('93', '371526', 'MA3DM012'), founded: '2017-04-19', industry: 'A', size: 'micro', tags: ['demo'], base: 11 },
    { name: '临清市松林轴承配件厂（演示）', kind: 'individual_business', region: '371581', uscc: code('92', '371581', 'MA3DM013'), founded: '2019-10-08', industry: 'C', size: 'micro', tags: ['demo'], base: 8 },
    { name: '度假区金银花种植专业合作社（演示）', kind: 'farmers_cooperative', region: 'Z15003', uscc: code('93', '371500', 'MA3DM014'), founded: '2020-03-12', industry: 'A', size: 'micro', tags: ['demo'], base: 9 },
  ];
}

function monthsBack(today: string, n: number): string[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = n; i >= 1; i--) {
    const idx = y * 12 + (m - 1) - i;
    out.push(`${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

/** True once demo data (or any user) exists. */
export async function hasUsers(db: Database): Promise<boolean> {
  const [r] = await db.tx({ kind: 'system' }, (tx) => tx.select({ n: count() }).from(users));
  return Number(r?.n ?? 0) > 0;
}

/** Loads the Liaocheng demo data. Refuses the default password on a PostgreSQL server. */
export async function seedDemo(db: Database, config: Config, now: Date): Promise<{ users: number; organizations: number; entities: number; persons: number }> {
  if (config.databaseUrl !== null && !config.demoPasswordExplicit) {
    throw new Error(`Refusing to seed demo users with the default password (${DEFAULT_DEMO_PASSWORD}) on a PostgreSQL server: set ZQ_DEMO_PASSWORD.`);
  }
  const passwordHash = await hash(config.demoPassword, { algorithm: 2 });
  const today = shanghaiToday(now);
  const months = monthsBack(today, 24);
  return db.tx({ kind: 'system' }, async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.username, 'admin'));
    if (existing !== undefined) {
      return { users: 0, organizations: 0, entities: 0, persons: 0 };
    }
    const orgIds = new Map<string, string>();
    for (const o of orgSeeds()) {
      const id = newId('org');
      orgIds.set(o.key, id);
      await tx.insert(organizations).values({ id, regionCode: o.region, name: o.name, nameEn: o.nameEn, kind: o.kind, agencyType: o.agencyType, parentId: o.parent === undefined ? null : (orgIds.get(o.parent) ?? null), uscc: o.uscc ?? null, createdAt: now, updatedAt: now });
    }
    for (const u of DEMO_USERS) {
      const id = newId('usr');
      const orgId = orgIds.get(u.org);
      if (orgId === undefined) {
        throw new Error(`demo org ${u.org} missing`);
      }
      await tx.insert(users).values({ id, username: u.username, displayName: u.displayName, organizationId: orgId, regionCode: u.jurisdiction, passwordHash, createdAt: now, updatedAt: now });
      await tx.insert(userRoles).values(u.roles.map((roleCode) => ({ userId: id, roleCode })));
    }
    const entities = entitySeeds();
    const rand = prng(20230405);
    for (const e of entities) {
      const id = newId('ent');
      await tx.insert(marketEntities).values({ id, regionCode: e.region, uscc: e.uscc, name: e.name, kind: e.kind, foundedOn: e.founded, industrySection: e.industry, sizeClass: e.size, tags: e.tags, createdAt: now, updatedAt: now });
      // A slow drift with some hiring and leaving each month; kept fractional so small firms move too.
      let level = e.base;
      const heads = months.map((month) => {
        level = Math.max(1, level * (0.985 + rand() * 0.04));
        const jitter = rand() < 0.3 ? (rand() < 0.5 ? -1 : 1) : 0;
        return { month, pensionContributors: Math.max(1, Math.round(level) + jitter) };
      });
      const pays = months.map((month) => {
        const r = rand();
        return { month, wages: r < 0.93 ? ('on_time' as const) : ('late' as const), socialInsurance: r < 0.9 ? ('on_time' as const) : r < 0.98 ? ('late' as const) : ('unpaid' as const) };
      });
      await upsertEntityHistory(tx, id, e.region, heads, pays);
    }
    const people = await seedPersons(tx, config, now);
    const keyProjects = await seedDemoProjects(tx, now, orgIds);
    await seedDemoLoans(tx, now);
    await appendAudit(tx, { at: now, actorUserId: null, actorOrgId: null, action: 'system.demo_seeded', entityType: 'system', entityId: null, regionCode: null, before: null, after: { users: DEMO_USERS.length, entities: entities.length, projects: keyProjects.projects, problems: keyProjects.problems } });
    return { users: DEMO_USERS.length, organizations: orgIds.size, entities: entities.length, persons: people };
  });
}

async function seedPersons(tx: Tx, config: Config, now: Date): Promise<number> {
  const people = [
    { name: '王宏宇', region: '371502', id: makeNationalId('371502', '19850312', '021'), phone: '13806350001' },
    { name: '李建国', region: '371526', id: makeNationalId('371526', '19700615', '033'), phone: '13906350002' },
    { name: '张秀英', region: '371526', id: makeNationalId('371526', '19920101', '046'), phone: '13706350003' },
    { name: '刘师傅', region: '371581', id: makeNationalId('371581', '19760920', '015'), phone: '13606350004' },
  ];
  for (const p of people) {
    await tx.insert(persons).values({
      id: newId('per'), regionCode: p.region, name: p.name,
      nationalIdEnc: encryptField(config.keys, p.id), nationalIdHash: lookupHash(config.keys, p.id), nationalIdMasked: maskNationalId(p.id),
      phoneEnc: encryptField(config.keys, p.phone), phoneHash: lookupHash(config.keys, p.phone), phoneMasked: maskPhone(p.phone),
      isDemo: true, createdAt: now, updatedAt: now,
    });
  }
  return people.length;
}
