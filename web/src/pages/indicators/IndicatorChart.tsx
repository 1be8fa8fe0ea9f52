/** Target path against observed values (ECharts line chart, tree-shaken, in its own chunk). */
import { LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";
import type { Point } from "../../indicator-path.js";

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** The chart. */
export default function IndicatorChart(props: {
  path: Point[] | null;
  observed: Point[];
  unit: string | null;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current) return;
    const chart = echarts.init(box.current);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: ["目标路径", "实际值"] },
      grid: { left: 56, right: 24, top: 40, bottom: 32 },
      xAxis: { type: "value", minInterval: 1, scale: true, axisLabel: { formatter: "{value}年" } },
      yAxis: { type: "value", scale: true, name: props.unit ?? "" },
      series: [
        {
          name: "目标路径",
          type: "line",
          data: props.path ?? [],
          lineStyle: { type: "dashed", color: "#8c8c8c" },
          itemStyle: { color: "#8c8c8c" },
        },
        {
          name: "实际值",
          type: "line",
          data: props.observed,
          itemStyle: { color: "#c0392b" },
          symbolSize: 8,
        },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      chart.dispose();
    };
  }, [props.path, props.observed, props.unit]);
  return (
    <div
      ref={box}
      style={{ height: 320 }}
      role="img"
      aria-label="目标路径与实际值"
      data-testid="indicator-chart"
    />
  );
}
