import { Button, Card, DatePicker, Space, Tooltip, Typography } from 'antd';
import { DownloadOutlined, LeftOutlined, RightOutlined } from '@ant-design/icons';
import type { DaySchema } from '@zhengqi/contracts/calendar';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { QueryState, exportRowsToExcel } from '../../app/list-kit';
import { shiftMonth, weekdayIndex, weekdayName } from './calendar-dates';

/** One day of the calendar as the server answers it. */
export type Day = z.infer<typeof DaySchema>;
type DayKind = Day['kind'];

const KIND_STYLE: Record<DayKind, { background: string; border: string; color: string }> = {
  working: { background: '#ffffff', border: '#f0f0f0', color: 'rgba(0,0,0,0.88)' },
  rest: { background: '#f5f5f5', border: '#e8e8e8', color: '#8c8c8c' },
  holiday: { background: '#fff1f0', border: '#ffa39e', color: '#cf1322' },
  adjusted_working: { background: '#fff7e6', border: '#ffd591', color: '#d46b08' },
};

function dayName(d: Day, en: boolean): string {
  return (en ? (d.nameEn ?? d.name) : d.name) ?? '';
}

/** The days query of the month shown (its loading and error states are drawn here). */
export type DaysQuery = { data: { days: Day[] } | undefined; isLoading: boolean; isFetching: boolean; error: unknown; refetch: () => unknown };

/** The month view: navigation, export of the month, the grid of days and its legend; administrators open a day to override it. */
export function MonthCard(props: {
  month: string;
  grid: { from: string; to: string; dates: string[] };
  days: DaysQuery;
  today: string;
  highlight: string | null;
  manage: boolean;
  onMonth: (m: string) => void;
  onOpenDay: (d: Day) => void;
}) {
  const { month, grid, days, today, highlight, manage, onMonth, onOpenDay } = props;
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const byDate = useMemo(() => new Map((days.data?.days ?? []).map((d) => [d.date, d])), [days.data]);
  const [exporting, setExporting] = useState(false);

  const exportMonth = async () => {
    setExporting(true);
    try {
      const rows = (days.data?.days ?? []).filter((d) => d.date.startsWith(month));
      await exportRowsToExcel<Day>(
        `${en ? 'calendar' : '工作日历'}-${month}.xlsx`,
        [
          { title: t('calendar.col.date'), value: (d) => d.date },
          { title: t('calendar.col.weekday'), value: (d) => weekdayName(d.date, en) },
          { title: t('calendar.col.kind'), value: (d) => t(`calendar.kind.${d.kind}`) },
          { title: t('calendar.col.name'), value: (d) => d.name ?? '' },
          { title: t('calendar.col.nameEn'), value: (d) => d.nameEn ?? '' },
          { title: t('calendar.col.provisional'), value: (d) => (d.provisional ? t('common.yes') : t('common.no')) },
          { title: t('calendar.col.source'), value: (d) => t(`calendar.source.${d.source}`) },
        ],
        rows,
      );
    } finally {
      setExporting(false);
    }
  };

  const weekdays = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6'] as const;

  return (
    <Card
      size="small"
      title={
        <Space size="small" wrap>
          <Button size="small" icon={<LeftOutlined />} aria-label={t('calendar.prevMonth')} title={t('calendar.prevMonth')} onClick={() => onMonth(shiftMonth(month, -1))} data-testid="calendar-prev" />
          <DatePicker
            size="small"
            picker="month"
            allowClear={false}
            value={dayjs(`${month}-01`)}
            format={en ? 'YYYY-MM' : 'YYYY年MM月'}
            onChange={(d: Dayjs | null) => {
              if (d !== null) {
                onMonth(d.format('YYYY-MM'));
              }
            }}
            style={{ width: 120 }}
            data-testid="calendar-month-picker"
          />
          <Button size="small" icon={<RightOutlined />} aria-label={t('calendar.nextMonth')} title={t('calendar.nextMonth')} onClick={() => onMonth(shiftMonth(month, 1))} data-testid="calendar-next" />
          <Button size="small" onClick={() => onMonth(today.slice(0, 7))}>{t('calendar.thisMonth')}</Button>
        </Space>
      }
      extra={
        <Button size="small" icon={<DownloadOutlined />} loading={exporting} disabled={days.data === undefined} onClick={() => void exportMonth()} data-testid="calendar-export">
          {t('calendar.exportMonth')}
        </Button>
      }
    >
      <QueryState query={days}>
        <div data-testid="calendar-month" aria-busy={days.isFetching} style={{ display: 'grid', gridTemplateColumns: 'repeat(7, minmax(0, 1fr))', gap: 3, opacity: days.isFetching ? 0.7 : 1 }}>
          {weekdays.map((w, i) => (
            <div key={w} style={{ textAlign: 'center', fontSize: 12, fontWeight: 600, color: i >= 5 ? '#8c8c8c' : undefined, padding: '2px 0' }}>
              {t(`calendar.weekdays.${w}`)}
            </div>
          ))}
          {grid.dates.map((date) => (
            <DayCell
              key={date}
              date={date}
              day={byDate.get(date)}
              inMonth={date.startsWith(month)}
              today={date === today}
              highlighted={date === highlight}
              onOpen={manage ? onOpenDay : undefined}
            />
          ))}
        </div>
        <Legend manage={manage} />
      </QueryState>
    </Card>
  );
}

