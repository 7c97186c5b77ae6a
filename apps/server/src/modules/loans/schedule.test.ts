import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DAY_COUNTS, REPAYMENT_METHODS, type SchedulePreview } from '@zhengqi/contracts/loans';
import {
  accruedInterestFen,
  allocateRepayment,
  applyRepayment,
  buildSchedule,
  daysPastDue,
  loanDaysPastDue,
  openBalances,
  recomputeAfterPrepayment,
  type LoanLine,
  type LoanTerms,
  type ScheduleInput,
} from './schedule';
import { isRepaidInFull } from './loan-flow';
import { addMonthsClamped } from './month-arithmetic';

const CNY = 100;

function makeInput(over: Partial<ScheduleInput> = {}): ScheduleInput {
  return { principalFen: 1_000_000 * CNY, annualRate: '4.35', months: 12, method: 'equal_instalment', startDate: '2025-01-15', dayCount: '30/360', ...over };
}

/** The annuity payment in float, as a calculator would: an independent check of the decimal.js code. */
function floatAnnuity(principal: number, annualPercent: number, n: number): number {
  const r = annualPercent / 100 / 12;
  const g = (1 + r) ** n;
  return (principal * r * g) / (g - 1);
}

const sum = (s: SchedulePreview, key: 'principalFen' | 'interestFen' | 'totalFen') => s.instalments.reduce((a, i) => a + i[key], 0);

describe('equal instalments (等额本息), 30/360', () => {
  it('1,000,000 CNY at 4.35 % over 12 months pays 85,309.90 CNY a month', () => {
    const s = buildSchedule(makeInput());
    // The float formula gives 85,309.9004 CNY; hand check: r = 0.003625, (1+r)^12 = 1.044397…, A = P·r·g/(g−1).
    expect(floatAnnuity(1_000_000, 4.35, 12)).toBeCloseTo(85_309.9, 2);
    expect(s.instalments).toHaveLength(12);
    expect(s.instalments[0]).toEqual({ n: 1, dueDate: '2025-02-15', principalFen: 8_168_490, interestFen: 362_500, totalFen: 8_530_990, remainingFen: 91_831_510 });
    for (const i of s.instalments.slice(0, 11)) {
      expect(i.totalFen).toBe(8_530_990);
    }
    expect(sum(s, 'principalFen')).toBe(100_000_000);
    expect(s.instalments[11]?.remainingFen).toBe(0);
    // The last one absorbs rounding: it differs from the others by a few fen at most.
    expect(Math.abs((s.instalments[11]?.totalFen ?? 0) - 8_530_990)).toBeLessThan(12);
    expect(s.totalInterestFen).toBe(sum(s, 'interestFen'));
    expect(s.totalInterestFen).toBe(sum(s, 'totalFen') - 100_000_000);
  });

  it('the mortgage-calculator figure: 1,000,000 CNY at 4.9 % over 30 years is 5,307.27 CNY a month', () => {
    const s = buildSchedule(makeInput({ annualRate: '4.9', months: 360 }));
    expect(s.instalments[0]).toMatchObject({ principalFen: 122_394, interestFen: 408_333, totalFen: 530_727 });
    expect(Math.round(floatAnnuity(1_000_000, 4.9, 360) * 100)).toBe(530_727);
    expect(sum(s, 'principalFen')).toBe(100_000_000);
  });

  it.each([
    [30_000_000 * CNY, '3.85', 36],
    [50_000_000 * CNY, '2.9', 24],
    [12_345_678, '4', 12],
    [999_999_999, '3.45', 360],
  ])('%d fen at %s %% over %d months agrees with the float formula to the fen', (principal, rate, months) => {
    const s = buildSchedule(makeInput({ principalFen: principal, annualRate: rate, months }));
    const expected = Math.round(floatAnnuity(principal, Number(rate), months));
    expect(Math.abs((s.instalments[0]?.totalFen ?? 0) - expected)).toBeLessThanOrEqual(1);
    expect(sum(s, 'principalFen')).toBe(principal);
  });

  it('at 0 % pays the principal in equal parts and the last takes the remainder', () => {
    const s = buildSchedule(makeInput({ principalFen: 100, annualRate: '0', months: 3 }));
    expect(s.instalments.map((i) => [i.principalFen, i.interestFen, i.remainingFen])).toEqual([
      [33, 0, 67],
      [33, 0, 34],
      [34, 0, 0],
    ]);
    expect(s.totalInterestFen).toBe(0);
  });
});

