import './calendar-messages';
import { App, Alert, Button, Card, Col, DatePicker, Form, Input, InputNumber, Modal, Radio, Row, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import type { Me } from '@zhengqi/contracts/auth';
import type { CalendarStatusSchema, DaySchema, Deadline, OverrideListSchema, OverrideSchema } from '@zhengqi/contracts/calendar';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ApiError, api, qs } from '../../app/api-client';
import { errorText } from '../../app/i18n';
import { ErrorBanner, QueryState, exportRowsToExcel } from '../../app/list-kit';
import { can } from '../../app/session';

type Day = z.infer<typeof DaySchema>;
type DayKind = Day['kind'];
type CalendarStatus = z.infer<typeof CalendarStatusSchema>;
type Override = z.infer<typeof OverrideSchema>;
type OverrideList = z.infer<typeof OverrideListSchema>;
type OverrideKind = Override['kind'];

// ---------- Date arithmetic on YYYY-MM-DD strings (UTC midnight, so no time-zone drift) ----------

function shanghaiToday(fakeNow: string | null): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(fakeNow === null ? new Date() : new Date(fakeNow));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

function utc(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

function addDays(iso: string, n: number): string {
  const d = utc(iso);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Monday = 0 … Sunday = 6 (Chinese calendars start the week on Monday). */
function weekdayIndex(iso: string): number {
  return (utc(iso).getUTCDay() + 6) % 7;
}

function shiftMonth(month: string, n: number): string {
  return new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 + n, 1)).toISOString().slice(0, 7);
}

function monthGrid(month: string): { from: string; to: string; dates: string[] } {
  const first = `${month}-01`;
  const offset = weekdayIndex(first);
  const daysInMonth = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
  const cells = Math.ceil((offset + daysInMonth) / 7) * 7;
  const start = addDays(first, -offset);
  const dates = Array.from({ length: cells }, (_, i) => addDays(start, i));
  return { from: start, to: addDays(start, cells - 1), dates };
}

function weekdayName(iso: string, en: boolean): string {
  return new Intl.DateTimeFormat(en ? 'en-GB' : 'zh-CN', { weekday: 'long', timeZone: 'UTC' }).format(utc(iso));
}

// ---------- Server validation errors onto form fields ----------

/** The problem's per-field errors that belong to one of `fields`; empty when the error is not about a form field. */
function fieldErrors<K extends string>(err: unknown, fields: readonly K[], en: boolean): Array<{ name: K; errors: string[] }> {
  if (!(err instanceof ApiError)) {
    return [];
  }
  const isField = (f: string | undefined): f is K => f !== undefined && (fields as readonly string[]).includes(f);
  const byField = new Map<K, string[]>();
  for (const e of err.problem.errors ?? []) {
    const f = e.field.split('.').at(-1);
    if (isField(f)) {
      byField.set(f, [...(byField.get(f) ?? []), en ? e.messageEn : e.message]);
    }
  }
  const top = err.problem.field?.split('.').at(-1);
  if (byField.size === 0 && isField(top)) {
    byField.set(top, [errorText(err)]);
  }
  return [...byField].map(([name, errors]) => ({ name, errors }));
}

// ---------- Look of a day ----------

const KIND_STYLE: Record<DayKind, { background: string; border: string; color: string }> = {
  working: { background: '#ffffff', border: '#f0f0f0', color: 'rgba(0,0,0,0.88)' },
  rest: { background: '#f5f5f5', border: '#e8e8e8', color: '#8c8c8c' },
  holiday: { background: '#fff1f0', border: '#ffa39e', color: '#cf1322' },
  adjusted_working: { background: '#fff7e6', border: '#ffd591', color: '#d46b08' },
};

function dayName(d: Day, en: boolean): string {
  return (en ? (d.nameEn ?? d.name) : d.name) ?? '';
}

/** The Shanghai calendar page: month view, year status, deadline calculator and (for administrators) the override editor. */
export function CalendarPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const today = shanghaiToday(me.fakeNow);
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

// ---------- Month view ----------

type DaysQuery = { data: { days: Day[] } | undefined; isLoading: boolean; isFetching: boolean; error: unknown; refetch: () => unknown };

