/** Lead and co task counts of the busiest units as a stacked bar chart (ECharts, tree-shaken). */
import { BarChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const TOP = 15;

/** The chart. */
export default function WorkloadChart({
  units,
}: {
  units: readonly { canonicalName: string; lead: number; co: number }[];
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current) return;
    const top = [...units]
      .filter((u) => u.lead + u.co > 0)
      .sort((a, b) => b.lead + b.co - (a.lead + a.co))
      .slice(0, TOP)
      .reverse();
    const chart = echarts.init(box.current);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: ["牵头", "配合"] },
      grid: { left: 160, right: 24, top: 32, bottom: 24 },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: top.map((u) => u.canonicalName) },
      series: [
        {
          name: "牵头",
          type: "bar",
          stack: "n",
          data: top.map((u) => u.lead),
          itemStyle: { color: "#c0392b" },
        },
        {
          name: "配合",
          type: "bar",
          stack: "n",
          data: top.map((u) => u.co),
          itemStyle: { color: "#f0a35e" },
        },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      chart.dispose();
    };
  }, [units]);
  return <div ref={box} style={{ height: 360 }} role="img" aria-label="各单位牵头与配合任务数" />;
}
