import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createWorkingCalendar } from '../../platform/calendar/working-days';
import {
  investmentPace,
  percent,
  planCompletionRate,
  rankUnits,
  roundHalfUp,
  startRate,
  timeProgress,
  unitRates,
  type UnitProblem,
  type UnitRates,
} from './project-stats';

const calendar = createWorkingCalendar({ overrides: [], importedYears: [] });

describe('roundHalfUp', () => {
  it.each([
    [46.875, 1, 46.9],
    [0.05, 1, 0.1],
    [2.45, 1, 2.5],
    [0.15, 1, 0.2], // toFixed(1) gives 0.1
    [2.55, 1, 2.6], // toFixed(1) gives 2.5
    [1.005, 2, 1.01], // toFixed(2) gives 1.00
    [99.95, 1, 100],
    [46.84, 1, 46.8],
    [2.5, 0, 3],
    [-2.45, 1, -2.5],
    [-0.04, 1, 0],
    [12, 1, 12],
    [1e-7, 1, 0],
    [1.5e21, 1, 1.5e21],
  ])('%d to %d decimals is %d', (value, decimals, expected) => {
    expect(roundHalfUp(value, decimals)).toBe(expected);
  });
  it('defaults to one decimal, keeps NaN and refuses a bad precision', () => {
    expect(roundHalfUp(33.35)).toBe(33.4);
    expect(roundHalfUp(Number.NaN)).toBeNaN();
    expect(() => roundHalfUp(1, 1.5)).toThrow(RangeError);
  });
  it('agrees with the exact integer percentage for any ratio of integers', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), (a, b) => {
        expect(roundHalfUp((a * 100) / b)).toBe(percent(a, b));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('rates', () => {
  it("the seed page's industrial share: 45 of 96 implementation-class projects is 46.9 %", () => {
    expect(percent(45, 96)).toBe(46.9);
    expect(percent(51, 96)).toBe(53.1);
  });
  it('start rate = started ÷ planned to start, null when nothing was planned', () => {
    expect(startRate(27, 30)).toBe(90);
    expect(startRate(2, 3)).toBe(66.7);
    expect(startRate(1, 8)).toBe(12.5);
    expect(startRate(1, 8, 0)).toBe(13);
    expect(startRate(0, 0)).toBeNull();
  });
  it('plan completion in fen, exact beyond 2^53', () => {
    expect(planCompletionRate(1_537_400_000_000n, 3_074_800_000_000n)).toBe(50);
    expect(planCompletionRate(9_007_199_254_740_993n, 18_014_398_509_481_984n)).toBe(50);
    expect(planCompletionRate(468_750, 1_000_000)).toBe(46.9);
    expect(planCompletionRate(1_200, 1_000)).toBe(120);
    expect(planCompletionRate(5, 0)).toBeNull();
    expect(() => planCompletionRate(0.5, 10)).toThrow(RangeError);
  });
});

describe('time progress: whole months completed before today’s month ÷ 12', () => {
  it.each([
    ['2026-01-01', 0],
    ['2026-01-31', 0],
    ['2026-02-10', 8.3],
    ['2026-07-01', 50],
    ['2026-07-15', 50],
    ['2026-12-31', 91.7],
  ])('%s → %d %%', (today, expected) => {
    expect(timeProgress(today)).toBe(expected);
  });
  it('a past year is complete, a future one not started', () => {
    expect(timeProgress('2026-03-01', 2025)).toBe(100);
    expect(timeProgress('2026-03-01', 2027)).toBe(0);
  });
  it('completion against time progress shows who is behind', () => {
    expect(investmentPace(420_000, 1_000_000, '2026-07-15')).toEqual({ completionRate: 42, timeProgress: 50, gap: -8, behind: true });
    expect(investmentPace(613_000, 1_000_000, '2026-07-15')).toEqual({ completionRate: 61.3, timeProgress: 50, gap: 11.3, behind: false });
    expect(investmentPace(1, 0, '2026-07-15')).toEqual({ completionRate: null, timeProgress: 50, gap: null, behind: false });
  });
});

const UNIT_A = 'org_a';
const UNIT_B = 'org_b';
const problem = (over: Partial<UnitProblem>): UnitProblem => ({
  state: 'closed',
  unitId: UNIT_A,
  unitName: '住建局',
  deadline: '2026-10-10',
  assignedOn: '2026-09-28',
  feedbackOn: '2026-10-09',
  closedOn: '2026-10-12',
  reopenings: 0,
  ...over,
});

describe('unit rates', () => {
  const problems: UnitProblem[] = [
    problem({}), // on time: 9-28 → 10-12 is 6 working days (the 10-10 调休 Saturday counts)
    problem({ feedbackOn: '2026-10-10', closedOn: '2026-10-13' }), // fed back on the deadline: on time, 7 days
    problem({ feedbackOn: '2026-10-13', closedOn: '2026-10-14', reopenings: 1 }), // late, reopened once, 8 days
    problem({ state: 'in_progress', feedbackOn: null, closedOn: null }), // overdue on 10-15
    problem({ state: 'feedback_submitted', closedOn: null }),
    problem({ state: 'rejected', feedbackOn: null, closedOn: null }),
    problem({ state: 'collected', unitId: null, feedbackOn: null, closedOn: null }),
    problem({ unitId: UNIT_B, unitName: '发改局', state: 'assigned', feedbackOn: null, closedOn: null, deadline: '2026-10-20' }),
  ];
  const rates = unitRates(problems, { today: '2026-10-15', calendar });

  it('computes the five bulletin rates per unit', () => {
    expect(rates).toEqual([
      {
        unitId: UNIT_A,
        unitName: '住建局',
        problems: 6,
        closed: 3,
        closedOnTime: 2,
        onTimeClosureRate: 66.7,
        overdue: 1,
        avgWorkingDaysToClose: 7,
        reopened: 1,
        reopeningRate: 25, // 1 reopened of 4 ever fed back
        satisfactionRate: 75, // 3 satisfied confirmations, 1 not
      },
      {
        unitId: UNIT_B,
        unitName: '发改局',
        problems: 1,
        closed: 0,
        closedOnTime: 0,
        onTimeClosureRate: null,
        overdue: 0,
        avgWorkingDaysToClose: null,
        reopened: 0,
        reopeningRate: null,
        satisfactionRate: null,
      },
    ]);
  });
});

const rate = (unitId: string, unitName: string, onTimeClosureRate: number | null, overdue: number): UnitRates => ({
  unitId,
  unitName,
  problems: 10,
  closed: 5,
  closedOnTime: 4,
  onTimeClosureRate,
  overdue,
  avgWorkingDaysToClose: 5,
  reopened: 0,
  reopeningRate: 0,
  satisfactionRate: 100,
});

describe('bulletin ranking', () => {
  const rates = [
    rate('org_1', '住建局', 80, 2),
    rate('org_2', '发改局', 80, 2),
    rate('org_3', '财政局', 80, 0),
    rate('org_4', '自然资源局', 95.5, 4),
    rate('org_5', '交通局', null, 0),
    rate('org_6', '财政局', 80, 0),
  ];
  it('by on-time closure rate, then fewer overdue, then name in pinyin order, then id; no closed problems last', () => {
    expect(rankUnits(rates).map((r) => [r.rank, r.unitId])).toEqual([
      [1, 'org_4'],
      [2, 'org_3'],
      [3, 'org_6'],
      [4, 'org_2'],
      [5, 'org_1'],
      [6, 'org_5'],
    ]);
  });
  it('does not depend on the input order', () => {
    const expected = rankUnits(rates);
    fc.assert(
      fc.property(fc.shuffledSubarray(rates, { minLength: rates.length }), (shuffled) => {
        expect(rankUnits(shuffled)).toEqual(expected);
      }),
    );
  });
});
