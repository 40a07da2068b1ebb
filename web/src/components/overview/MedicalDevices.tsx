/** Medical devices at risk in a subtree: totals and the manufacturers with the most devices at risk. */
import { useMemo } from 'react';
import { useMedicalDevices } from '../../api/queries';
import { Chart } from '../charts/Chart';
import { fmt } from '../format';
import { queryState } from '../Status';

export function MedicalDevices({ org }: { org: string }) {
  const medical = useMedicalDevices(org);
  const rows = medical.data?.manufacturers;
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { bottom: 0 },
      grid: { left: 150, right: 24, top: 16, bottom: 48 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: (rows ?? []).map((r) => r.name) },
      series: [
        {
          name: 'At risk',
          type: 'bar',
          stack: 'd',
          color: '#b3261e',
          data: (rows ?? []).map((r) => r.atRisk),
        },
        {
          name: 'No open findings',
          type: 'bar',
          stack: 'd',
          color: '#9ab3c4',
          data: (rows ?? []).map((r) => r.devices - r.atRisk),
        },
      ],
    }),
    [rows],
  );
  const state = queryState(medical, 'medical devices');
  if (state) return state;
  const m = medical.data;
  if (!m) return null;
  return (
    <section aria-labelledby="medical">
      <h2 id="medical">Medical devices at risk</h2>
      <dl className="stats" id="medical-stats">
        <div className={m.totals.atRisk > 0 ? 'alarm' : ''}>
          <dt>At risk (open findings)</dt>
          <dd data-field="atRisk">{fmt(m.totals.atRisk)}</dd>
        </div>
        <div>
          <dt>At risk from known-exploited flaws</dt>
          <dd data-field="kev">{fmt(m.totals.kev)}</dd>
        </div>
        <div>
          <dt>Medical devices</dt>
          <dd data-field="devices">{fmt(m.totals.devices)}</dd>
        </div>
      </dl>
      {m.manufacturers.length > 0 ? (
        <Chart option={option} label="Medical devices at risk by manufacturer" height={260} />
      ) : (
        <p>No medical devices recorded here.</p>
      )}
    </section>
  );
}