function MonthCard(props: {
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

// ---------- Year status ----------

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

// ---------- Deadline calculator ----------

type DeadlineForm = { from: Dayjs | null; workdays: number | null };

function DeadlineCard({ today, onShow }: { today: string; onShow: (date: string) => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [form] = Form.useForm<DeadlineForm>();
  const [error, setError] = useState<unknown>(null);
  const calc = useMutation({
    mutationFn: (v: { from: string; workdays: number }) => api<Deadline>('GET', `/api/v1/calendar/deadline${qs(v)}`),
  });

  const submit = async (v: DeadlineForm) => {
    if (v.from === null || v.workdays === null) {
      return;
    }
    setError(null);
    try {
      await calc.mutateAsync({ from: v.from.format('YYYY-MM-DD'), workdays: v.workdays });
    } catch (err) {
      const fields = fieldErrors(err, ['from', 'workdays'], en);
      if (fields.length > 0) {
        form.setFields(fields);
      } else {
        setError(err);
      }
    }
  };

  const r = calc.data;
  return (
    <Card size="small" title={t('calendar.deadline.title')}>
      <Form<DeadlineForm>
        form={form}
        layout="vertical"
        size="small"
        requiredMark={false}
        initialValues={{ from: dayjs(today), workdays: 20 }}
        onFinish={(v) => void submit(v)}
      >
        <Row gutter={8} align="bottom">
          <Col flex="1 1 140px">
            <Form.Item name="from" label={t('calendar.deadline.from')} rules={[{ required: true, message: t('calendar.overrides.dateRequired') }]} style={{ marginBottom: 8 }}>
              <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" data-testid="deadline-from" />
            </Form.Item>
          </Col>
          <Col flex="1 1 100px">
            <Form.Item name="workdays" label={t('calendar.deadline.days')} rules={[{ required: true }]} style={{ marginBottom: 8 }}>
              <InputNumber min={0} max={3650} precision={0} style={{ width: '100%' }} data-testid="deadline-days" />
            </Form.Item>
          </Col>
          <Col flex="none">
            <Form.Item style={{ marginBottom: 8 }}>
              <Button type="primary" htmlType="submit" loading={calc.isPending} data-testid="deadline-submit">
                {t('calendar.deadline.submit')}
              </Button>
            </Form.Item>
          </Col>
        </Row>
      </Form>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('calendar.deadline.rule')}</Typography.Text>
      <ErrorBanner error={error} />
      {r !== undefined && (
        <div data-testid="deadline-result" data-deadline={r.deadline} data-provisional={r.provisional ? 'true' : 'false'} style={{ marginTop: 8 }}>
          <Space wrap size="small">
            <Typography.Text strong style={{ fontSize: 16 }}>
              {t('calendar.deadline.result', { date: r.deadline, weekday: weekdayName(r.deadline, en) })}
            </Typography.Text>
            {r.provisional && <Tag color="orange">{t('calendar.deadline.provisional')}</Tag>}
            <Button type="link" size="small" onClick={() => onShow(r.deadline)}>{t('calendar.deadline.show')}</Button>
          </Space>
          {r.provisional && (
            <Alert type="warning" showIcon style={{ marginTop: 4 }} title={(en ? (r.reasonEn ?? r.reason) : (r.reason ?? r.reasonEn)) ?? t('calendar.deadline.provisional')} />
          )}
        </div>
      )}
    </Card>
  );
}

// ---------- Override editor (administrators) ----------

type EditTarget = { date: string | null; existing: boolean; kind: OverrideKind; name: string };

function OverridesCard(props: { year: number; onYear: (y: number) => void; onShowDate: (date: string) => void; onAdd: () => void; onEdit: (o: Override) => void; onRemove: (date: string) => void }) {
  const { year, onYear, onShowDate, onAdd, onEdit, onRemove } = props;
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [search, setSearch] = useState('');
  const [exporting, setExporting] = useState(false);
  const list = useQuery({ queryKey: ['calendar-overrides', year], queryFn: () => api<OverrideList>('GET', `/api/v1/calendar/overrides${qs({ year })}`) });
  const needle = search.trim().toLowerCase();
  const rows = (list.data?.items ?? []).filter((o) => needle === '' || o.date.includes(needle) || (o.name ?? '').toLowerCase().includes(needle));
  const kindLabel = (k: OverrideKind) => (k === 'holiday' ? t('calendar.overrides.kindHoliday') : t('calendar.overrides.kindWorking'));

  const exportList = async () => {
    setExporting(true);
    try {
      await exportRowsToExcel<Override>(
        `${t('calendar.overrides.exportName')}-${year}.xlsx`,
        [
          { title: t('calendar.overrides.date'), value: (o) => o.date },
          { title: t('calendar.col.weekday'), value: (o) => weekdayName(o.date, en) },
          { title: t('calendar.overrides.kind'), value: (o) => kindLabel(o.kind) },
          { title: t('calendar.overrides.name'), value: (o) => o.name ?? '' },
        ],
        rows,
      );
    } finally {
      setExporting(false);
    }
  };

  return (
    <Card
      size="small"
      title={t('calendar.overrides.title')}
      data-testid="calendar-overrides"
    >
      <div style={{ marginBottom: 8 }}>
        <Space size="small" wrap>
          <Typography.Text>{t('calendar.overrides.year')}</Typography.Text>
          <DatePicker
            size="small"
            picker="year"
            allowClear={false}
            value={dayjs(`${year}-01-01`)}
            onChange={(d: Dayjs | null) => {
              if (d !== null) {
                onYear(d.year());
              }
            }}
            aria-label={t('calendar.overrides.year')}
            style={{ width: 90 }}
            data-testid="overrides-year"
          />
          <Input.Search size="small" allowClear placeholder={t('calendar.overrides.search')} onSearch={setSearch} onChange={(e) => setSearch(e.target.value)} style={{ width: 180 }} data-testid="overrides-search" />
          <Button size="small" icon={<DownloadOutlined />} loading={exporting} disabled={rows.length === 0} onClick={() => void exportList()} data-testid="overrides-export">
            {t('common.export')}
          </Button>
          <Button size="small" type="primary" icon={<PlusOutlined />} onClick={onAdd} data-testid="override-add">
            {t('calendar.overrides.add')}
          </Button>
        </Space>
      </div>
      <QueryState query={list}>
        <Table<Override>
          size="small"
          rowKey="date"
          dataSource={rows}
          data-testid="overrides-table"
          pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
          columns={[
            { title: t('calendar.overrides.date'), dataIndex: 'date', width: 130, render: (d: string) => <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onShowDate(d)}>{d}</Button> },
            { title: t('calendar.col.weekday'), key: 'weekday', width: 110, render: (_: unknown, o) => weekdayName(o.date, en) },
            { title: t('calendar.overrides.kind'), dataIndex: 'kind', width: 150, render: (k: OverrideKind) => <Tag color={k === 'holiday' ? 'red' : 'orange'}>{kindLabel(k)}</Tag> },
            { title: t('calendar.overrides.name'), dataIndex: 'name', render: (n: string | null) => n ?? '—' },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 150,
              render: (_: unknown, o) => (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => onEdit(o)} data-testid={`override-edit-${o.date}`}>{t('common.edit')}</Button>
                  <Button type="link" size="small" danger onClick={() => onRemove(o.date)} data-testid={`override-remove-${o.date}`}>{t('calendar.overrides.remove')}</Button>
                </Space>
              ),
            },
          ]}
        />
      </QueryState>
    </Card>
  );
}

