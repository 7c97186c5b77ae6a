import './calendar-messages';
import { Alert, Card, Col, Row, Space, Tag, Typography } from 'antd';
import type { Me } from '@zhengqi/contracts/auth';
import type { CalendarStatusSchema } from '@zhengqi/contracts/calendar';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api, qs } from '../../app/api-client';
import { QueryState } from '../../app/list-kit';
import { can } from '../../app/session';
import { todayShanghai } from '../../app/shanghai-time';
import { monthGrid } from './calendar-dates';
import { DeadlineCard } from './deadline-calculator';
import { OverrideEditor, RemoveOverride, type EditTarget } from './override-editor';
import { OverridesCard } from './overrides-card';
import { MonthCard, type Day } from './month-view';

type CalendarStatus = z.infer<typeof CalendarStatusSchema>;

/** The Shanghai calendar page: month view, year status, deadline calculator and (for administrators) the override editor. */
export function CalendarPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const today = todayShanghai(me.fakeNow);
  const manage = can(me, 'calendar.manage');
  const [month, setMonth] = useState(today.slice(0, 7));
  const [overrideYear, setOverrideYear] = useState(Number(today.slice(0, 4)));
  const [highlight, setHighlight] = useState<string | null>(null);
  const [editing, setEditing] = useState<EditTarget | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);

  const goMonth = (m: string) => {
    setMonth(m);
    setOverrideYear(Number(m.slice(0, 4)));
  };

  const status = useQuery({ queryKey: ['calendar-status'], queryFn: () => api<CalendarStatus>('GET', '/api/v1/calendar/status') });
  const grid = useMemo(() => monthGrid(month), [month]);
  const days = useQuery({
    queryKey: ['calendar-days', grid.from, grid.to],
    queryFn: () => api<{ days: Day[] }>('GET', `/api/v1/calendar/days${qs({ from: grid.from, to: grid.to })}`),
    placeholderData: keepPreviousData,
  });

  const provisionalYears = useMemo(() => {
    const ys = new Set<number>((status.data?.years ?? []).filter((y) => !y.arranged).map((y) => y.year));
    for (const d of days.data?.days ?? []) {
      if (d.provisional) {
        ys.add(Number(d.date.slice(0, 4)));
      }
    }
    return [...ys].sort((a, b) => a - b);
  }, [status.data, days.data]);

  const openDay = (d: Day) => {
    const existing = d.source === 'override';
    setEditing({
      date: d.date,
      existing,
      kind: existing ? (d.working ? 'working' : 'holiday') : d.working ? 'holiday' : 'working',
      name: existing ? (d.name ?? '') : '',
    });
  };

  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('calendar.title')}</Typography.Title>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('calendar.subtitle')}</Typography.Text>
      </div>
      {provisionalYears.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="provisional-alert"
          title={t('calendar.provisional.title', { years: provisionalYears.join(en ? ', ' : '、') })}
          description={t('calendar.provisional.description')}
        />
      )}
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={15}>
          <MonthCard
            month={month}
            grid={grid}
            days={days}
            today={today}
            highlight={highlight}
            manage={manage}
            onMonth={goMonth}
            onOpenDay={openDay}
          />
        </Col>
        <Col xs={24} xl={9}>
          <Space orientation="vertical" size="small" style={{ width: '100%' }}>
            <DeadlineCard
              today={today}
              onShow={(date) => {
                setHighlight(date);
                goMonth(date.slice(0, 7));
              }}
            />
            <YearStatusCard status={status} />
          </Space>
        </Col>
      </Row>
      {manage && (
        <OverridesCard
          year={overrideYear}
          onYear={setOverrideYear}
          onShowDate={(date) => goMonth(date.slice(0, 7))}
          onAdd={() => setEditing({ date: null, existing: false, kind: 'holiday', name: '' })}
          onEdit={(o) => setEditing({ date: o.date, existing: true, kind: o.kind, name: o.name ?? '' })}
          onRemove={setRemoving}
        />
      )}
      {editing !== null && <OverrideEditor target={editing} onClose={() => setEditing(null)} onRemove={(date) => { setEditing(null); setRemoving(date); }} />}
      {removing !== null && <RemoveOverride date={removing} onClose={() => setRemoving(null)} />}
    </Space>
  );
}

// Which years carry the State Council arrangement and which are only derived (provisional).
function YearStatusCard({ status }: { status: { data: CalendarStatus | undefined; isLoading: boolean; error: unknown; refetch: () => unknown } }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('calendar.status.title')}>
      <QueryState query={status} isEmpty={status.data?.years.length === 0}>
        <Space orientation="vertical" size={4} style={{ width: '100%' }} data-testid="calendar-year-status">
          {(status.data?.years ?? []).map((y) => (
            <div key={y.year} style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }} data-testid={`calendar-year-${y.year}`}>
              <Typography.Text strong>{y.year}</Typography.Text>
              <span>
                <Tag color={y.arranged ? 'green' : 'orange'}>{y.arranged ? t('calendar.status.arranged') : t('calendar.status.provisional')}</Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(`calendar.source.${y.source}`)}</Typography.Text>
              </span>
            </div>
          ))}
        </Space>
      </QueryState>
    </Card>
  );
}
