/**
 * Organisations by probability of infection by the end of a worm run: a tree-map (size: expected
 * devices hit, colour: probability) and the same figures in a table.
 */
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import type { WormOrgResult } from '../../api/types';
import { Chart } from '../charts/Chart';
import { pct } from '../format';

/** Probability of infection by the last checkpoint hour. */
export const pFinal = (o: WormOrgResult) => o.pInfectedBy[o.pInfectedBy.length - 1]?.p ?? 0;

function colourOf(p: number): string {
  if (p >= 0.5) return '#8a1538';
  if (p >= 0.2) return '#b3261e';
  if (p >= 0.05) return '#d97706';
  return '#4c6272';
}

export function OrgsAtRisk({ orgs }: { orgs: WormOrgResult[] }) {
  const navigate = useNavigate();
  const shown = useMemo(() => [...orgs].sort((a, b) => pFinal(b) - pFinal(a)).slice(0, 200), [orgs]);
  const option = useMemo(
    () => ({
      tooltip: {
        formatter: (p: { data: { code: string; p: number; devices: number } }) =>
          `${p.data.code}: ${pct(p.data.p)} chance of infection, ${p.data.devices.toFixed(1)} devices hit on average`,
      },
      series: [
        {
          type: 'treemap',
          roam: false,
          nodeClick: false,
          breadcrumb: { show: false },
          label: { show: true, formatter: '{b}', color: '#fff', fontSize: 12 },
          itemStyle: { borderColor: '#fff', borderWidth: 2, gapWidth: 2 },
          data: shown.map((o) => ({
            name: o.code,
            code: o.code,
            p: pFinal(o),
            devices: o.expectedDevices,
            value: Math.max(o.expectedDevices, 0.5),
            itemStyle: { color: colourOf(pFinal(o)) },
          })),
        },
      ],
    }),
    [shown],
  );
  return (
    <section aria-labelledby="orgs-at-risk" className="wide">
      <h2 id="orgs-at-risk">Organisations by probability of infection</h2>
      {shown.length === 0 ? (
        <p>The worm reaches none of your organisations in this scenario.</p>
      ) : (
        <>
          <p className="muted">
            Size: devices hit on average. Colour: chance of infection (dark red 50 % or more, red 20 %, orange
            5 %).
          </p>
          <Chart
            option={option}
            label="Organisations sized by devices hit and coloured by probability of infection"
            onClick={(c) => navigate(`/orgs/${c.name}`)}
          />
          <div className="table-wrap">
            <table id="orgs-at-risk-table">
              <caption>
                Organisations the worm reaches
                {orgs.length > shown.length ? ` (the ${shown.length} most likely)` : ''}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Organisation</th>
                  <th scope="col">Kind</th>
                  <th scope="col" className="num">
                    Chance of infection
                  </th>
                  <th scope="col" className="num">
                    First infected (hour)
                  </th>
                  <th scope="col" className="num">
                    Devices hit
                  </th>
                  <th scope="col">Likely entry</th>
                </tr>
              </thead>
              <tbody>
                {shown.slice(0, 50).map((o) => (
                  <tr key={o.code} data-org={o.code}>
                    <th scope="row">
                      <Link to={`/orgs/${o.code}`}>{o.code}</Link>
                    </th>
                    <td>{o.kind}</td>
                    <td className="num" data-field="p">
                      {pct(pFinal(o))}
                    </td>
                    <td className="num">
                      {o.expectedFirstHour === null ? '—' : o.expectedFirstHour.toFixed(1)}
                    </td>
                    <td className="num">{o.expectedDevices.toFixed(1)}</td>
                    <td>{o.likelyEntry}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
