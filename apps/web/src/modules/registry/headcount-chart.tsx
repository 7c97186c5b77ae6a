import { Empty } from 'antd';
import type { EntityDetail } from '@zhengqi/contracts/entities';
import { LineChart, type LineSeriesOption } from 'echarts/charts';
import { DataZoomComponent, GridComponent, TooltipComponent, type DataZoomComponentOption, type GridComponentOption, type TooltipComponentOption } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import './entity-messages';

echarts.use([LineChart, GridComponent, TooltipComponent, DataZoomComponent, CanvasRenderer]);

type ChartOption = echarts.ComposeOption<LineSeriesOption | GridComponentOption | TooltipComponentOption | DataZoomComponentOption>;

/** A monthly line of basic-pension contributors (the headcount the employment-linked loan counts). */
export function HeadcountChart({ data }: { data: EntityDetail['headcounts'] }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);
  const sorted = [...data].sort((a, b) => a.month.localeCompare(b.month));
  const empty = sorted.length === 0;

  // One chart instance per mounted element; it follows the container's size (zoom, sider collapse).
  useEffect(() => {
    const el = ref.current;
    if (el === null || empty) {
      return;
    }
    const chart = echarts.init(el);
    chartRef.current = chart;
    const ro = new ResizeObserver(() => chart.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, [empty]);

  const months = sorted.map((h) => h.month);
  const values = sorted.map((h) => h.pensionContributors);
  const seriesName = t('entities.detail.headcountSeries');
  const key = JSON.stringify([months, values, seriesName]);
  useEffect(() => {
    const chart = chartRef.current;
    if (chart === null) {
      return;
    }
    const option: ChartOption = {
      grid: { left: 48, right: 16, top: 16, bottom: months.length > 24 ? 56 : 32 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: months, boundaryGap: false },
      yAxis: { type: 'value', minInterval: 1 },
      dataZoom: months.length > 24 ? [{ type: 'slider', startValue: months.length - 24, endValue: months.length - 1, height: 20, bottom: 8 }] : [],
      series: [{ type: 'line', name: seriesName, data: values, symbolSize: 6, lineStyle: { width: 2 }, itemStyle: { color: '#b71c1c' } }],
    };
    chart.setOption(option, { notMerge: true });
    // `key` stands for months/values/seriesName, which are new arrays on every render.
  }, [key, empty]);

  if (empty) {
    return (
      <div data-testid="headcount-chart">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.empty')} />
      </div>
    );
  }
  return <div ref={ref} data-testid="headcount-chart" role="img" aria-label={t('entities.detail.headcountTitle')} style={{ width: '100%', height: 260 }} />;
}
