/**
 * Adding one indicator for an organisation the person may write for: value (defanged forms are
 * read), marking, and the audience the marking takes (organisations and groups for AMBER, people for
 * RED). Ward's answer is shown: warnings, other reports of the same value, organisations flagged.
 */
import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/client';
import { useAddIndicators } from '../../api/queries';
import { TLP_ORDER } from './TlpBadge';

const list = (text: string) => text.split(/[\s,;]+/).filter(Boolean);

export function AddIndicatorForm({ org }: { org: string | null }) {
  const add = useAddIndicators();
  const [form, setForm] = useState({
    org: org ?? '',
    value: '',
    tlp: 'GREEN',
    share: '',
    groups: '',
    people: '',
    description: '',
  });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate({
      org: form.org,
      indicators: [
        {
          value: form.value,
          tlp: form.tlp,
          description: form.description || undefined,
          shareWith: form.tlp === 'AMBER' ? list(form.share) : undefined,
          groups: form.tlp === 'AMBER' ? list(form.groups) : undefined,
          people: form.tlp === 'RED' ? list(form.people) : undefined,
        },
      ],
    });
  };
  const added = add.data?.items[0];
  return (
    <section aria-labelledby="add-indicator">
      <h2 id="add-indicator">Add an indicator</h2>
      <form onSubmit={submit} className="stack" id="add-indicator-form">
        <label>
          Organisation (ODS code)
          <input value={form.org} onChange={set('org')} required />
        </label>
        <label>
          Value (address, range, domain, URL, e-mail address or file hash; hxxp and [.] are read)
          <input value={form.value} onChange={set('value')} required />
        </label>
        <label>
          Marking
          <select value={form.tlp} onChange={set('tlp')}>
            {TLP_ORDER.map((t) => (
              <option key={t} value={t}>
                TLP:{t}
              </option>
            ))}
          </select>
        </label>
        {form.tlp === 'AMBER' && (
          <>
            <label>
              Share with organisations (CODE, or under:CODE for it and everything under it)
              <input value={form.share} onChange={set('share')} />
            </label>
            <label>
              Share with sharing groups (names, comma-separated)
              <input value={form.groups} onChange={set('groups')} />
            </label>
          </>
        )}
        {form.tlp === 'RED' && (
          <label>
            Share with people (usernames; you are always included)
            <input value={form.people} onChange={set('people')} />
          </label>
        )}
        <label>
          What it is and where it was seen
          <input value={form.description} onChange={set('description')} />
        </label>
        {add.error && (
          <p className="error" role="alert">
            {add.error instanceof ApiError
              ? (add.error.problem.problems?.map((p) => p.reason).join('; ') ?? add.error.problem.detail)
              : add.error.message}
          </p>
        )}
        <button type="submit" className="primary" disabled={add.isPending}>
          Add indicator
        </button>
      </form>
      {added && (
        <div role="status" id="indicator-added">
          <p>
            {added.created ? 'Added' : 'Updated'} {added.type} {added.value} as TLP:{added.tlp}.
          </p>
          {added.warnings.map((w) => (
            <p key={w.id} className="error">
              Warning: {w.name}. {w.why}
            </p>
          ))}
          {added.alsoReportedBy.length > 0 && (
            <p>
              Also reported by {added.alsoReportedBy.map((r) => `${r.producer} (TLP:${r.tlp})`).join(', ')}.
            </p>
          )}
          {added.flagged.map((f) => (
            <p key={`${f.org}-${f.detail}`}>
              Flagged to {f.org}: it names their {f.kind} {f.detail}.
            </p>
          ))}
        </div>
      )}
    </section>
  );
}
