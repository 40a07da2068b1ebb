/**
 * The outcome × child organisation heat-map: per cell, the share of the child's organisations that
 * meet their profile on that outcome (of those that have started an assessment). Clicking a cell or
 * a name drills down. The same numbers are in the table under it.
 */
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import type { BaselineSummary } from '../../api/types';
import { Chart } from '../charts/Chart';
import { FEDERATION_KINDS } from '../format';

type Child = BaselineSummary['children'][number];
type Counts = Child['outcomes'][number];

const answered = (c: Counts | undefined) => (c ? c.meets + c.oneShort + c.misses : 0);
/** Percent meeting profile, or null where no organisation has started. */
const shareMeets = (c: Counts | undefined) =>
  c && answered(c) > 0 ? Math.round((100 * c.meets) / answered(c)) : null;

export const drillTo = (c: { code: string; kind: string }) =>
  FEDERATION_KINDS.has(c.kind) ? `/orgs/${c.code}/baseline/picture` : `/orgs/${c.code}/baseline`;

/** The ECharts option: x the child organisations, y the outcomes, colour the share meeting profile. */
function heatMapOption(s: BaselineSummary, outcomes: string[], cell: Map<string, Counts>) {
  return {
    tooltip: {
      formatter: (p: { data: [number, number, number | string] }) => {
        const child = s.children[p.data[0]];
        const outcome = outcomes[p.data[1]];
        const c = cell.get(`${child?.code}|${outcome}`);
        return c && answered(c)
          ? `${child?.name}, ${outcome}: ${c.meets} meet, ${c.oneShort} one level short, ${c.misses} miss`
          : `${child?.name}, ${outcome}: no assessment started`;
      },
    },
    grid: { left: 60, right: 20, top: 10, bottom: 110 },
    xAxis: {
      type: 'category',
      data: s.children.map((c) => c.name),
      axisLabel: { rotate: 50, fontSize: 10, interval: 0 },
    },
    yAxis: { type: 'category', data: outcomes, axisLabel: { fontSize: 10, interval: 0 }, inverse: true },
    visualMap: {
      min: 0,
      max: 100,
      show: false,
      inRange: { color: ['#b3261e', '#d97706', '#2e7d32'] },
    },
    series: [
      {
        type: 'heatmap',
        data: s.children.flatMap((c, x) =>
          outcomes.map((o, y) => [x, y, shareMeets(cell.get(`${c.code}|${o}`)) ?? '-']),
        ),
        itemStyle: { borderColor: '#fff', borderWidth: 1 },
      },
    ],
  };
}

export function HeatMap({ summary: s }: { summary: BaselineSummary }) {
  return (
    <section aria-labelledby="heat-map">
      <h2 id="heat-map">Outcomes by organisation</h2>
      {s.children.every((c) => c.outcomes.every((o) => answered(o) === 0)) ? (
        <p className="muted" id="heat-empty">
          No organisation under {s.org.name} has started its {s.year} assessment yet.
        </p>
      ) : (
        <HeatMapBody summary={s} />
      )}
    </section>
  );
}

function HeatMapBody({ summary: s }: { summary: BaselineSummary }) {
  const navigate = useNavigate();
  const outcomes = useMemo(() => s.outcomes.map((o) => o.outcomeId), [s]);
  const cell = useMemo(() => {
    const m = new Map<string, Counts>();
    for (const c of s.children) for (const o of c.outcomes) m.set(`${c.code}|${o.outcomeId}`, o);
    return m;
  }, [s]);
  const option = useMemo(() => heatMapOption(s, outcomes, cell), [s, outcomes, cell]);
  return (
    <>
      <p className="muted">
        Each cell: the share of the organisation's assessments that meet their profile on that outcome — green
        all, amber some, red none; blank where none has started. Select a column or a name to drill down.
      </p>
      <Chart
        option={option}
        label={`Heat-map of ${outcomes.length} outcomes by the ${s.children.length} organisations under ${s.org.name}`}
        height={Math.max(320, outcomes.length * 16 + 130)}
        onClick={(c) => {
          const child = s.children[(c.data as [number])[0]];
          if (child) navigate(drillTo(child));
        }}
      />
      <div className="table-wrap">
        <table id="heat-table">
          <caption>
            Organisations meeting their profile, per outcome and organisation under {s.org.name}
          </caption>
          <thead>
            <tr>
              <th scope="col">Outcome</th>
              {s.children.map((c) => (
                <th scope="col" key={c.code}>
                  <Link to={drillTo(c)}>{c.name}</Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {outcomes.map((o) => (
              <tr key={o} data-outcome={o}>
                <th scope="row">{o}</th>
                {s.children.map((c) => {
                  const k = cell.get(`${c.code}|${o}`);
                  return (
                    <td
                      key={c.code}
                      className="num"
                      data-org={c.code}
                      data-meets={k?.meets ?? 0}
                      data-one-short={k?.oneShort ?? 0}
                      data-misses={k?.misses ?? 0}
                    >
                      {answered(k) ? `${k?.meets} of ${answered(k)}` : '—'}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
