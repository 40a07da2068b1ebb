/**
 * An organisation's baseline self-assessment for a year: outcomes grouped by objective, each with its
 * plain question and Ward's own figures beside it; answered as you go in a draft, reviewed outcome by
 * outcome by the parent's administrators or the national centre, then published.
 */
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { useAssessment, useOrganisation, useSession } from '../api/queries';
import type { Assessment, OrgDetails, OutcomeResult, Session } from '../api/types';
import { AssessmentActions } from '../components/baseline/AssessmentActions';
import { ASSESSMENT_STATE_LABEL, STATUS_LABEL } from '../components/baseline/labels';
import { OutcomeCard } from '../components/baseline/OutcomeCard';
import { date } from '../components/format';
import { OrgHeader } from '../components/org/OrgHeader';
import { isNational } from '../components/roles';
import { ErrorNote, queryState } from '../components/Status';

const EDITORS = new Set(['responder', 'org_admin', 'national_analyst', 'national_admin']);

/** May answer for this organisation: a writing role on it or on an organisation above it. */
function mayAnswer(s: Session | undefined, d: OrgDetails): boolean {
  const line = new Set([d.organisation.code, ...d.ancestors.map((a) => a.code)]);
  return !!s?.memberships.some((m) => EDITORS.has(m.role) && line.has(m.org));
}

/** May review: a national role, or an administrator of the parent organisation. */
function mayReview(s: Session | undefined, d: OrgDetails): boolean {
  const parent = d.ancestors.at(-1)?.code;
  return isNational(s) || !!s?.memberships.some((m) => m.role === 'org_admin' && m.org === parent);
}

function byObjective(outcomes: OutcomeResult[]) {
  const groups = new Map<string, { title: string; outcomes: OutcomeResult[] }>();
  for (const o of outcomes) {
    const g = groups.get(o.objective.id) ?? { title: o.objective.title, outcomes: [] };
    g.outcomes.push(o);
    groups.set(o.objective.id, g);
  }
  return [...groups].map(([id, g]) => ({ id, ...g }));
}

function Standing({ a }: { a: Assessment }) {
  const below = a.outcomes.filter((o) => o.level !== null && o.standing !== 'meets').length;
  return (
    <dl className="stats">
      <div>
        <dt>State</dt>
        <dd data-field="state">{ASSESSMENT_STATE_LABEL[a.state] ?? a.state}</dd>
      </div>
      <div className={a.status === 'met' ? '' : 'alarm'}>
        <dt>Overall</dt>
        <dd data-field="status">{STATUS_LABEL[a.status] ?? a.status}</dd>
      </div>
      <div className={below ? 'alarm' : ''}>
        <dt>Outcomes below profile</dt>
        <dd data-field="below">{below}</dd>
      </div>
      <div>
        <dt>Outcomes answered</dt>
        <dd>
          {a.outcomes.filter((o) => o.level !== null).length} of {a.outcomes.length}
        </dd>
      </div>
    </dl>
  );
}

export default function BaselinePage() {
  const code = (useParams().code ?? '').toUpperCase();
  const [search] = useSearchParams();
  const year = search.get('year') ? Number(search.get('year')) : undefined;
  const session = useSession();
  const org = useOrganisation(code);
  const assessment = useAssessment(code, year);
  const orgState = queryState(org, `Organisation ${code}`);
  if (orgState) return orgState;
  if (org.data && assessment.error instanceof ApiError && assessment.error.status === 404)
    return (
      <>
        <OrgHeader details={org.data} section="Baseline" />
        <ErrorNote error={assessment.error} />
      </>
    );
  const state = queryState(assessment, `The baseline of ${code}`);
  if (state) return state;
  const details = org.data;
  const a = assessment.data;
  if (!details || !a) return null;
  const answer = mayAnswer(session.data, details);
  const mode =
    (a.state === 'draft' || a.state === 'not_started') && answer
      ? 'answer'
      : a.state === 'submitted' && mayReview(session.data, details)
        ? 'review'
        : 'read';
  return (
    <>
      <OrgHeader details={details} section={`Baseline ${a.year}`} />
      <p className="muted">
        {a.framework}. {a.statusRule}
        {a.submittedAt && ` Submitted ${date(a.submittedAt)} by ${a.submittedBy}.`}
        {a.reviewedAt && ` Reviewed ${date(a.reviewedAt)} by ${a.reviewedBy}.`}
        {a.publishedAt && ` Published ${date(a.publishedAt)} by ${a.publishedBy}.`}
      </p>
      <p>
        <Link to={`/orgs/${code}/baseline/picture${year ? `?year=${year}` : ''}`}>
          The baseline picture under {details.organisation.name}
        </Link>
      </p>
      <Standing a={a} />
      {mode === 'answer' && (
        <p className="muted">
          Each answer is saved as you give it. Outcomes below profile are marked in red.
        </p>
      )}
      {byObjective(a.outcomes).map((g) => (
        <section key={g.id} aria-labelledby={`objective-${g.id}`}>
          <h2 id={`objective-${g.id}`}>
            {g.id}. {g.title}
          </h2>
          {g.outcomes.map((o) => (
            <OutcomeCard key={o.id} code={code} year={a.year} outcome={o} mode={mode} />
          ))}
        </section>
      ))}
      <AssessmentActions a={a} canWrite={answer} />
    </>
  );
}
