/**
 * Exposure by child organisation: a tree-map (area: open findings; colour: Act findings and
 * known-exploited findings past their due date) and the same numbers as a table. Clicking a tile or
 * a name drills down.
 */
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { useExposureSummary } from '../../api/queries';
import type { ExposureCounts, OrgRef } from '../../api/types';
import { Chart } from '../charts/Chart';
import { fmt, KIND_LABEL } from '../format';
import { queryState } from '../Status';

/** Colour by urgency: KEV findings past due first, then Act findings; calm when neither. */
function colourOf(c: ExposureCounts): string {
  if (c.kevOverdue > 0) return c.kevOverdue >= 10 ? '#8a1538' : '#b3261e';
  if (c.act > 0) return c.act >= 10 ? '#c2410c' : '#d97706';
  return c.findings > 0 ? '#4c6272' : '#2e7d32';
}

export function ChildExposure({ org }: { org: string }) {
  const summary = useExposureSummary(org);
  const navigate = useNavigate();
  const children = summary.data?.children;
  const option = useMemo(
    () => ({
      tooltip: {
        formatter: (p: { data: OrgRef & ExposureCounts }) =>
          `${p.data.name} (${p.data.code}): ${fmt(p.data.act)} Act, ${fmt(p.data.kevOverdue)} known-exploited past due, ${fmt(p.data.findings)} open findings`,
      },
      series: [
        {
          type: 'treemap',
          roam: false,
          nodeClick: false,
          breadcrumb: { show: false },
          label: { show: true, formatter: '{b}', color: '#fff', fontSize: 12 },
          itemStyle: { borderColor: '#fff', borderWidth: 2, gapWidth: 2 },
          data: (children ?? []).map((c) => ({
            ...c,
            value: c.findings + 1,
            itemStyle: { color: colourOf(c) },
          })),
        },
      ],
    }),
    [children],
  );
  const state = queryState(summary, 'exposure');
  if (state) return state;
  const s = summary.data;
  if (!s) return null;
  return (
    <section aria-labelledby="child-exposure">
      <h2 id="child-exposure">Exposure by organisation</h2>
      <p className="muted">
        Size: open findings. Colour: dark red where known-exploited vulnerabilities are past their due date,
        orange where findings need action now, grey or green where neither. Select an organisation to drill
        down.
      </p>
      {s.children.length > 0 && (
        <Chart
          option={option}
          label={`Tree-map of open findings in the ${s.children.length} organisations under ${s.org.name}`}
          height={320}
          onClick={(c) => navigate(`/orgs/${(c.data as OrgRef).code}`)}
        />
      )}
      <div className="table-wrap">
        <table id="children-table">
          <caption>Open findings by organisation under {s.org.name}</caption>
          <thead>
            <tr>
              <th scope="col">Organisation</th>
              <th scope="col">Kind</th>
              <th scope="col" className="num">
                Act now
              </th>
              <th scope="col" className="num">
                Known-exploited past due
              </th>
              <th scope="col" className="num">
                Open findings
              </th>
              <th
                scope="col"
                className="num"
                title="Open findings on products external scans see on the organisations' internet addresses"
              >
                Seen from outside
              </th>
              <th scope="col" className="num" title="Devices with an open finding, each counted once">
                Devices exposed
              </th>
              <th scope="col" className="num" title="Devices exposed, counted once per finding">
                Device exposures
              </th>
            </tr>
          </thead>
          <tbody>
            {s.children.map((c) => (
              <tr key={c.code} data-org={c.code}>
                <th scope="row">
                  <Link to={`/orgs/${c.code}`}>{c.name}</Link> <span className="code">{c.code}</span>
                </th>
                <td>{KIND_LABEL[c.kind] ?? c.kind}</td>
                <td className="num" data-field="act">
                  {fmt(c.act)}
                </td>
                <td className="num" data-field="kevOverdue">
                  {fmt(c.kevOverdue)}
                </td>
                <td className="num" data-field="findings">
                  {fmt(c.findings)}
                </td>
                <td className="num" data-field="seenFromOutside">
                  {fmt(c.seenFromOutside.findings)}
                </td>
                <td className="num" data-field="devicesExposed">
                  {fmt(c.devicesExposed)}
                </td>
                <td className="num" data-field="assets">
                  {fmt(c.assets)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