type EditorForm = { date: Dayjs | null; kind: OverrideKind; name: string; reason: string };

function useOverrideRefresh() {
  const qc = useQueryClient();
  return async () => {
    await Promise.all([
      qc.invalidateQueries({ queryKey: ['calendar-days'] }),
      qc.invalidateQueries({ queryKey: ['calendar-overrides'] }),
      qc.invalidateQueries({ queryKey: ['calendar-status'] }),
    ]);
  };
}

function OverrideEditor({ target, onClose, onRemove }: { target: EditTarget; onClose: () => void; onRemove: (date: string) => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { message } = App.useApp();
  const [form] = Form.useForm<EditorForm>();
  const [error, setError] = useState<unknown>(null);
  const refresh = useOverrideRefresh();
  const save = useMutation({
    mutationFn: (v: { date: string; kind: OverrideKind; name: string | null; reason: string }) =>
      api<{ ok: true }>('PUT', `/api/v1/calendar/overrides/${v.date}`, { kind: v.kind, name: v.name, reason: v.reason }),
  });

  const submit = async (v: EditorForm) => {
    if (v.date === null) {
      return;
    }
    setError(null);
    try {
      const name = v.name.trim();
      await save.mutateAsync({ date: v.date.format('YYYY-MM-DD'), kind: v.kind, name: name === '' ? null : name, reason: v.reason.trim() });
      await refresh();
      void message.success(t('calendar.overrides.saved'));
      onClose();
    } catch (err) {
      const fields = fieldErrors(err, ['date', 'kind', 'name', 'reason'], en);
      if (fields.length > 0) {
        form.setFields(fields);
      } else {
        setError(err);
      }
    }
  };

  const title = target.date === null ? t('calendar.overrides.addTitle') : t('calendar.overrides.editTitle', { date: target.date });
  const existingDate = target.existing ? target.date : null;
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      maskClosable={false}
      footer={
        <Space>
          {existingDate !== null && (
            <Button danger onClick={() => onRemove(existingDate)} data-testid="override-editor-remove">{t('calendar.overrides.removeThis')}</Button>
          )}
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="override-submit">{t('common.save')}</Button>
        </Space>
      }
    >
      <ErrorBanner error={error} />
      <Form<EditorForm>
        form={form}
        layout="vertical"
        initialValues={{ date: target.date === null ? null : dayjs(target.date), kind: target.kind, name: target.name, reason: '' }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="date" label={t('calendar.overrides.date')} rules={[{ required: true, message: t('calendar.overrides.dateRequired') }]}>
          <DatePicker format="YYYY-MM-DD" disabled={target.existing} style={{ width: 180 }} data-testid="override-date" />
        </Form.Item>
        <Form.Item name="kind" label={t('calendar.overrides.kind')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="override-kind">
            <Radio.Button value="holiday">
              <span data-testid="override-kind-holiday">{t('calendar.overrides.kindHoliday')}</span>
            </Radio.Button>
            <Radio.Button value="working">
              <span data-testid="override-kind-working">{t('calendar.overrides.kindWorking')}</span>
            </Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="name" label={t('calendar.overrides.name')} rules={[{ max: 50 }]}>
          <Input maxLength={50} placeholder={t('calendar.overrides.namePlaceholder')} data-testid="override-name" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('calendar.overrides.reason')}
          rules={[{ required: true, whitespace: true, min: 2, max: 500, message: t('calendar.overrides.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} placeholder={t('calendar.overrides.reasonPlaceholder')} data-testid="override-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RemoveOverride({ date, onClose }: { date: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<unknown>(null);
  const refresh = useOverrideRefresh();
  const remove = useMutation({
    mutationFn: (reason: string) => api<{ ok: true }>('DELETE', `/api/v1/calendar/overrides/${date}${qs({ reason })}`),
  });

  const submit = async (v: { reason: string }) => {
    setError(null);
    try {
      await remove.mutateAsync(v.reason.trim());
      await refresh();
      void message.success(t('calendar.overrides.removed'));
      onClose();
    } catch (err) {
      const fields = fieldErrors(err, ['reason'], en);
      if (fields.length > 0) {
        form.setFields(fields);
      } else {
        setError(err);
      }
    }
  };

  return (
    <Modal
      open
      title={t('calendar.overrides.removeTitle', { date })}
      onCancel={onClose}
      maskClosable={false}
      footer={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" danger loading={remove.isPending} onClick={() => form.submit()} data-testid="override-remove-confirm">
            {t('calendar.overrides.remove')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('calendar.overrides.removeHint')}</Typography.Paragraph>
      <ErrorBanner error={error} />
      <Form<{ reason: string }> form={form} layout="vertical" initialValues={{ reason: '' }} onFinish={(v) => void submit(v)}>
        <Form.Item
          name="reason"
          label={t('calendar.overrides.reason')}
          rules={[{ required: true, whitespace: true, min: 2, max: 500, message: t('calendar.overrides.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} placeholder={t('calendar.overrides.reasonPlaceholder')} data-testid="override-remove-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
