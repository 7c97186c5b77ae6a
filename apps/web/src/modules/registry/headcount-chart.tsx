import { Empty } from 'antd';
import type { EntityDetail } from '@zhengqi/contracts/entities';
import { useTranslation } from 'react-i18next';
import { EChart, type ChartOption } from '../../app/echart';
import './entity-messages';

/** A monthly line of basic-pension contributors (the headcount the employment-linked loan counts). */
export function HeadcountChart({ data }: { data: EntityDetail['headcounts'] }) {
  const { t } = useTranslation();
  const sorted = [...data].sort((a, b) => a.month.localeCompare(b.month));
  if (sorted.length === 0) {
    return (
      <div data-testid="headcount-chart">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.empty')} />
      </div>
    );
  }
  const months = sorted.map((h) => h.month);
  const option: ChartOption = {
    grid: { left: 48, right: 16, top: 16, bottom: months.length > 24 ? 56 : 32 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: months, boundaryGap: false },
    yAxis: { type: 'value', minInterval: 1 },
    // More than two years: show the last 24 months and let the user scroll back.
    dataZoom: months.length > 24 ? [{ type: 'slider', startValue: months.length - 24, endValue: months.length - 1, height: 20, bottom: 8 }] : [],
    series: [{ type: 'line', name: t('entities.detail.headcountSeries'), data: sorted.map((h) => h.pensionContributors), symbolSize: 6, lineStyle: { width: 2 }, itemStyle: { color: '#b71c1c' } }],
  };
  return <EChart option={option} height={260} testId="headcount-chart" label={t('entities.detail.headcountTitle')} />;
}
