import { BarChart, FunnelChart, GaugeChart, LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// The chart kinds the pages use, registered once: each page's bundle stays small.
echarts.use([BarChart, LineChart, FunnelChart, GaugeChart, DataZoomComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

/** An ECharts option for the chart types registered above. */
export type ChartOption = echarts.EChartsCoreOption;

/** One ECharts chart that follows its container's size and redraws when the option's content changes. */
export function EChart({ option, height, testId, label }: { option: ChartOption; height: number; testId: string; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (el === null) {
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
  }, []);

  // The option is a new object on every render; its JSON says whether anything changed.
  const key = JSON.stringify(option);
  useEffect(() => {
    chartRef.current?.setOption(JSON.parse(key) as ChartOption, { notMerge: true });
  }, [key]);

  return <div ref={ref} data-testid={testId} role="img" aria-label={label} style={{ width: '100%', height }} />;
}
