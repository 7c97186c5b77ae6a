import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, InputNumber, Row, Select, Space, Statistic } from 'antd';
import type { Me } from '@zhengqi/contracts/auth';
import { PROBLEM_STATE_LABELS, PROBLEM_STATES } from '@zhengqi/contracts/problems';
import type { DashboardMonth, ProjectDashboard } from '@zhengqi/contracts/project-dashboard';
import { PROJECT_SECTOR_LABELS, PROJECT_SECTORS, type ProjectStats } from '@zhengqi/contracts/projects';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, qs } from '../../app/api-client';
import { QueryState } from '../../app/list-kit';
import { PageHeader } from '../../app/list-page';
import { regionLabel, useJurisdictionRegions } from '../../app/region-select';
import { can } from '../../app/session';
import { EChart } from '../../app/echart';
import './dashboard-messages';
import { useProblemCounts } from './problem-table';
import { fenToYi, percentText, pick } from './project-messages';

/** The problem funnel: how many problems are in each state (read from the problems list). */
function ProblemFunnel() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { counts } = useProblemCounts();
  if (counts === null) {
    return null;
  }
  const data = PROBLEM_STATES.filter((s) => s !== 'rejected').map((s) => ({ name: pick(PROBLEM_STATE_LABELS[s], en), value: counts[s] }));
  const option = {
    tooltip: { trigger: 'item' },
    series: [{ type: 'funnel', sort: 'none', left: '10%', width: '80%', minSize: '10%', label: { show: true, position: 'inside' }, data }],
  };
  return <EChart option={option} height={300} testId="dashboard-problem-funnel" label={t('projects.stats.funnel')} />;
}

/** 'YYYY-MM' as the month's short name: 「3月」 or "Mar". */
function monthName(month: string, en: boolean): string {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(en ? 'en' : 'zh-CN', { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(y ?? 2000, (m ?? 1) - 1, 1)));
}

