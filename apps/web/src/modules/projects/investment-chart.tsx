import { Empty } from 'antd';
import type { ProjectDetail } from '@zhengqi/contracts/projects';
import { useTranslation } from 'react-i18next';
import { EChart } from '../../app/echart';
import { fenToWan } from './project-messages';

/** Monthly investment completed this year (bars), its running total (line) against the annual plan (dashed line). */
export function InvestmentChart({ project }: { project: ProjectDetail }) {
  const { t } = useTranslation();
  const prefix = `${project.year}-`;
  const reports = project.progressReports.filter((r) => r.month.startsWith(prefix)).sort((a, b) => a.month.localeCompare(b.month));
  if (reports.length === 0) {
    return (
      <div data-testid="project-investment-chart">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.empty')} />
      </div>
    );
  }
  let running = 0;
  const cumulative = reports.map((r) => {
    running += r.investmentCompletedFen;
    return fenToWan(running);
  });
  const plan = fenToWan(project.annualPlanFen);
  const option = {
    grid: { left: 64, right: 16, top: 40, bottom: 32 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: reports.map((r) => r.month) },
    yAxis: { type: 'value' },
    series: [
      { type: 'bar', name: t('projects.detail.monthly'), data: reports.map((r) => fenToWan(r.investmentCompletedFen)), itemStyle: { color: '#5470c6' } },
      { type: 'line', name: t('projects.detail.cumulative'), data: cumulative, itemStyle: { color: '#b71c1c' } },
      { type: 'line', name: t('projects.detail.plan'), data: reports.map(() => plan), symbol: 'none', lineStyle: { type: 'dashed' }, itemStyle: { color: '#999' } },
    ],
  };
  return <EChart option={option} height={300} testId="project-investment-chart" label={t('projects.detail.chart')} />;
}