describe('equal principal (等额本金)', () => {
  it('1,000,000 CNY at 4.9 % over 30 years: 6,861.11 CNY first, 11.34 CNY less each month', () => {
    const s = buildSchedule(makeInput({ annualRate: '4.9', months: 360, method: 'equal_principal' }));
    expect(s.instalments[0]).toMatchObject({ principalFen: 277_778, interestFen: 408_333, totalFen: 686_111 });
    expect(s.instalments[1]).toMatchObject({ principalFen: 277_778, interestFen: 407_199, totalFen: 684_977 });
    expect(sum(s, 'principalFen')).toBe(100_000_000);
    // 359 × 277,778 = 99,722,302 → the last takes 277,698
    expect(s.instalments[359]).toMatchObject({ principalFen: 277_698, remainingFen: 0 });
  });

  it('instalment k = P/n + outstanding · r', () => {
    const s = buildSchedule(makeInput({ principalFen: 300_000, annualRate: '12', months: 3, method: 'equal_principal' }));
    expect(s.instalments.map((i) => [i.principalFen, i.interestFen, i.totalFen])).toEqual([
      [100_000, 3_000, 103_000],
      [100_000, 2_000, 102_000],
      [100_000, 1_000, 101_000],
    ]);
  });
});

describe('interest only and bullet', () => {
  it('按月付息、到期还本: the same interest every month, the principal with the last', () => {
    const s = buildSchedule(makeInput({ principalFen: 1_000_000, annualRate: '3.6', months: 3, method: 'interest_only' }));
    expect(s.instalments.map((i) => [i.principalFen, i.interestFen, i.remainingFen])).toEqual([
      [0, 3_000, 1_000_000],
      [0, 3_000, 1_000_000],
      [1_000_000, 3_000, 0],
    ]);
  });

  it('到期一次还本付息: one instalment at maturity, simple interest over the term', () => {
    const s = buildSchedule(makeInput({ principalFen: 10_000_000, annualRate: '3.85', months: 12, method: 'bullet', startDate: '2024-01-15' }));
    expect(s.instalments).toEqual([{ n: 1, dueDate: '2025-01-15', principalFen: 10_000_000, interestFen: 385_000, totalFen: 10_385_000, remainingFen: 0 }]);
    const act = buildSchedule(makeInput({ principalFen: 10_000_000, annualRate: '3.85', months: 12, method: 'bullet', startDate: '2024-01-15', dayCount: 'ACT/360' }));
    // 2024 is a leap year: 366 days; 10,000,000 × 3.85 % × 366 / 360 = 391,416.67
    expect(act.instalments[0]?.interestFen).toBe(391_417);
  });
});

