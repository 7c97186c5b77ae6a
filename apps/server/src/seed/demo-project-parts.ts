import { PARTY_KINDS, type PartyKind } from '@zhengqi/contracts/project-parts';
import { projectHelpingOfficials, projectParties, projectProcedures } from '../modules/projects/schema';
import { makeUscc } from '../modules/registry/uscc';
import { addCalendarDays } from '../platform/calendar/working-days';
import { shanghaiToday } from '../platform/clock/clock';
import type { Tx } from '../platform/db/database';
import { newId } from '../platform/ids/ids';

// Helping officials, the five responsible parties and procedures for the first few demo projects under
// construction; every other one has an environmental assessment past its working-day limit (overdue).
// Dates count back from the clock, so the same clock gives the same rows (only ids differ).

type SeededProject = { id: string; regionCode: string; status: string };

const OFFICIALS = [
  { name: '王建国', title: '区委常委、常务副区长', role: '包保领导' },
  { name: '李卫东', title: '区发展和改革局局长', role: '联系领导' },
  { name: '张秀兰', title: '副区长', role: '包保领导' },
] as const;

const PARTY_UNITS: Record<PartyKind, { unit: string; person: string; licence: string }> = {
  construction: { unit: '聊城市东昌府区城市建设投资有限公司（演示）', person: '赵明', licence: '' },
  survey: { unit: '山东聊城勘察测绘院有限公司（演示）', person: '孙立', licence: '鲁勘甲-2019-0147' },
  design: { unit: '聊城市建筑设计院有限公司（演示）', person: '周倩', licence: 'A137000123' },
  contractor: { unit: '聊城市鲁西建工集团有限公司（演示）', person: '吴刚', licence: '鲁137151600001' },
  supervisor: { unit: '山东水城工程监理有限公司（演示）', person: '郑海', licence: '37001234' },
};

/** Seeds the registry parts for up to six projects under construction; returns how many projects got them. */
export async function seedDemoProjectParts(tx: Tx, rows: readonly SeededProject[], now: Date): Promise<number> {
  const today = shanghaiToday(now);
  const ago = (days: number) => addCalendarDays(today, -days);
  const chosen = rows.filter((p) => p.status === 'under_construction').slice(0, 6);
  for (const [i, p] of chosen.entries()) {
    const base = { projectId: p.id, regionCode: p.regionCode };
    await tx.insert(projectHelpingOfficials).values(
      [OFFICIALS[i % 3], OFFICIALS[(i + 1) % 3]].flatMap((o, k) => (o === undefined ? [] : [{ ...base, id: newId('hof'), userId: null, name: o.name, title: o.title, role: o.role, since: ago(300 - 30 * k), position: k }])),
    );
    await tx.insert(projectParties).values(
      PARTY_KINDS.map((kind, k) => ({
        ...base, kind, unitName: PARTY_UNITS[kind].unit, uscc: makeUscc('91', '371502', `MA3PP${String(k + 1)}${String(i).padStart(2, '0')}`),
        responsiblePerson: PARTY_UNITS[kind].person, licenceNumber: PARTY_UNITS[kind].licence, authorisedOn: ago(280), commitmentOn: ago(279),
      })),
    );
    const overdue = i % 2 === 0;
    const procedure = (kind: string, status: 'not_started' | 'in_progress' | 'approved', appliedDaysAgo: number | null, approvedDaysAgo: number | null, limitWorkdays: number | null, responsibleUnit: string) => ({
      ...base, id: newId('prc'), kind, status, responsibleUnit, appliedOn: appliedDaysAgo === null ? null : ago(appliedDaysAgo),
      approvedOn: approvedDaysAgo === null ? null : ago(approvedDaysAgo), limitWorkdays, note: '', version: 1, createdAt: now, updatedAt: now,
    });
    await tx.insert(projectProcedures).values([
      procedure('project_approval', 'approved', 400, 380, 20, '东昌府区发展和改革局'),
      procedure('land_use', 'approved', 370, 330, 30, '东昌府区自然资源局'),
      procedure('planning_permit', 'approved', 320, 300, 20, '东昌府区自然资源局'),
      procedure('construction_permit', 'approved', 295, 285, 15, '东昌府区住房和城乡建设局'),
      overdue ? procedure('environmental_assessment', 'in_progress', 60, null, 20, '聊城市生态环境局东昌府分局') : procedure('environmental_assessment', 'in_progress', 5, null, 20, '聊城市生态环境局东昌府分局'),
      procedure('energy_assessment', overdue ? 'in_progress' : 'not_started', overdue ? 45 : null, null, overdue ? 15 : null, '东昌府区发展和改革局'),
    ]);
  }
  return chosen.length;
}