/** Monthly investment completed (bars) with the cumulative completion rate against time progress (lines). */
function MonthlyCompletionChart({ monthly }: { monthly: readonly DashboardMonth[] }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  if (monthly.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.monthly.empty')} style={{ height: 300 - 32 }} />;
  }
  const rates = monthly.map((m) => m.completionRate ?? 0);
  // The rate may pass 100 % when more than the plan is completed; the axis follows it in steps of 20.
  const percentMax = Math.max(100, Math.ceil(Math.max(...rates) / 20) * 20);
  const option = {
    grid: { left: 56, right: 56, top: 48, bottom: 24 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: monthly.map((m) => (m.partial ? { value: `${monthName(m.month, en)}*`, textStyle: { color: '#8c8c8c' } } : monthName(m.month, en))) },
    yAxis: [
      { type: 'value', name: en ? '100 m CNY' : '亿元', min: 0 },
      { type: 'value', min: 0, max: percentMax, interval: 20, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      {
        type: 'bar',
        name: t('dashboard.monthly.completed'),
        barMaxWidth: 28,
        itemStyle: { color: '#e8a87c' },
        data: monthly.map((m) => ({ value: fenToYi(m.completedFen), ...(m.partial ? { itemStyle: { opacity: 0.45 } } : {}) })),
      },
      {
        type: 'line',
        name: t('dashboard.monthly.completionRate'),
        yAxisIndex: 1,
        itemStyle: { color: '#b71c1c' },
        // One decimal as the statistics print it (9.0, not 9); the label text is fixed per point.
        data: monthly.map((m) => ({ value: m.completionRate, label: { formatter: m.completionRate === null ? '—' : m.completionRate.toFixed(1) } })),
        label: { show: true, position: 'top', fontSize: 11 },
      },
      {
        type: 'line',
        name: t('dashboard.monthly.timeProgress'),
        yAxisIndex: 1,
        itemStyle: { color: '#8c8c8c' },
        lineStyle: { type: 'dashed' },
        symbol: 'emptyCircle',
        data: monthly.map((m) => m.timeProgress),
      },
    ],
  };
  return <EChart option={option} height={300} testId="dashboard-monthly-completion" label={t('dashboard.monthly.title')} />;
}

type RankedUnit = NonNullable<ProjectDashboard['unitRanking']>[number];

/** Responsible units in bulletin order: the on-time closure rate (left) and the problem counts behind it (right). */
function UnitRankingChart({ units }: { units: readonly RankedUnit[] }) {
  const { t } = useTranslation();
  if (units.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.ranking.empty')} />;
  }
  const names = units.map((u) => `${u.rank}. ${u.unitName}`);
  const counts = [
    { key: 'assigned', color: '#5b8ff9', value: (u: RankedUnit) => u.problems },
    { key: 'closedOnTime', color: '#389e0d', value: (u: RankedUnit) => u.closedOnTime },
    { key: 'overdue', color: '#cf1322', value: (u: RankedUnit) => u.overdue },
    { key: 'reopened', color: '#fa8c16', value: (u: RankedUnit) => u.reopened },
  ] as const;
  const category = { type: 'category', data: names, inverse: true, axisTick: { show: false } };
  const option = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: [
      { left: 200, width: '34%', top: 36, bottom: 24 },
      { right: 24, width: '36%', top: 36, bottom: 24 },
    ],
    xAxis: [
      { type: 'value', gridIndex: 0, min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      { type: 'value', gridIndex: 1, minInterval: 1 },
    ],
    yAxis: [
      { ...category, gridIndex: 0, axisLabel: { width: 180, overflow: 'truncate' } },
      { ...category, gridIndex: 1, axisLabel: { show: false } },
    ],
    series: [
      {
        type: 'bar',
        name: t('dashboard.ranking.rate'),
        xAxisIndex: 0,
        yAxisIndex: 0,
        barMaxWidth: 18,
        itemStyle: { color: '#b71c1c' },
        label: { show: true, position: 'right' },
        data: units.map((u) =>
          u.onTimeClosureRate === null
            ? { value: 0, label: { formatter: t('dashboard.ranking.noClosed'), color: '#8c8c8c' } }
            : { value: u.onTimeClosureRate, label: { formatter: percentText(u.onTimeClosureRate) } },
        ),
      },
      ...counts.map((c) => ({
        type: 'bar',
        name: t(`dashboard.ranking.${c.key}`),
        xAxisIndex: 1,
        yAxisIndex: 1,
        barMaxWidth: 10,
        itemStyle: { color: c.color },
        label: { show: true, position: 'right', fontSize: 10 },
        // A zero draws no bar; its label would only clutter the row.
        data: units.map((u) => (c.value(u) === 0 ? { value: 0, label: { show: false } } : c.value(u))),
      })),
    ],
  };
  return <EChart option={option} height={Math.max(180, 48 + units.length * 56)} testId="dashboard-unit-ranking" label={t('dashboard.ranking.title')} />;
}

/**
 * The Dongchangfu key-project dashboard: headline figures, plan completion against time progress by
 * month, investment by sector, start rate, problem funnel and the responsible units' ranking.
 */
export function DashboardPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const navigate = useNavigate();
  const { regions } = useJurisdictionRegions(me);
  const [region, setRegion] = useState<string | undefined>(undefined);
  const [year, setYear] = useState<number | undefined>(undefined);
  const query = useQuery({
    queryKey: ['projects', 'stats', region, year],
    queryFn: () => api<ProjectStats>('GET', `/api/v1/projects/stats${qs({ region, year })}`),
  });
  const s = query.data;
  const series = useQuery({
    queryKey: ['projects', 'dashboard', region, year],
    queryFn: () => api<ProjectDashboard>('GET', `/api/v1/projects/dashboard${qs({ region, year })}`),
  });
  const d = series.data;
  const partial = d?.monthly.find((m) => m.partial);

  const sectors = PROJECT_SECTORS.filter((k) => s?.bySector[k] !== undefined);
  const sectorOption = {
    grid: { left: 100, right: 24, top: 16, bottom: 24 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', name: t('projects.stats.investment') },
    yAxis: { type: 'category', data: sectors.map((k) => pick(PROJECT_SECTOR_LABELS[k], en)) },
    series: [{ type: 'bar', name: t('projects.stats.investment'), data: sectors.map((k) => fenToYi(s?.bySector[k]?.investmentFen ?? 0)), itemStyle: { color: '#b71c1c' }, label: { show: true, position: 'right' } }],
  };
  const completionOption = {
    grid: { left: 48, right: 24, top: 32, bottom: 24 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: [t('projects.stats.planCompletion'), t('projects.stats.timeProgress')] },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [{
      type: 'bar',
      barWidth: 48,
      data: [
        { value: s?.planCompletionRate ?? 0, itemStyle: { color: (s?.gap ?? 0) < 0 ? '#cf1322' : '#389e0d' } },
        { value: s?.timeProgress ?? 0, itemStyle: { color: '#8c8c8c' } },
      ],
      label: { show: true, position: 'top', formatter: '{c}%' },
    }],
  };
  const startOption = {
    series: [{
      type: 'gauge',
      min: 0,
      max: 100,
      progress: { show: true, width: 14 },
      axisLine: { lineStyle: { width: 14 } },
      detail: { formatter: '{value}%', fontSize: 22 },
      data: [{ value: s?.startRate ?? 0, name: t('projects.stats.startRate') }],
    }],
  };

  return (
    <>
      <PageHeader title={t('projects.dashboard')}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/projects')}>{t('common.back')}</Button>
      </PageHeader>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('projects.filter.region')}
          aria-label={t('projects.filter.region')}
          value={region}
          onChange={(v: string | undefined) => setRegion(v)}
          options={regions.map((r) => ({ value: r.code, label: regionLabel(r, en) }))}
          style={{ width: 170 }}
          popupMatchSelectWidth={false}
          data-testid="dashboard-filter-region"
        />
        <InputNumber
          placeholder={t('projects.filter.year')}
          aria-label={t('projects.filter.year')}
          min={2000}
          max={2100}
          value={year ?? null}
          onChange={(v) => setYear(v ?? undefined)}
          style={{ width: 100 }}
          data-testid="dashboard-filter-year"
        />
      </Space>
      <QueryState query={query}>
        {s !== undefined && (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="dashboard">
            <Row gutter={[16, 16]}>
              <Col xs={12} md={6}><Card size="small"><Statistic title={`${t('projects.stats.count')} (${s.year})`} value={s.count} /></Card></Col>
              <Col xs={12} md={6}><Card size="small"><Statistic title={t('projects.stats.totalInvestment')} value={fenToYi(s.totalInvestmentFen)} precision={2} /></Card></Col>
              <Col xs={12} md={6}><Card size="small"><Statistic title={t('projects.stats.industrialShare')} value={percentText(s.industrialShareOfImplementation)} /></Card></Col>
              <Col xs={12} md={6}><Card size="small"><Statistic title={t('projects.stats.gap')} value={s.gap === null ? '—' : s.gap.toFixed(1)} /></Card></Col>
            </Row>
            <Card
              size="small"
              title={t('dashboard.monthly.title')}
              extra={partial !== undefined && d !== undefined ? <span style={{ color: '#8c8c8c' }}>{`* ${t('dashboard.monthly.partial', { month: monthName(partial.month, en), asOf: d.asOf })}`}</span> : null}
            >
              <QueryState query={series}>{d !== undefined && <MonthlyCompletionChart monthly={d.monthly} />}</QueryState>
            </Card>
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={12}>
                <Card size="small" title={t('projects.stats.bySector')}>
                  <EChart option={sectorOption} height={300} testId="dashboard-by-sector" label={t('projects.stats.bySector')} />
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card size="small" title={t('projects.stats.completionVsTime')}>
                  <EChart option={completionOption} height={300} testId="dashboard-completion" label={t('projects.stats.completionVsTime')} />
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card size="small" title={t('projects.stats.startRateTitle')} extra={t('projects.stats.started', { started: s.startedCount, planned: s.plannedToStartCount })}>
                  <EChart option={startOption} height={300} testId="dashboard-start-rate" label={t('projects.stats.startRateTitle')} />
                </Card>
              </Col>
              {can(me, 'problem.read') && (
                <Col xs={24} lg={12}>
                  <Card size="small" title={t('projects.stats.funnel')}>
                    <ProblemFunnel />
                  </Card>
                </Col>
              )}
            </Row>
            {d?.unitRanking !== null && (
              <Card size="small" title={t('dashboard.ranking.title')} extra={d === undefined ? null : <span style={{ color: '#8c8c8c' }}>{t('dashboard.ranking.period', { year: d.year, asOf: d.asOf })}</span>}>
                <QueryState query={series}>{d?.unitRanking && <UnitRankingChart units={d.unitRanking} />}</QueryState>
              </Card>
            )}
          </Space>
        )}
      </QueryState>
    </>
  );
}
