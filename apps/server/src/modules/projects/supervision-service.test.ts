import { describe, expect, it } from 'vitest';
import { overdueDayTable } from './supervision-service';

describe('the days-overdue table the sweep joins', () => {
  // Weekends off: Fri 2026-12-04 → Mon 12-07 is one working day.
  const between = (from: string, to: string) => {
    const days = ['2026-12-03', '2026-12-04', '2026-12-07'].filter((d) => d > from && d <= to);
    return days.length;
  };

  it('holds every date before today with its working days overdue, at least 1', () => {
    expect(overdueDayTable('2026-12-03', '2026-12-07', between)).toEqual({
      dates: '{2026-12-03,2026-12-04,2026-12-05,2026-12-06}',
      days: '{2,1,1,1}',
    });
  });

  it('is empty when nothing is due before today', () => {
    expect(overdueDayTable('2026-12-07', '2026-12-07', between)).toEqual({ dates: '{}', days: '{}' });
  });
});