describe('ACT/360', () => {
  it('each period earns outstanding × annual × actual days ÷ 360', () => {
    const s = buildSchedule(makeInput({ principalFen: 36_000_000, annualRate: '3.6', months: 3, method: 'interest_only', startDate: '2025-01-31', dayCount: 'ACT/360' }));
    // 3,600 fen a day; periods of 28, 31 and 30 days
    expect(s.instalments.map((i) => [i.dueDate, i.interestFen])).toEqual([
      ['2025-02-28', 100_800],
      ['2025-03-31', 111_600],
      ['2025-04-30', 108_000],
    ]);
  });

  it('equal principal charges each period its actual days', () => {
    const s = buildSchedule(makeInput({ principalFen: 36_000_000, annualRate: '3.6', months: 2, method: 'equal_principal', startDate: '2025-02-01', dayCount: 'ACT/360' }));
    expect(s.instalments.map((i) => [i.principalFen, i.interestFen])).toEqual([
      [18_000_000, 100_800], // 28 days on 36,000,000
      [18_000_000, 55_800], // 31 days on 18,000,000
    ]);
  });

  it('equal instalments keep the annuity payment; the principal is the payment less the ACT/360 interest', () => {
    const s = buildSchedule(makeInput({ dayCount: 'ACT/360' }));
    // Jan 15 → Feb 15 is 31 days: 100,000,000 × 4.35 % × 31 / 360 = 374,583.33
    expect(s.instalments[0]).toMatchObject({ interestFen: 374_583, principalFen: 8_530_990 - 374_583, totalFen: 8_530_990 });
    for (const i of s.instalments.slice(0, 11)) {
      expect(i.totalFen).toBe(8_530_990);
    }
    expect(sum(s, 'principalFen')).toBe(100_000_000);
    expect(s.instalments[11]?.remainingFen).toBe(0);
  });
});

describe('due dates', () => {
  it.each([
    ['2025-01-31', ['2025-02-28', '2025-03-31', '2025-04-30']],
    ['2024-01-31', ['2024-02-29', '2024-03-31', '2024-04-30']],
    ['2024-11-30', ['2024-12-30', '2025-01-30', '2025-02-28']],
    ['2025-03-15', ['2025-04-15', '2025-05-15', '2025-06-15']],
  ])('from %s fall on the same day each month, clamped to the month end', (start, dates) => {
    const s = buildSchedule(makeInput({ startDate: start, months: 3 }));
    expect(s.instalments.map((i) => i.dueDate)).toEqual(dates);
  });
});

describe('every schedule (property)', () => {
  const inputs = fc.record({
    // tiny principals too: rounding P/n up could otherwise repay more than is owed before the end
    principalFen: fc.oneof(fc.integer({ min: 1, max: 2_000 }), fc.integer({ min: 1, max: 1_000_000_000_000 })),
    annualRate: fc.integer({ min: 0, max: 2400 }).map((bp) => (bp / 100).toFixed(2)),
    months: fc.integer({ min: 1, max: 360 }),
    method: fc.constantFrom(...REPAYMENT_METHODS),
    startDate: fc.date({ min: new Date('2000-01-01'), max: new Date('2060-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    dayCount: fc.constantFrom(...DAY_COUNTS),
  });

  it('repays exactly the principal, never owes a negative amount and ends at 0', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const s = buildSchedule(input);
        expect(sum(s, 'principalFen')).toBe(input.principalFen);
        expect(s.instalments.at(-1)?.remainingFen).toBe(0);
        expect(s.instalments).toHaveLength(input.method === 'bullet' ? 1 : input.months);
        let owed = input.principalFen;
        let previousDue = input.startDate;
        for (const i of s.instalments) {
          expect(Number.isInteger(i.principalFen) && i.principalFen >= 0).toBe(true);
          expect(Number.isInteger(i.interestFen) && i.interestFen >= 0).toBe(true);
          expect(i.totalFen).toBe(i.principalFen + i.interestFen);
          owed -= i.principalFen;
          expect(i.remainingFen).toBe(owed);
          expect(i.remainingFen).toBeGreaterThanOrEqual(0);
          expect(i.dueDate > previousDue).toBe(true);
          previousDue = i.dueDate;
        }
        expect(s.instalments.at(-1)?.dueDate).toBe(addMonthsClamped(input.startDate, input.months));
        expect(s.totalInterestFen).toBe(sum(s, 'interestFen'));
      }),
      { numRuns: 300 },
    );
  });
});

