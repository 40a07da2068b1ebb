/**
 * "Your blast radius" on an organisation's page: from the latest worm run, its chance of infection,
 * the devices the worm would hit there, the paths by which it gets in, and the shared services whose
 * providers' fall would disrupt it.
 */
import { Link } from 'react-router';
import { useWormRun, useWormRuns } from '../../api/queries';
import { pct } from '../format';
import { pFinal } from './OrgsAtRisk';

export function BlastRadius({ org }: { org: string }) {
  const runs = useWormRuns();
  const latest = runs.data?.items[0];
  const run = useWormRun(latest?.id);
  if (!latest || !run.data) return null;
  const mine = run.data.orgs.find((o) => o.code === org);
  return (
    <section aria-labelledby="blast-radius" className="wide">
      <h2 id="blast-radius">Your blast radius</h2>
      <p className="muted">
        From the latest worm simulation ({run.data.provenance.profile}, {run.data.provenance.runs} runs from{' '}
        {run.data.provenance.seeds.join(', ')}).{' '}
        <Link to={`/simulation/${latest.id}`}>The whole scenario</Link>
      </p>
      {!mine ? (
        <p id="blast-none">The worm does not reach {org} in this scenario.</p>
      ) : (
        <>
          <dl className="stats" id="blast-stats">
            <div className={pFinal(mine) >= 0.2 ? 'alarm' : ''}>
              <dt>Chance of infection within {run.data.provenance.horizonHours} hours</dt>
              <dd data-field="p">{pct(pFinal(mine))}</dd>
            </div>
            <div>
              <dt>Devices at risk (hit on average)</dt>
              <dd data-field="devices">{mine.expectedDevices.toFixed(1)}</dd>
            </div>
            <div>
              <dt>First infected (hour, on average)</dt>
              <dd>{mine.expectedFirstHour === null ? '—' : mine.expectedFirstHour.toFixed(1)}</dd>
            </div>
            <div>
              <dt>Most likely way in</dt>
              <dd data-field="entry">{mine.likelyEntry}</dd>
            </div>
          </dl>
          {mine.disruptedBy.length > 0 && (
            <>
              <h3>Disrupted through shared services</h3>
              <p>
                Chance {org} loses a service it relies on without being infected itself:{' '}
                <span id="disrupted-p">{pct(mine.pDisrupted)}</span>
              </p>
              <ul id="disrupted-by">
                {mine.disruptedBy.map((d) => (
                  <li key={`${d.provider}/${d.service}`}>
                    {d.service} of {d.provider} falls: {pct(d.p)}, around hour {d.expectedHour.toFixed(1)}
                  </li>
                ))}
              </ul>
            </>
          )}
          <h3>Entry path in the worst case</h3>
          {mine.worstCasePath.length === 0 ? (
            <p>None: the worm cannot reach {org} in the worst case.</p>
          ) : (
            <ol id="entry-path">
              {mine.worstCasePath.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
          )}
          <p>
            <Link to={`/orgs/${org}/work`}>
              The devices carrying the worm’s vulnerabilities, in the worklist
            </Link>
          </p>
        </>
      )}
    </section>
  );
}
