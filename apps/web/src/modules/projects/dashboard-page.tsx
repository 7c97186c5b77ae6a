import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Col, InputNumber, Row, Select, Space, Statistic } from 'antd';
import type { Me } from '@zhengqi/contracts/auth';
import { PROBLEM_STATE_LABELS, PROBLEM_STATES } from '@zhengqi/contracts/problems';
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

/** The Dongchangfu key-project dashboard: headline figures, investment by sector, plan completion against time progress, start rate, problem funnel. */
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
          </Space>
        )}
      </QueryState>
    </>
  );
}
