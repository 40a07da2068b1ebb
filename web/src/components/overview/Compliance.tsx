/**
 * Alert compliance for a subtree: the share of targets acknowledged within their deadline, how
 * many are overdue, and the trend week by week.
 */
import { useMemo } from 'react';
import { useCompliance } from '../../api/queries';
import { Chart } from '../charts/Chart';
import { fmt, pct } from '../format';
import { queryState } from '../Status';

export function Compliance({ org }: { org: string }) {
  const compliance = useCompliance(org);
  const trend = compliance.data?.trend;
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 48, right: 48, top: 24, bottom: 56 },
      xAxis: { type: 'category', data: (trend ?? []).map((w) => w.week) },
      yAxis: [
        { type: 'value', min: 0, max: 100, name: '% in time', axisLabel: { formatter: '{value}%' } },
        { type: 'value', min: 0, name: 'overdue', minInterval: 1 },
      ],
      series: [
        {
          name: 'Acknowledged within 48 hours (%)',
          type: 'line',
          color: '#005eb8',
          data: (trend ?? []).map((w) => Math.round(w.shareAcknowledgedInTime * 100)),
        },
        {
          name: 'Overdue organisations',
          type: 'bar',
          yAxisIndex: 1,
          color: '#b3261e',
          data: (trend ?? []).map((w) => w.overdue),
        },
      ],
    }),
    [trend],
  );
  const state = queryState(compliance, 'alert compliance');
  if (state) return state;
  const c = compliance.data;
  if (!c) return null;
  return (
    <section aria-labelledby="compliance">
      <h2 id="compliance">Alert compliance</h2>
      <dl className="stats" id="compliance-stats">
        <div>
          <dt>Acknowledged within the deadline</dt>
          <dd data-field="share">{pct(c.totals.shareAcknowledgedInTime)}</dd>
        </div>
        <div className={c.totals.overdue > 0 ? 'alarm' : ''}>
          <dt>Overdue</dt>
          <dd data-field="overdue">{fmt(c.totals.overdue)}</dd>
        </div>
        <div>
          <dt>Awaiting acknowledgement</dt>
          <dd data-field="awaiting">{fmt(c.totals.awaiting)}</dd>
        </div>
        <div>
          <dt>Organisations alerted</dt>
          <dd data-field="targets">{fmt(c.totals.targets)}</dd>
        </div>
      </dl>
      <Chart option={option} label="Weekly share of alerts acknowledged in time, and overdue organisations" />
    </section>
  );
}
