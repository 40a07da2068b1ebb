/**
 * A worm scenario's results: what was run, the federation-wide time course with its 5–95 % bands
 * and the levers ranked (national scope), and the organisations in the caller's scope by their
 * chance of infection. Shows the latest run unless one is chosen.
 */
import { Link, useNavigate, useParams } from 'react-router';
import { useWormRun, useWormRuns } from '../api/queries';
import { dateTime, fmt, pct } from '../components/format';
import { queryState } from '../components/Status';
import { LeversRanked } from '../components/sim/LeversRanked';
import { OrgsAtRisk } from '../components/sim/OrgsAtRisk';
import { TimeCourse } from '../components/sim/TimeCourse';

export default function SimulationPage() {
  const navigate = useNavigate();
  const runs = useWormRuns();
  const id = useParams().id ?? runs.data?.items[0]?.id;
  const run = useWormRun(id);
  const listState = queryState(runs, 'simulation runs');
  if (listState) return listState;
  if (!id)
    return (
      <>
        <h1>Worm simulation</h1>
        <p>
          No simulation has been run yet. Start one with <code>ward sim worm</code> or{' '}
          <code>POST /api/v1/sim/worm</code>.
        </p>
      </>
    );
  const state = queryState(run, 'the simulation run');
  const r = run.data;
  return (
    <>
      <h1>Worm simulation</h1>
      <label className="inline">
        Run{' '}
        <select value={id} onChange={(e) => navigate(`/simulation/${e.target.value}`)}>
          {(runs.data?.items ?? []).map((x) => (
            <option key={x.id} value={x.id}>
              {x.profile}, {fmt(x.runs)} runs, {dateTime(x.createdAt)}
            </option>
          ))}
        </select>
      </label>
      {state ??
        (r && (
          <>
            <p id="provenance">
              Worm <strong>{r.provenance.profile}</strong> (version {r.provenance.profileVersion}) from{' '}
              {r.provenance.seeds.join(', ')}, {fmt(r.provenance.runs)} runs over {r.provenance.horizonHours}{' '}
              hours (seed {r.provenance.seed}
              {r.provenance.levers.length > 0 ? `, levers ${r.provenance.levers.join(', ')}` : ''}), on{' '}
              {fmt(r.federation.orgs)} organisations, {fmt(r.federation.zones)} zones and{' '}
              {fmt(r.federation.devices)} devices. {pct(r.priorShare)} of infected devices are in zones known
              only from priors.
            </p>
            {r.national ? (
              <dl className="stats" id="sim-stats">
                <div>
                  <dt>Organisations infected (median)</dt>
                  <dd data-field="orgs">{fmt(r.national.infectedOrgsTotal.median)}</dd>
                </div>
                <div>
                  <dt>Worst case: organisations reachable</dt>
                  <dd data-field="worst-orgs">{fmt(r.national.worstCase.orgs)}</dd>
                </div>
                <div>
                  <dt>Diagnostic devices hit (median)</dt>
                  <dd>{fmt(r.national.devicesHitBySafety.diagnostic.median)}</dd>
                </div>
                <div>
                  <dt>Last new infection (hour, median)</dt>
                  <dd>{fmt(r.national.lastInfectionHour.median)}</dd>
                </div>
              </dl>
            ) : (
              <p className="muted" id="national-note">
                Federation-wide figures are shown to national roles only; below are the organisations in your
                scope.
              </p>
            )}
            <div className="grid">
              {r.national && <TimeCourse national={r.national} />}
              <OrgsAtRisk orgs={r.orgs} />
              {r.national?.levers && <LeversRanked levers={r.national.levers} />}
            </div>
            <p>
              <Link to="/simulation">Latest run</Link>
            </p>
          </>
        ))}
    </>
  );
}