function DayCell({ date, day, inMonth, today, highlighted, onOpen }: { date: string; day: Day | undefined; inMonth: boolean; today: boolean; highlighted: boolean; onOpen: ((d: Day) => void) | undefined }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const kind: DayKind = day?.kind ?? (weekdayIndex(date) >= 5 ? 'rest' : 'working');
  const look = KIND_STYLE[kind];
  const name = day === undefined ? '' : dayName(day, en);
  const badge = kind === 'holiday' || kind === 'adjusted_working' ? t(`calendar.badge.${kind}`) : null;
  const clickable = onOpen !== undefined && day !== undefined;
  const tip = day === undefined
    ? date
    : [`${date} ${weekdayName(date, en)}`, t(`calendar.kind.${kind}`), name, t(`calendar.source.${day.source}`), day.provisional ? t('calendar.status.provisional') : '']
        .filter((s) => s !== '')
        .join(' · ');
  const outline = highlighted ? '2px dashed #722ed1' : today ? '2px solid #1677ff' : undefined;
  const style: CSSProperties = {
    background: look.background,
    border: `1px ${day?.provisional === true && kind !== 'working' && kind !== 'rest' ? 'dashed' : 'solid'} ${look.border}`,
    outline,
    outlineOffset: -2,
    borderRadius: 4,
    padding: '2px 4px',
    minHeight: 46,
    opacity: inMonth ? 1 : 0.45,
    cursor: clickable ? 'pointer' : 'default',
    overflow: 'hidden',
    position: 'relative',
  };
  const open = () => {
    if (clickable) {
      onOpen(day);
    }
  };
  return (
    <Tooltip title={tip} mouseEnterDelay={0.4}>
      <div
        data-testid={`calendar-day-${date}`}
        data-kind={kind}
        data-provisional={day?.provisional === true ? 'true' : undefined}
        role={clickable ? 'button' : undefined}
        tabIndex={clickable ? 0 : undefined}
        aria-label={tip}
        style={style}
        onClick={open}
        onKeyDown={(e: KeyboardEvent<HTMLDivElement>) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            open();
          }
        }}
      >
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', lineHeight: '18px' }}>
          <span style={{ color: look.color, fontWeight: today ? 700 : 500 }}>{Number(date.slice(8, 10))}</span>
          <span>
            {day?.source === 'override' && <span title={t('calendar.overrideMark')} style={{ color: '#722ed1', fontSize: 10, marginRight: 2 }}>●</span>}
            {badge !== null && (
              <span style={{ fontSize: 11, color: '#fff', background: look.color, borderRadius: 3, padding: '0 3px', lineHeight: '16px' }}>{badge}</span>
            )}
          </span>
        </div>
        {name !== '' && (
          <div style={{ fontSize: 11, color: look.color, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', fontStyle: day?.provisional === true ? 'italic' : undefined }}>
            {name}
            {day?.provisional === true ? t('calendar.provisionalMark') : ''}
          </div>
        )}
      </div>
    </Tooltip>
  );
}

function Legend({ manage }: { manage: boolean }) {
  const { t } = useTranslation();
  const item = (kind: DayKind) => (
    <span key={kind} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
      <span style={{ width: 12, height: 12, background: KIND_STYLE[kind].background, border: `1px solid ${KIND_STYLE[kind].border}`, display: 'inline-block' }} />
      {t(`calendar.kind.${kind}`)}
    </span>
  );
  return (
    <Space size="middle" wrap style={{ marginTop: 8, fontSize: 12 }}>
      {(['working', 'rest', 'holiday', 'adjusted_working'] as const).map(item)}
      <span>
        <span style={{ color: '#722ed1' }}>●</span> {t('calendar.overrideMark')}
      </span>
      <span style={{ fontStyle: 'italic' }}>{t('calendar.provisionalMark').trim()} = {t('calendar.status.provisional')}</span>
      {manage && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('calendar.clickToEdit')}</Typography.Text>}
    </Space>
  );
}
