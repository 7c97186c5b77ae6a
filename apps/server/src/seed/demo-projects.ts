import { DEFAULT_DEADLINE_DAYS, type ProblemCategory, type ProblemSeverity, type ProblemState } from '@zhengqi/contracts/problems';
import { inArray } from 'drizzle-orm';
import { insertProblemEvent, nextProblemSerial } from '../modules/projects/problem-data';
import { problems, projectProgressReports, projects } from '../modules/projects/schema';
import { marketEntities } from '../modules/registry/schema';
import { makeUscc } from '../modules/registry/uscc';
import { createWorkingCalendar } from '../platform/calendar/working-days';
import { shanghaiToday } from '../platform/clock/clock';
import type { Tx } from '../platform/db/database';
import { users } from '../platform/db/schema';
import { newId } from '../platform/ids/ids';

/** The project owner whose staff log in as dcf.owner (an organization and a market entity of the same name). */
export const DEMO_OWNER_NAME = '聊城市东昌府区城市建设投资有限公司（演示）';

const YI = 100_000_000 * 100; // 1 亿元 in fen

type ProjectSeed = {
  name: string;
  owner: number;
  cls: 'implementation' | 'planning';
  level: 'provincial' | 'municipal' | 'district';
  sector: string;
  totalYi: number;
  planYi: number;
  plannedStart: string;
  started: string | null;
  status: 'planning' | 'preparation' | 'under_construction' | 'completed';
  location: string;
  /** Share of the annual plan completed per elapsed month (1 = on schedule). */
  pace: number;
};

const OWNERS = [
  { name: DEMO_OWNER_NAME, body: 'MA3DP001', industry: 'E' },
  { name: '山东聊城鲁西新材料有限公司（演示）', body: 'MA3DP002', industry: 'C' },
  { name: '聊城市东昌府区教育投资有限公司（演示）', body: 'MA3DP003', industry: 'P' },
  { name: '聊城古城保护开发有限公司（演示）', body: 'MA3DP004', industry: 'R' },
] as const;

function projectSeeds(year: number): ProjectSeed[] {
  const y = String(year);
  return [
    { name: '鲁西新材料高性能纤维产业园项目', owner: 1, cls: 'implementation', level: 'provincial', sector: 'industrial', totalYi: 32.5, planYi: 8.2, plannedStart: `${y}-03-01`, started: `${y}-03-12`, status: 'under_construction', location: '东昌府区沙镇镇工业园', pace: 1.05 },
    { name: '东昌府区智能装备制造产业园', owner: 1, cls: 'implementation', level: 'municipal', sector: 'industrial', totalYi: 15.8, planYi: 5.0, plannedStart: `${y}-04-01`, started: `${y}-04-20`, status: 'under_construction', location: '东昌府区郑家镇', pace: 0.82 },
    { name: '新能源汽车零部件生产线技改项目', owner: 1, cls: 'implementation', level: 'district', sector: 'industrial', totalYi: 6.3, planYi: 3.1, plannedStart: `${y}-02-15`, started: `${y}-02-28`, status: 'under_construction', location: '东昌府区堂邑镇', pace: 0.95 },
    { name: '生物医药中间体产业化项目', owner: 1, cls: 'implementation', level: 'district', sector: 'industrial', totalYi: 4.6, planYi: 2.0, plannedStart: `${y}-05-10`, started: null, status: 'preparation', location: '东昌府区梁水镇镇', pace: 0 },
    { name: '东昌府区第二实验中学新建项目', owner: 2, cls: 'implementation', level: 'district', sector: 'education', totalYi: 3.2, planYi: 1.6, plannedStart: `${y}-03-15`, started: `${y}-03-15`, status: 'under_construction', location: '东昌府区新区街道', pace: 1.1 },
    { name: '城区幼儿园扩容工程', owner: 2, cls: 'implementation', level: 'district', sector: 'education', totalYi: 1.1, planYi: 1.1, plannedStart: `${y}-02-20`, started: `${y}-02-25`, status: 'completed', location: '东昌府区古楼街道', pace: 1.2 },
    { name: '古城区棚户区改造（三期）', owner: 0, cls: 'implementation', level: 'municipal', sector: 'shanty_town', totalYi: 18.6, planYi: 6.0, plannedStart: `${y}-03-01`, started: `${y}-03-06`, status: 'under_construction', location: '东昌府区古楼街道', pace: 0.9 },
    { name: '湖西片区城中村改造项目', owner: 0, cls: 'implementation', level: 'district', sector: 'shanty_town', totalYi: 9.4, planYi: 3.5, plannedStart: `${y}-06-01`, started: null, status: 'preparation', location: '东昌府区湖西街道', pace: 0 },
    { name: '东昌路东延及配套管网工程', owner: 0, cls: 'implementation', level: 'municipal', sector: 'infrastructure', totalYi: 7.8, planYi: 4.0, plannedStart: `${y}-03-20`, started: `${y}-04-02`, status: 'under_construction', location: '东昌府区道口铺街道', pace: 0.88 },
    { name: '城区污水处理厂提标改造工程', owner: 0, cls: 'implementation', level: 'district', sector: 'infrastructure', totalYi: 2.9, planYi: 1.8, plannedStart: `${y}-04-15`, started: `${y}-04-18`, status: 'under_construction', location: '东昌府区柳园街道', pace: 1.0 },
    { name: '中国运河文化博览园二期', owner: 3, cls: 'planning', level: 'municipal', sector: 'culture_tourism', totalYi: 12.0, planYi: 0, plannedStart: `${year + 1}-03-01`, started: null, status: 'planning', location: '东昌府区古楼街道', pace: 0 },
    { name: '东昌府区智慧冷链物流园', owner: 1, cls: 'planning', level: 'district', sector: 'infrastructure', totalYi: 5.5, planYi: 0, plannedStart: `${year + 1}-05-01`, started: null, status: 'planning', location: '东昌府区侯营镇', pace: 0 },
  ];
}

