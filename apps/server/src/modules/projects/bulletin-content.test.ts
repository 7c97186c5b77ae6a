import { describe, expect, it } from 'vitest';
import { bulletinNumber, bulletinProblemSections, fenToYi, pct, type BulletinProblemRow } from './bulletin-content';

// Weekdays only, no holidays: enough to check the days-overdue arithmetic.
const weekdays = {
  workingDaysBetween(from: string, to: string): number {
    let n = 0;
    for (let d = new Date(`${from}T00:00:00Z`); ; ) {
      d = new Date(d.getTime() + 86_400_000);
      const s = d.toISOString().slice(0, 10);
      if (s > to) {
        return n;
      }
      if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) {
        n += 1;
      }
    }
  },
};

function row(over: Partial<BulletinProblemRow> & Pick<BulletinProblemRow, 'id' | 'number'>): BulletinProblemRow {
  return {
    title: '问题', projectName: '项目', severity: 'general', state: 'in_progress', unitId: 'org_a', unitName: '甲局',
    deadline: '2026-11-20', assignedOn: '2026-11-13', feedbackOn: null, closedOn: null, reopenings: 0, ...over,
  };
}

describe('bulletin numbers', () => {
  it('uses the region abbreviation, the year and a three-digit serial', () => {
    expect(bulletinNumber('371502', 2026, 1)).toBe('DCF-DB-2026-001');
    expect(bulletinNumber('371526', 2026, 12)).toBe('GT-DB-2026-012');
    expect(bulletinNumber('Z15001', 2027, 1000)).toBe('Z15001-DB-2027-1000');
  });
});

describe('bulletin sections', () => {
  const rows: BulletinProblemRow[] = [
    row({ id: 'p1', number: 'WT-1', state: 'closed', deadline: '2026-11-20', feedbackOn: '2026-11-19', closedOn: '2026-11-20' }),
    row({ id: 'p2', number: 'WT-2', state: 'closed', deadline: '2026-11-20', feedbackOn: '2026-11-23', closedOn: '2026-11-24', reopenings: 1 }),
    row({ id: 'p3', number: 'WT-3', unitId: 'org_b', unitName: '乙局', state: 'closed', deadline: '2026-11-20', feedbackOn: '2026-11-18', closedOn: '2026-11-19' }),
    row({ id: 'p4', number: 'WT-4', unitId: 'org_b', unitName: '乙局', state: 'in_progress', deadline: '2026-11-20' }),
    row({ id: 'p5', number: 'WT-5', state: 'assigned', deadline: '2026-11-25' }),
  ];
  const s = bulletinProblemSections(rows, '2026-11-27', weekdays);

  it('ranks units by on-time closure rate', () => {
    expect(s.units.map((u) => [u.rank, u.unitName, u.onTimeClosureRate, u.overdue])).toEqual([
      [1, '乙局', 100, 1],
      [2, '甲局', 50, 1],
    ]);
  });

  it('lists overdue problems with working days overdue, most overdue first, and the reopened ones', () => {
    expect(s.overdue.map((p) => [p.number, p.daysOverdue])).toEqual([
      ['WT-4', 5],
      ['WT-5', 2],
    ]);
    expect(s.reopened.map((p) => p.number)).toEqual(['WT-2']);
    expect(s.totals).toEqual({ problems: 5, closed: 3, closedOnTime: 2, onTimeClosureRate: 66.7, overdue: 2, reopened: 1 });
  });
});

describe('printing', () => {
  it('prints fen as 亿元 and rates with one decimal', () => {
    expect(fenToYi(15_374_000_000_000)).toBe('1537.40');
    expect(fenToYi(1_234_567_890)).toBe('0.12');
    expect(pct(46.9)).toBe('46.9%');
    expect(pct(null)).toBe('—');
  });
});
