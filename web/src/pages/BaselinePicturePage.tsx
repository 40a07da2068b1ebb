/**
 * The baseline across a subtree (an ICB, a region or the nation): submission status against the
 * national deadline, the weakest outcomes, the organisations furthest from profile, and the
 * outcome × child organisation heat-map with drill-down.
 */
import { Link, useParams, useSearchParams } from 'react-router';
import { useBaselineSummary, useOrganisation } from '../api/queries';
import { HeatMap } from '../components/baseline/HeatMap';
import { ASSESSMENT_STATE_LABEL } from '../components/baseline/labels';
import { date, fmt, KIND_LABEL } from '../components/format';
import { OrgHeader } from '../components/org/OrgHeader';
import { queryState } from '../components/Status';

export default function BaselinePicturePage() {
  const code = (useParams().code ?? '').toUpperCase();
  const [search] = useSearchParams();
  const year = search.get('year') ? Number(search.get('year')) : undefined;
  const org = useOrganisation(code);
  const summary = useBaselineSummary(code, year);
  const state = queryState(org, `Organisation ${code}`) ?? queryState(summary, `The baseline under ${code}`);
  if (state) return state;
  const s = summary.data;
  if (!org.data || !s) return null;
  return (
    <>
      <OrgHeader details={org.data} section={`Baseline picture ${s.year}`} />
      <section aria-labelledby="submission">
        <h2 id="submission">Submission against the deadline of {date(s.deadline)}</h2>
        <p className="muted">{fmt(s.organisations)} organisations are expected to assess.</p>
        <dl className="stats" id="submission-stats">
          {Object.entries(s.submission).map(([k, n]) => (
            <div key={k} className={k === 'overdue' && n > 0 ? 'alarm' : ''}>
              <dt>{ASSESSMENT_STATE_LABEL[k] ?? k}</dt>
              <dd data-field={k}>{fmt(n)}</dd>
            </div>
          ))}
        </dl>
      </section>
      <HeatMap summary={s} />
      <div className="grid">
        <section aria-labelledby="weakest">
          <h2 id="weakest">Weakest outcomes</h2>
          <table>
            <caption>Outcomes with the largest share of organisations below profile</caption>
            <thead>
              <tr>
                <th scope="col">Outcome</th>
                <th scope="col" className="num">
                  Below profile
                </th>
              </tr>
            </thead>
            <tbody>
              {s.weakest.map((w) => (
                <tr key={w.outcomeId}>
                  <th scope="row">
                    <span className="code">{w.outcomeId}</span> {w.title}
                  </th>
                  <td className="num">{Math.round(w.shareBelow)}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section aria-labelledby="furthest">
          <h2 id="furthest">Furthest from profile</h2>
          <table>
            <caption>Organisations with the most levels below profile</caption>
            <thead>
              <tr>
                <th scope="col">Organisation</th>
                <th scope="col">State</th>
                <th scope="col" className="num">
                  Outcomes below
                </th>
              </tr>
            </thead>
            <tbody>
              {s.furthest.map((f) => (
                <tr key={f.code}>
                  <th scope="row">
                    <Link to={`/orgs/${f.code}/baseline`}>{f.name}</Link>{' '}
                    <span className="muted">{KIND_LABEL[f.kind] ?? f.kind}</span>
                  </th>
                  <td>{ASSESSMENT_STATE_LABEL[f.state] ?? f.state}</td>
                  <td className="num">{f.outcomesBelow}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </>
  );
}