const STAGES = ['场地平整', '基础施工', '主体施工', '主体封顶', '设备安装', '竣工验收'];

type ProblemSeed = { project: number; category: ProblemCategory; severity: ProblemSeverity; title: string; description: string; state: ProblemState; assignedDaysAgo?: number; reopenings?: number };

const PROBLEMS: ProblemSeed[] = [
  { project: 7, category: 'land', severity: 'major', title: '项目用地指标尚未落实', description: '湖西片区改造项目约 35 亩用地指标尚未落实，影响开工。', state: 'collected' },
  { project: 1, category: 'utilities', severity: 'general', title: '施工用电增容申请未批复', description: '产业园施工用电需增容至 2000kVA，申请已提交一个月。', state: 'assigned', assignedDaysAgo: 3 },
  { project: 8, category: 'demolition', severity: 'general', title: '管网沿线 3 户未完成征迁', description: '东延段管网沿线 3 户居民未签订征迁协议。', state: 'in_progress', assignedDaysAgo: 12 },
  { project: 0, category: 'permits', severity: 'critical', title: '二期厂房施工许可办理缓慢', description: '二期厂房施工许可需补充消防设计审查意见。', state: 'feedback_submitted', assignedDaysAgo: 10 },
  { project: 4, category: 'funds', severity: 'general', title: '专项债资金拨付滞后', description: '第二批专项债资金未按计划拨付。', state: 'closed', assignedDaysAgo: 30 },
  { project: 6, category: 'other', severity: 'general', title: '重复上报：棚改安置房手续', description: '与已交办问题重复。', state: 'rejected' },
];

