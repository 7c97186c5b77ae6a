import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../platform/calendar/working-days';
import { bulletinProblemSections, type BulletinProblemRow } from './bulletin-content';
import { dashboardMonths, monthlySeries, rankingPeriod, unitRanking } from './dashboard-series';
import { planCompletionRate, timeProgress } from './project-stats';

const calendar = createWorkingCalendar({ overrides: [], importedYears: [] });

describe('dashboardMonths', () => {
  it.each([
    [2026, '2026-11-27', 11],
    [2026, '2026-01-01', 1],
    [2026, '2026-12-31', 12],
    [2025, '2026-11-27', 12],
    [2027, '2026-11-27', 0],
  ])('year %d on %s shows %d months from January', (year, today, n) => {
    const months = dashboardMonths(year, today);
    expect(months).toHaveLength(n);
    expect(months).toEqual(Array.from({ length: n }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`));
  });
  it('refuses a date that is not YYYY-MM-DD', () => {
    expect(() => dashboardMonths(2026, '2026/11/27')).toThrow(RangeError);
  });
});

describe('monthlySeries', () => {
  const plan = 1_200_000;

  it('accumulates the monthly reports against the plan and month ÷ 12; months without reports count 0', () => {
    const series = monthlySeries({
      year: 2026,
      today: '2026-04-10',
      annualPlanFen: plan,
      completed: [
        { month: '2026-01', completedFen: 100_000 },
        { month: '2026-03', completedFen: 100_000 },
        { month: '2026-03', completedFen: 50_000 }, // two rows for one month are summed
        { month: '2025-12', completedFen: 999_999 }, // another year
        { month: '2026-05', completedFen: 999_999 }, // after the clock's month
      ],
    });
    expect(series.map((m) => [m.month, m.completedFen, m.cumulativeFen, m.completionRate, m.timeProgress, m.partial])).toEqual([
      ['2026-01', 100_000, 100_000, 8.3, 8.3, false],
      ['2026-02', 0, 100_000, 8.3, 16.7, false],
      ['2026-03', 150_000, 250_000, 20.8, 25, false],
      ['2026-04', 0, 250_000, 20.8, 33.3, true],
    ]);
    expect(series.every((m) => m.planFen === plan)).toBe(true);
  });

  it.each([
    ['a past year: twelve whole months, December at 100 %', 2025, '2026-11-27', 12, 100, false],
    ['on the last day of the year December is still running', 2026, '2026-12-31', 12, 100, true],
    ['in January only January, running', 2026, '2026-01-05', 1, 8.3, true],
  ])('%s', (_label, year, today, length, lastTime, lastPartial) => {
    const series = monthlySeries({ year, today, annualPlanFen: plan, completed: [] });
    expect(series).toHaveLength(length);
    expect(series.at(-1)).toMatchObject({ timeProgress: lastTime, partial: lastPartial, cumulativeFen: 0, completionRate: 0 });
  });

  it('has no completion rate without a plan, and no months for a future year', () => {
    expect(monthlySeries({ year: 2026, today: '2026-03-01', annualPlanFen: 0, completed: [{ month: '2026-01', completedFen: 5 }] }).map((m) => m.completionRate)).toEqual([null, null, null]);
    expect(monthlySeries({ year: 2027, today: '2026-03-01', annualPlanFen: plan, completed: [] })).toEqual([]);
  });

  it('the last whole month carries the statistics headline figures of any day in the next month', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.array(fc.nat({ max: 10_000_000 }), { minLength: 12, maxLength: 12 }),
        fc.nat({ max: 100_000_000 }),
        (month, day, perMonth, annualPlanFen) => {
          const today = `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const completed = perMonth.slice(0, month - 1).map((completedFen, i) => ({ month: `2026-${String(i + 1).padStart(2, '0')}`, completedFen }));
          const series = monthlySeries({ year: 2026, today, annualPlanFen, completed });
          const lastWhole = series[month - 2];
          const total = completed.reduce((s, c) => s + c.completedFen, 0);
          expect(lastWhole?.timeProgress).toBe(timeProgress(today, 2026));
          expect(lastWhole?.cumulativeFen).toBe(total);
          expect(lastWhole?.completionRate).toBe(planCompletionRate(total, annualPlanFen));
          expect(series.at(-1)?.partial).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('rankingPeriod', () => {
  it.each([
    [2026, '2026-11-27', { from: '2026-01-01', to: '2026-12-31', asOf: '2026-11-27' }],
    [2026, '2026-12-31', { from: '2026-01-01', to: '2026-12-31', asOf: '2026-12-31' }],
    [2025, '2026-11-27', { from: '2025-01-01', to: '2025-12-31', asOf: '2025-12-31' }],
    [2027, '2026-11-27', null],
  ])('year %d on %s', (year, today, expected) => {
    expect(rankingPeriod(year, today)).toEqual(expected);
  });
});

describe('unitRanking', () => {
  function row(over: Partial<BulletinProblemRow> & Pick<BulletinProblemRow, 'id' | 'unitId' | 'unitName'>): BulletinProblemRow {
    return {
      number: over.id, title: '问题', projectName: '项目', severity: 'general', state: 'closed', deadline: '2026-11-20', assignedOn: '2026-11-13',
      feedbackOn: '2026-11-19', closedOn: '2026-11-20', reopenings: 0, ...over,
    };
  }
  const rows: BulletinProblemRow[] = [
    row({ id: 'b1', unitId: 'org_b', unitName: '乙局' }),
    row({ id: 'b2', unitId: 'org_b', unitName: '乙局', feedbackOn: '2026-11-23', closedOn: '2026-11-24', reopenings: 1 }),
    row({ id: 'b3', unitId: 'org_b', unitName: '乙局', state: 'in_progress', feedbackOn: null, closedOn: null }),
    row({ id: 'a1', unitId: 'org_a', unitName: '甲局' }),
    row({ id: 'c1', unitId: 'org_c', unitName: '丙局', state: 'assigned', deadline: '2026-12-04', feedbackOn: null, closedOn: null }),
  ];

  it('ranks by on-time closure rate with the counts a bulletin prints, units with nothing closed last', () => {
    const ranked = unitRanking(rows, '2026-11-27', calendar);
    expect(ranked.map((u) => [u.rank, u.unitName, u.problems, u.closedOnTime, u.onTimeClosureRate, u.overdue, u.reopened])).toEqual([
      [1, '甲局', 1, 1, 100, 0, 0],
      [2, '乙局', 3, 1, 50, 1, 1],
      [3, '丙局', 1, 0, null, 0, 0],
    ]);
  });

  it('is the bulletin ranking for the same problems and date, whatever their order', () => {
    expect(unitRanking([...rows].reverse(), '2026-11-27', calendar)).toEqual(bulletinProblemSections(rows, '2026-11-27', calendar).units);
  });
});
