/**
 * One ECharts chart. The chart is a picture for sighted users; every chart on the dashboard has a
 * table beside it with the same numbers, for keyboards and screen readers. `data-drawn` turns true
 * once ECharts has finished drawing (the browser tests and the bench wait for it).
 */
import { useEffect, useRef, useState } from 'react';

export interface ChartClick {
  name: string;
  data: unknown;
}

interface Props {
  /** An ECharts option (memoise it: a new object redraws the chart). */
  option: Record<string, unknown>;
  /** What the chart shows, in words. */
  label: string;
  height?: number;
  onClick?: (click: ChartClick) => void;
}

let echartsModule: Promise<typeof import('./echarts')> | undefined;

/**
 * Starts loading ECharts (once): a page that will draw charts calls it as it first renders, so the
 * library downloads while the page waits for its data rather than after.
 */
export function loadECharts(): Promise<typeof import('./echarts')> {
  echartsModule ??= import('./echarts');
  return echartsModule;
}

export function Chart({ option, label, height = 280, onClick }: Props) {
  const element = useRef<HTMLDivElement>(null);
  const click = useRef(onClick);
  click.current = onClick;
  const [drawn, setDrawn] = useState(false);

  useEffect(() => {
    let disposed = false;
    let dispose = () => {};
    setDrawn(false);
    loadECharts().then(({ echarts }) => {
      const el = element.current;
      if (disposed || !el) return;
      const chart = echarts.init(el, undefined, { renderer: 'canvas' });
      chart.on('finished', () => setDrawn(true));
      chart.on('click', (p) => click.current?.({ name: String(p.name), data: p.data }));
      chart.setOption({
        animation: false,
        aria: { enabled: true, label: { description: label } },
        ...option,
      });
      const observer = new ResizeObserver(() => chart.resize());
      observer.observe(el);
      dispose = () => {
        observer.disconnect();
        chart.dispose();
      };
    });
    return () => {
      disposed = true;
      dispose();
    };
  }, [option, label]);

  return (
    <div
      ref={element}
      className="chart"
      role="img"
      aria-label={label}
      data-chart=""
      data-drawn={drawn ? 'true' : 'false'}
      style={{ height }}
    />
  );
}