/** A handful of Dongchangfu key projects with monthly progress and problems in several states (the full 157 come later). */
export async function seedDemoProjects(tx: Tx, now: Date, orgIds: ReadonlyMap<string, string>): Promise<{ projects: number; problems: number }> {
  const today = shanghaiToday(now);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const calendar = createWorkingCalendar({ overrides: [], importedYears: [] });
  const ownerIds: string[] = [];
  for (const o of OWNERS) {
    const id = newId('ent');
    ownerIds.push(id);
    await tx.insert(marketEntities).values({ id, regionCode: '371502', uscc: makeUscc('91', '371502', o.body), name: o.name, kind: 'enterprise', foundedOn: '2012-05-08', industrySection: o.industry, sizeClass: 'medium', tags: ['demo'], createdAt: now, updatedAt: now });
  }
  const seeds = projectSeeds(year);
  const projectIds: string[] = [];
  const reports: Array<typeof projectProgressReports.$inferInsert> = [];
  for (const [i, p] of seeds.entries()) {
    const id = newId('prj');
    projectIds.push(id);
    const completed = p.status === 'completed';
    await tx.insert(projects).values({
      id, number: `XM-${year}-${String(i + 1).padStart(4, '0')}`, name: p.name, regionCode: '371502', ownerEntityId: ownerIds[p.owner] ?? null,
      class: p.cls, level: p.level, sector: p.sector, totalInvestmentFen: Math.round(p.totalYi * YI), annualPlanFen: Math.round(p.planYi * YI), year,
      plannedStartOn: p.plannedStart, actualStartOn: p.started, plannedCompletionOn: `${year + 2}-06-30`, actualCompletionOn: completed ? `${year}-09-30` : null,
      status: p.status, location: p.location, description: `${p.name}（演示数据）`, createdAt: now, updatedAt: now,
    });
    if (p.started === null) {
      continue;
    }
    const startMonth = Number(p.started.slice(5, 7));
    const months = Math.max(0, month - startMonth);
    for (let m = startMonth; m < month; m++) {
      const share = Math.round(((p.planYi * YI) / Math.max(1, 12 - startMonth + 1)) * p.pace);
      const stageIdx = Math.min(STAGES.length - 1, Math.floor(((m - startMonth + 1) / Math.max(1, months)) * (completed ? STAGES.length : STAGES.length - 2)));
      reports.push({
        projectId: id, regionCode: '371502', month: `${year}-${String(m).padStart(2, '0')}`, investmentCompletedFen: share,
        stage: STAGES[stageIdx] ?? '主体施工', percent: completed ? Math.min(100, Math.round(((m - startMonth + 1) / months) * 100)) : null, createdAt: now,
      });
    }
  }
  if (reports.length > 0) {
    await tx.insert(projectProgressReports).values(reports);
  }
  const people = await tx.select({ id: users.id, username: users.username }).from(users).where(inArray(users.username, ['dcf.dispatcher', 'dcf.owner', 'dcf.handler']));
  const userId = (name: string) => people.find((u) => u.username === name)?.id ?? '';
  const [dispatcher, owner, handler] = [userId('dcf.dispatcher'), userId('dcf.owner'), userId('dcf.handler')];
  const unitId = orgIds.get('371502:nr') ?? null;
  for (const s of PROBLEMS) {
    const id = newId('prb');
    const projectId = projectIds[s.project] ?? '';
    const assignedOn = s.assignedDaysAgo === undefined ? null : shanghaiToday(new Date(now.getTime() - s.assignedDaysAgo * 86_400_000));
    const due = assignedOn === null ? null : calendar.addWorkingDays(assignedOn, DEFAULT_DEADLINE_DAYS[s.severity]);
    const fedBack = ['feedback_submitted', 'awaiting_closure', 'closed'].includes(s.state);
    await tx.insert(problems).values({
      id, number: `WT-${year}-${String(await nextProblemSerial(tx)).padStart(5, '0')}`, projectId, regionCode: '371502', category: s.category, severity: s.severity,
      title: s.title, description: s.description, state: s.state, reporterId: owner, unitId: assignedOn === null ? null : unitId, handlerId: assignedOn === null ? null : handler,
      deadline: due?.deadline ?? null, deadlineProvisional: due?.provisional ?? false, assignedOn, reopenings: s.reopenings ?? 0,
      feedbackOn: fedBack ? today : null, closedOn: s.state === 'closed' ? today : null, result: fedBack ? '已协调相关部门办结。' : null,
      closingNote: s.state === 'closed' ? '经核实问题已解决，予以销号。' : null, rejectReason: s.state === 'rejected' ? '与已交办问题重复。' : null,
      version: 1, createdAt: now, updatedAt: now,
    });
    // A short timeline so the detail page shows who did what.
    const steps: Array<[string, string, ProblemState | null, ProblemState, string | null]> = [['collect', owner, null, 'collected', null]];
    if (assignedOn !== null) {
      steps.push(['assign', dispatcher, 'collected', 'assigned', null]);
    }
    if (['in_progress', 'feedback_submitted', 'closed'].includes(s.state)) {
      steps.push(['accept', handler, 'assigned', 'in_progress', null]);
    }
    if (fedBack) {
      steps.push(['feedback', handler, 'in_progress', 'feedback_submitted', '已协调相关部门办结。']);
    }
    if (s.state === 'closed') {
      steps.push(['confirm', owner, 'feedback_submitted', 'awaiting_closure', null], ['close', dispatcher, 'awaiting_closure', 'closed', '经核实问题已解决，予以销号。']);
    }
    if (s.state === 'rejected') {
      steps.push(['reject', dispatcher, 'collected', 'rejected', '与已交办问题重复。']);
    }
    for (const [action, actorId, fromState, toState, note] of steps) {
      await insertProblemEvent(tx, { problemId: id, regionCode: '371502', at: now, actorId, action, fromState, toState, note });
    }
  }
  return { projects: seeds.length, problems: PROBLEMS.length };
}
