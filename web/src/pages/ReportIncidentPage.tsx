/**
 * Report an incident: a short form a practice manager can fill in without security words — what
 * happened, what kind of thing it was, when, which of the organisation's computers and devices are
 * affected, the effect on patients, whether personal data is involved, what was seen (a sender's
 * address, a web address) and what help is wanted.
 */
import { type FormEvent, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useAssets, useReportIncident, useSession } from '../api/queries';
import { CATEGORY_LABEL } from '../components/incident/labels';
import { Problems } from '../components/incident/Problems';
import { homeOrg } from '../components/roles';

/** `datetime-local` value (local time) → ISO 8601. */
const toIso = (local: string) => (local ? new Date(local).toISOString() : '');

function AssetPicker({
  org,
  chosen,
  toggle,
}: {
  org: string;
  chosen: Set<string>;
  toggle: (id: string) => void;
}) {
  const assets = useAssets({ org, limit: 500 });
  const items = assets.data?.items ?? [];
  if (!org || assets.isError) return null;
  if (assets.isPending) return <p className="muted">Loading {org}'s computers and devices…</p>;
  if (items.length === 0)
    return <p className="muted">Ward has no inventory for {org} yet: describe what is affected above.</p>;
  return (
    <fieldset>
      <legend>Which of your computers and devices are affected? (tick any you know)</legend>
      <ul className="plain">
        {items.map((a) => (
          <li key={a.id}>
            <label className="check">
              <input
                type="checkbox"
                checked={chosen.has(String(a.id))}
                onChange={() => toggle(String(a.id))}
              />{' '}
              {a.hostname ?? a.assetId}{' '}
              <span className="muted">
                ({a.type}
                {a.model ? `, ${a.model}` : ''})
              </span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

export default function ReportIncidentPage() {
  const [params] = useSearchParams();
  const session = useSession();
  const navigate = useNavigate();
  const report = useReportIncident();
  const [org, setOrg] = useState((params.get('org') ?? homeOrg(session.data) ?? '').toUpperCase());
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [category, setCategory] = useState('');
  const [started, setStarted] = useState('');
  const [detected, setDetected] = useState('');
  const [assets, setAssets] = useState<Set<string>>(new Set());
  const [impact, setImpact] = useState({ delayed: '', cancelled: '', diverted: '' });
  const [personalData, setPersonalData] = useState('');
  const [indicators, setIndicators] = useState('');
  const [help, setHelp] = useState('');
  const toggle = (id: string) =>
    setAssets((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const count = (v: string) => (v.trim() === '' ? undefined : Number(v));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    report.mutate(
      {
        org,
        title,
        summary,
        category,
        startedAt: toIso(started),
        detectedAt: toIso(detected),
        assets: [...assets],
        patientImpact: {
          delayed: count(impact.delayed),
          cancelled: count(impact.cancelled),
          diverted: count(impact.diverted),
        },
        personalData: personalData === 'yes',
        indicators: indicators
          .split(/\n/)
          .map((v) => v.trim())
          .filter(Boolean)
          .map((value) => ({ value })),
        helpRequested: help,
      },
      { onSuccess: (r) => navigate(`/incidents/${r.reference}`) },
    );
  };
  return (
    <>
      <h1>Report an incident</h1>
      <p>Tell the national security centre what happened. Short answers are fine; you can add more later.</p>
      <form className="stack" onSubmit={submit} aria-label="Report an incident">
        <label>
          Your organisation (its code)
          <input value={org} required maxLength={16} onChange={(e) => setOrg(e.target.value.toUpperCase())} />
        </label>
        <label>
          In a few words, what happened?
          <input value={title} required maxLength={200} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <fieldset>
          <legend>What kind of incident is it?</legend>
          {Object.entries(CATEGORY_LABEL).map(([value, label]) => (
            <label className="check" key={value}>
              <input
                type="radio"
                name="category"
                value={value}
                checked={category === value}
                onChange={() => setCategory(value)}
              />{' '}
              {label}
            </label>
          ))}
        </fieldset>
        <label>
          Describe what happened
          <textarea
            value={summary}
            required
            rows={5}
            maxLength={20000}
            onChange={(e) => setSummary(e.target.value)}
          />
        </label>
        <label>
          When did it start? (your best guess)
          <input
            type="datetime-local"
            value={started}
            required
            onChange={(e) => setStarted(e.target.value)}
          />
        </label>
        <label>
          When did you notice it?
          <input
            type="datetime-local"
            value={detected}
            required
            onChange={(e) => setDetected(e.target.value)}
          />
        </label>
        <AssetPicker org={org} chosen={assets} toggle={toggle} />
        <fieldset>
          <legend>Effect on patients (leave empty if none)</legend>
          <label>
            Appointments or procedures delayed
            <input
              inputMode="numeric"
              value={impact.delayed}
              onChange={(e) => setImpact({ ...impact, delayed: e.target.value })}
            />
          </label>
          <label>
            Appointments or procedures cancelled
            <input
              inputMode="numeric"
              value={impact.cancelled}
              onChange={(e) => setImpact({ ...impact, cancelled: e.target.value })}
            />
          </label>
          <label>
            Patients or ambulances sent elsewhere
            <input
              inputMode="numeric"
              value={impact.diverted}
              onChange={(e) => setImpact({ ...impact, diverted: e.target.value })}
            />
          </label>
        </fieldset>
        <fieldset>
          <legend>Is patients' or staff's personal data involved?</legend>
          {['yes', 'no'].map((v) => (
            <label className="check" key={v}>
              <input
                type="radio"
                name="personal-data"
                value={v}
                checked={personalData === v}
                onChange={() => setPersonalData(v)}
              />{' '}
              {v === 'yes' ? 'Yes, or we think so' : 'No'}
            </label>
          ))}
        </fieldset>
        <label>
          What did you see? One per line: the sender's e-mail address, web addresses, internet addresses, file
          fingerprints
          <textarea value={indicators} rows={4} onChange={(e) => setIndicators(e.target.value)} />
        </label>
        <label>
          What help do you need from the centre?
          <textarea value={help} rows={3} maxLength={5000} onChange={(e) => setHelp(e.target.value)} />
        </label>
        {report.error && <Problems error={report.error} />}
        <div>
          <button type="submit" className="primary" disabled={report.isPending || !category || !personalData}>
            Send the report
          </button>
        </div>
      </form>
    </>
  );
}