describe('applyRepayment (interest first, then principal)', () => {
  // Due 2025-02-10, 03-10, 04-10: 103,000 / 102,000 / 101,000 fen
  const schedule = buildSchedule(makeInput({ principalFen: 300_000, annualRate: '12', months: 3, method: 'equal_principal', startDate: '2025-01-10' }));

  it('pays all overdue interest before any overdue principal', () => {
    const r = applyRepayment(openBalances(schedule), 50_000, '2025-03-15');
    expect(r.allocations).toEqual([
      { n: 1, interestFen: 3_000, principalFen: 45_000 },
      { n: 2, interestFen: 2_000, principalFen: 0 },
    ]);
    expect(r.excessFen).toBe(0);
    expect(r.balances[0]).toMatchObject({ interestPaidFen: 3_000, principalPaidFen: 45_000 });
  });

  it('goes on to the next instalment not yet due and returns the rest as excess', () => {
    const r = applyRepayment(openBalances(schedule), 300_000, '2025-02-10');
    expect(r.allocations).toEqual([
      { n: 1, interestFen: 3_000, principalFen: 100_000 },
      { n: 2, interestFen: 2_000, principalFen: 100_000 },
    ]);
    expect(r.excessFen).toBe(95_000);
  });

  it('an early payment goes to the upcoming instalment, interest first', () => {
    const r = applyRepayment(openBalances(schedule), 2_500, '2025-02-01');
    expect(r.allocations).toEqual([{ n: 1, interestFen: 2_500, principalFen: 0 }]);
  });

  it('does not change the balances it was given', () => {
    const open = openBalances(schedule);
    applyRepayment(open, 103_000, '2025-02-10');
    expect(open[0]?.principalPaidFen).toBe(0);
  });

  it('allocates exactly the amount paid (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ amount: fc.integer({ min: 0, max: 150_000 }), day: fc.integer({ min: 0, max: 120 }) }), { maxLength: 8 }), (payments) => {
        let balances = openBalances(schedule);
        for (const p of payments) {
          const paidOn = addDays('2025-01-10', p.day);
          const r = applyRepayment(balances, p.amount, paidOn);
          const allocated = r.allocations.reduce((a, x) => a + x.interestFen + x.principalFen, 0);
          expect(allocated + r.excessFen).toBe(p.amount);
          balances = r.balances;
          for (const b of balances) {
            expect(b.interestPaidFen).toBeLessThanOrEqual(b.interestFen);
            expect(b.principalPaidFen).toBeLessThanOrEqual(b.principalFen);
            // principal of an instalment is touched only once its interest is settled
            if (b.principalPaidFen > 0) {
              expect(b.interestPaidFen).toBe(b.interestFen);
            }
          }
        }
      }),
    );
  });
});

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

describe('daysPastDue', () => {
  const schedule = buildSchedule(makeInput({ principalFen: 300_000, annualRate: '12', months: 3, method: 'equal_principal', startDate: '2025-01-10' }));

  it.each([
    ['2025-02-10', [], 0], // the due date itself is not overdue
    ['2025-02-11', [], 1],
    ['2025-03-20', [], 38], // from the oldest unpaid due date, Feb 10
    ['2025-03-20', [{ paidOn: '2025-02-10', amountFen: 103_000 }], 10],
    ['2025-03-20', [{ paidOn: '2025-02-10', amountFen: 102_999 }], 38], // one fen short keeps #1 overdue
    ['2025-03-20', [{ paidOn: '2025-03-01', amountFen: 205_000 }], 0], // #1 late, #2 paid in advance
    ['2025-03-20', [{ paidOn: '2025-03-21', amountFen: 103_000 }], 38], // a payment after today does not count
    ['2025-05-01', [{ paidOn: '2025-04-10', amountFen: 306_000 }], 0],
  ])('on %s with %j is %d', (today, payments, expected) => {
    expect(daysPastDue(schedule, payments, today)).toBe(expected);
  });
});

