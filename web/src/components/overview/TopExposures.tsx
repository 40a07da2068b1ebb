/**
 * The CVEs exposing the most devices (or organisations, or with the highest scores) in a subtree:
 * a bar chart and a table ranked by the server.
 */
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useTopExposures } from '../../api/queries';
import { Chart } from '../charts/Chart';
import { fmt } from '../format';
import { queryState } from '../Status';

const ORDERS = { devices: 'Devices', organisations: 'Organisations', cvss: 'CVSS score', epss: 'EPSS' };

export function TopExposures({ org }: { org: string }) {
  const [order, setOrder] = useState<keyof typeof ORDERS>('devices');
  const top = useTopExposures(org, order);
  const items = top.data?.items;
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { bottom: 0 },
      grid: { left: 130, right: 24, top: 16, bottom: 48 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: (items ?? []).map((i) => i.cve) },
      series: [
        { name: 'Devices', type: 'bar', color: '#005eb8', data: (items ?? []).map((i) => i.devices) },
        {
          name: 'Organisations',
          type: 'bar',
          color: '#768692',
          data: (items ?? []).map((i) => i.organisations),
        },
      ],
    }),
    [items],
  );
  const state = queryState(top, 'top exposures');
  return (
    <section aria-labelledby="top-exposures" className="wide">
      <h2 id="top-exposures">Top exposures</h2>
      <label className="inline">
        Rank by{' '}
        <select value={order} onChange={(e) => setOrder(e.target.value as keyof typeof ORDERS)}>
          {Object.entries(ORDERS).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>
      </label>
      {state ??
        (items && items.length > 0 ? (
          <>
            <Chart option={option} label="Devices and organisations exposed to each of the top CVEs" />
            <div className="table-wrap">
              <table id="top-table">
                <caption>Vulnerabilities with the widest exposure</caption>
                <thead>
                  <tr>
                    <th scope="col">Vulnerability</th>
                    <th scope="col">Known exploited</th>
                    <th scope="col" className="num">
                      CVSS
                    </th>
                    <th scope="col" className="num">
                      EPSS
                    </th>
                    <th scope="col" className="num">
                      Organisations
                    </th>
                    <th scope="col" className="num">
                      Devices
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((i) => (
                    <tr key={i.cve} data-cve={i.cve}>
                      <th scope="row">
                        <Link to={`/cves/${i.cve}`}>{i.cve}</Link>
                      </th>
                      <td>{i.kev ? `Yes, fix by ${i.kevDueDate ?? '—'}` : 'No'}</td>
                      <td className="num">{i.cvss.score ?? '—'}</td>
                      <td className="num">{i.epss === null ? '—' : i.epss.toFixed(2)}</td>
                      <td className="num">{fmt(i.organisations)}</td>
                      <td className="num">{fmt(i.devices)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ) : (
          <p>No open findings here.</p>
        ))}
    </section>
  );
}
