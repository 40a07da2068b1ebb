/**
 * A worm run's time course: infected and unavailable devices hour by hour, the median as a line
 * and the 5–95 % band shaded around it, with the checkpoint hours in a table beside the chart.
 */
import { useMemo } from 'react';
import type { WormRun } from '../../api/types';
import { Chart } from '../charts/Chart';
import { fmt } from '../format';

type National = NonNullable<WormRun['national']>;

const band = (b: { median: number; p5: number; p95: number }) =>
  `${fmt(Math.round(b.median))} (${fmt(Math.round(b.p5))}–${fmt(Math.round(b.p95))})`;

/** A median line and its band: a transparent base at p5 and a shaded stack of p95 − p5 on it. */
function banded(name: string, colour: string, points: { median: number; p5: number; p95: number }[]) {
  const stack = `${name} band`;
  return [
    {
      name: `${name} 5%`,
      type: 'line',
      stack,
      symbol: 'none',
      lineStyle: { opacity: 0 },
      data: points.map((p) => p.p5),
      tooltip: { show: false },
    },
    {
      name: `${name} 5–95%`,
      type: 'line',
      stack,
      symbol: 'none',
      lineStyle: { opacity: 0 },
      areaStyle: { color: colour, opacity: 0.2 },
      data: points.map((p) => p.p95 - p.p5),
      tooltip: { show: false },
    },
    {
      name: `${name} (median)`,
      type: 'line',
      symbol: 'none',
      color: colour,
      data: points.map((p) => p.median),
    },
  ];
}

export function TimeCourse({ national }: { national: National }) {
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0, data: ['Infected devices (median)', 'Unavailable devices (median)'] },
      grid: { left: 64, right: 24, top: 24, bottom: 64 },
      xAxis: { type: 'category', name: 'hour', data: national.hourly.map((h) => h.hour) },
      yAxis: { type: 'value', min: 0, name: 'devices' },
      series: [
        ...banded(
          'Infected devices',
          '#b3261e',
          national.hourly.map((h) => h.infectedDevices),
        ),
        ...banded(
          'Unavailable devices',
          '#005eb8',
          national.hourly.map((h) => h.unavailableDevices),
        ),
      ],
    }),
    [national],
  );
  return (
    <section aria-labelledby="time-course" className="wide">
      <h2 id="time-course">Time course</h2>
      <p className="muted">Lines: the median over the runs. Shading: the 5–95 % band.</p>
      <Chart option={option} label="Devices infected and unavailable hour by hour, median and 5–95 % band" />
      <div className="table-wrap">
        <table id="checkpoints">
          <caption>At the checkpoint hours: median (5–95 %)</caption>
          <thead>
            <tr>
              <th scope="col">Hour</th>
              <th scope="col">Infected devices</th>
              <th scope="col">Unavailable devices</th>
              <th scope="col">Trusts infected</th>
              <th scope="col">GP practices infected</th>
              <th scope="col">Other organisations infected</th>
            </tr>
          </thead>
          <tbody>
            {national.checkpoints.map((c) => (
              <tr key={c.hour} data-hour={c.hour}>
                <th scope="row">{c.hour}</th>
                <td data-field="infected">{band(c.infectedDevices)}</td>
                <td>{band(c.unavailableDevices)}</td>
                <td>{band(c.infectedOrgs.trust)}</td>
                <td>{band(c.infectedOrgs.gpPractice)}</td>
                <td>{band(c.infectedOrgs.other)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