describe('recomputeAfterPrepayment', () => {
  const original = buildSchedule(makeInput({ principalFen: 1_200_000_00, annualRate: '3.85', months: 12, startDate: '2025-01-31' }));
  const afterThree = original.instalments[2]?.remainingFen ?? 0;

  it('keeps the term and the day of the month, lowers the instalments and sums to what is left', () => {
    const rest = recomputeAfterPrepayment({
      remainingPrincipalFen: afterThree - 30_000_00,
      remainingMonths: 9,
      annualRate: '3.85',
      method: 'equal_instalment',
      dayCount: '30/360',
      startDate: '2025-01-31',
      elapsedMonths: 3,
    });
    expect(rest.instalments.map((i) => i.n)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(rest.instalments.slice(0, 3).map((i) => i.dueDate)).toEqual(['2025-05-31', '2025-06-30', '2025-07-31']);
    expect(rest.instalments.at(-1)?.dueDate).toBe(original.instalments.at(-1)?.dueDate);
    expect(sum(rest, 'principalFen')).toBe(afterThree - 30_000_00);
    expect((rest.instalments[0]?.totalFen ?? 0) < (original.instalments[3]?.totalFen ?? 0)).toBe(true);
  });

  it('without a prepayment reproduces the original instalment to the fen', () => {
    const rest = recomputeAfterPrepayment({ remainingPrincipalFen: afterThree, remainingMonths: 9, annualRate: '3.85', method: 'equal_instalment', dayCount: '30/360', startDate: '2025-01-31', elapsedMonths: 3 });
    expect(Math.abs((rest.instalments[0]?.totalFen ?? 0) - (original.instalments[3]?.totalFen ?? 0))).toBeLessThanOrEqual(1);
  });

  it('a prepayment of everything leaves nothing to schedule', () => {
    expect(recomputeAfterPrepayment({ remainingPrincipalFen: 0, remainingMonths: 9, annualRate: '3.85', method: 'equal_principal', dayCount: 'ACT/360', startDate: '2025-01-31', elapsedMonths: 3 })).toEqual({
      instalments: [],
      totalInterestFen: 0,
    });
  });
});

describe('accruedInterestFen', () => {
  it('is actual days ÷ 360', () => {
    expect(accruedInterestFen(10_000_000, '3.6', '2025-03-01', '2025-03-11')).toBe(10_000);
    expect(accruedInterestFen(10_000_000, '3.6', '2025-03-11', '2025-03-01')).toBe(0);
  });
});

describe('input checks', () => {
  it.each([{ principalFen: 0 }, { principalFen: 1.5 }, { months: 0 }, { annualRate: '-1' }])('refuses %j', (over) => {
    expect(() => buildSchedule(makeInput(over))).toThrow(RangeError);
  });
});

describe('allocateRepayment (a loan with one or more disbursements)', () => {
  const linesOf = (id: string, s: SchedulePreview): LoanLine[] =>
    s.instalments.map((i) => ({ disbursementId: id, n: i.n, dueDate: i.dueDate, principalFen: i.principalFen, interestFen: i.interestFen, paidPrincipalFen: 0, paidInterestFen: 0 }));
  const input = makeInput({ principalFen: 1_200_000_00, annualRate: '3.85', months: 12, startDate: '2025-01-31' });
  const one = linesOf('d1', buildSchedule(input));
  const terms: LoanTerms = { annualRate: '3.85', method: 'equal_instalment', dayCount: '30/360', termMonths: 12, disbursements: [{ id: 'd1', disbursedOn: '2025-01-31' }] };
  const owedOf = (ls: readonly LoanLine[]) => ls.reduce((s, l) => s + l.principalFen - l.paidPrincipalFen + l.interestFen - l.paidInterestFen, 0);
  const principalOf = (ls: readonly LoanLine[]) => ls.reduce((s, l) => s + l.principalFen, 0);

  it('pays the due instalment, interest first, without touching the rest', () => {
    const first = one[0] as LoanLine;
    const r = allocateRepayment(one, terms, first.interestFen + 1_000_00, '2025-02-28');
    expect(r).toMatchObject({ interestFen: first.interestFen, principalFen: 1_000_00, prepaidFen: 0, excessFen: 0 });
    expect(r.lines[0]).toMatchObject({ paidInterestFen: first.interestFen, paidPrincipalFen: 1_000_00 });
    expect(r.lines.slice(1)).toEqual(one.slice(1));
  });

  it('a prepayment recomputes the rest: same term and due dates, lower instalments, less interest, principal still sums to the loan', () => {
    let ls = one;
    for (const l of one.slice(0, 3)) {
      ls = allocateRepayment(ls, terms, l.principalFen + l.interestFen, l.dueDate).lines;
    }
    const fourth = ls[3] as LoanLine;
    const amount = fourth.principalFen + fourth.interestFen + 30_000_00;
    const r = allocateRepayment(ls, terms, amount, '2025-04-30');
    expect(r.prepaidFen).toBe(30_000_00);
    expect(r.excessFen).toBe(0);
    expect(r.interestFen + r.principalFen).toBe(amount);
    expect(principalOf(r.lines)).toBe(1_200_000_00);
    expect(r.lines.map((l) => l.dueDate)).toEqual(one.map((l) => l.dueDate));
    // The fifth line carries the prepaid principal as paid; from there on the instalment is lower.
    expect(r.lines[4]?.paidPrincipalFen).toBe(30_000_00);
    const instalment = (l: LoanLine | undefined) => (l === undefined ? 0 : l.principalFen - l.paidPrincipalFen + l.interestFen);
    expect(instalment(r.lines[5])).toBeLessThan(instalment(one[5]));
    const interestAfter = r.lines.slice(4).reduce((s, l) => s + l.interestFen, 0);
    const interestBefore = one.slice(4).reduce((s, l) => s + l.interestFen, 0);
    expect(interestAfter).toBeLessThan(interestBefore);
    // The rest is exactly the recomputation on what is left.
    const left = 1_200_000_00 - one.slice(0, 4).reduce((s, l) => s + l.principalFen, 0) - 30_000_00;
    const expected = recomputeAfterPrepayment({ remainingPrincipalFen: left, remainingMonths: 8, annualRate: '3.85', method: 'equal_instalment', dayCount: '30/360', startDate: '2025-01-31', elapsedMonths: 4 });
    expect(r.lines.slice(5).map((l) => [l.principalFen, l.interestFen])).toEqual(expected.instalments.slice(1).map((i) => [i.principalFen, i.interestFen]));
  });

  it('paying everything off early leaves no interest owed on the months not run, and the loan is repaid in full', () => {
    const first = one[0] as LoanLine;
    const owedAfterFirst = 1_200_000_00 - first.principalFen;
    const r = allocateRepayment(one, terms, first.principalFen + first.interestFen + owedAfterFirst, '2025-02-20');
    expect(r.excessFen).toBe(0);
    expect(owedOf(r.lines)).toBe(0);
    expect(isRepaidInFull(1_200_000_00, 1_200_000_00, r.lines)).toBe(true);
    expect(loanDaysPastDue(r.lines, '2026-06-01')).toBe(0);
  });

  it('keeps what is beyond everything owed as the excess: paying the whole schedule early is more than the loan owes', () => {
    const total = owedOf(one);
    // On 2025-02-01 the first instalment is paid in advance and the rest prepaid: the interest of months 2–12 is not owed.
    expect(allocateRepayment(one, terms, total, '2025-02-01').excessFen).toBe(one.slice(1).reduce((s, l) => s + l.interestFen, 0));
    const r = allocateRepayment(one, terms, total + 5_00, '2025-12-31');
    expect(r.excessFen).toBe(5_00);
    expect(owedOf(r.lines)).toBe(0);
  });

  it('takes the oldest due line first across two disbursements', () => {
    const second = linesOf('d2', buildSchedule({ ...input, principalFen: 600_000_00, startDate: '2025-03-15' }));
    const both = [...second, ...one];
    const two: LoanTerms = { ...terms, disbursements: [{ id: 'd1', disbursedOn: '2025-01-31' }, { id: 'd2', disbursedOn: '2025-03-15' }] };
    // On 2025-04-20 d1 #1-#3 (Feb 28, Mar 31) and d2 #1 (Apr 15) are due.
    const due = [one[0], one[1], second[0]] as LoanLine[];
    const amount = due.reduce((s, l) => s + l.principalFen + l.interestFen, 0);
    const r = allocateRepayment(both, two, amount, '2025-04-20');
    expect(r.prepaidFen).toBe(0);
    expect(loanDaysPastDue(r.lines, '2025-04-21')).toBe(0);
    expect(loanDaysPastDue(both, '2025-04-21')).toBe(52); // since Feb 28, the oldest line unpaid
    // Days past due count from the oldest line, not per disbursement: d2's #1 unpaid on 2025-05-01 is 16 days.
    const onlyD1 = allocateRepayment(both, two, (one[0]?.principalFen ?? 0) + (one[0]?.interestFen ?? 0) + (one[1]?.principalFen ?? 0) + (one[1]?.interestFen ?? 0), '2025-04-01');
    expect(loanDaysPastDue(onlyD1.lines, '2025-05-01')).toBe(16);
  });

  it('prepays a bullet loan: interest on the prepaid part only up to the payment date, the rest to maturity', () => {
    const bullet = linesOf('b1', buildSchedule({ principalFen: 100_000_00, annualRate: '3.6', months: 12, method: 'bullet', startDate: '2025-01-01', dayCount: 'ACT/360' }));
    const bt: LoanTerms = { annualRate: '3.6', method: 'bullet', dayCount: 'ACT/360', termMonths: 12, disbursements: [{ id: 'b1', disbursedOn: '2025-01-01' }] };
    const r = allocateRepayment(bullet, bt, 40_000_00, '2025-07-01');
    expect(r.prepaidFen).toBe(40_000_00);
    const line = r.lines[0] as LoanLine;
    // 60,000 CNY for 365 days and 40,000 CNY for 181 days at 3.6 % ACT/360.
    expect(line.interestFen).toBe(accruedInterestFen(60_000_00, '3.6', '2025-01-01', '2026-01-01') + accruedInterestFen(40_000_00, '3.6', '2025-01-01', '2025-07-01'));
    expect(line.interestFen).toBeLessThan(bullet[0]?.interestFen ?? 0);
    expect(line.principalFen - line.paidPrincipalFen).toBe(60_000_00);
  });

  it('never loses or invents a fen (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...REPAYMENT_METHODS), fc.array(fc.record({ amount: fc.integer({ min: 0, max: 40_000_000 }), day: fc.integer({ min: 0, max: 30 }) }), { maxLength: 6 }), (method, payments) => {
        const t: LoanTerms = { ...terms, method };
        let ls = linesOf('d1', buildSchedule({ ...input, method }));
        let day = 0;
        for (const p of payments) {
          day += p.day;
          const paidOn = addDays('2025-02-01', day * 10);
          const r = allocateRepayment(ls, t, p.amount, paidOn);
          expect(r.interestFen + r.principalFen + r.excessFen).toBe(p.amount);
          expect(principalOf(r.lines)).toBe(1_200_000_00);
          for (const l of r.lines) {
            expect(l.paidPrincipalFen).toBeLessThanOrEqual(l.principalFen);
            expect(l.paidInterestFen).toBeLessThanOrEqual(l.interestFen);
            expect(l.interestFen).toBeGreaterThanOrEqual(0);
          }
          ls = r.lines;
        }
      }),
    );
  });
});
