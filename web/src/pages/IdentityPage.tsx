/**
 * Product identity: inventory products Ward thinks an advisory names in its own words. Until a
 * national analyst confirms one it is only a possible match (never a finding); confirmed, the
 * advisory's findings follow everywhere; rejected, it is not proposed again.
 */
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import { useDecideAlias, useProposals, useSession } from '../api/queries';
import type { ProductAlias } from '../api/types';
import { date, fmt } from '../components/format';
import { Pager, useCursor } from '../components/Pager';
import { isNational } from '../components/roles';
import { queryState } from '../components/Status';

const STATUS_LABEL: Record<ProductAlias['status'], string> = {
  proposed: 'Possible',
  confirmed: 'Confirmed',
  rejected: 'Rejected',
};

function Evidence({ p }: { p: ProductAlias }) {
  const e = p.evidence;
  return (
    <ul>
      <li>
        Same company: “{e.vendor.inventory}” and “{e.vendor.advisory}” are both{' '}
        <strong>{e.vendor.sharedName}</strong>
      </li>
      <li>
        Model words found in “{e.advisoryProduct}”: <strong>{e.tokens.join(' ')}</strong>
      </li>
      {e.versions.map((v) => (
        <li key={v.version}>
          Version <strong>{v.version || '(not given)'}</strong>{' '}
          {v.verdict === 'match' ? 'is named by' : 'is unknown; assumed for'} {v.advisories.join(', ')}
        </li>
      ))}
    </ul>
  );
}

type Decision = ReturnType<typeof useDecideAlias>;

function Decide({ p, decide }: { p: ProductAlias; decide: Decision }) {
  const [note, setNote] = useState('');
  const submit = (decision: 'confirm' | 'reject') => (e: FormEvent) => {
    e.preventDefault();
    decide.mutate({ id: p.id, decision, note: note.trim() });
  };
  return (
    <form className="stack" onSubmit={submit('confirm')} aria-label={`Decide proposal ${p.id}`}>
      <label>
        Note (a reason is required to reject)
        <input value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
      </label>
      <div>
        {p.status !== 'confirmed' && (
          <button type="submit" className="primary" disabled={decide.isPending}>
            Confirm: same product
          </button>
        )}{' '}
        {p.status !== 'rejected' && (
          <button type="button" disabled={decide.isPending || !note.trim()} onClick={submit('reject')}>
            Reject
          </button>
        )}
      </div>
    </form>
  );
}

export default function IdentityPage() {
  const session = useSession();
  const national = isNational(session.data);
  const [status, setStatus] = useState('proposed');
  const pager = useCursor(status);
  const proposals = useProposals({ status: status || undefined, limit: 20, cursor: pager.cursor });
  const state = queryState(proposals, 'product identity proposals');
  const decide = useDecideAlias();
  const done = decide.data;
  return (
    <>
      <h1>Product identity</h1>
      <p>
        Advisories name devices in their own words; inventories in theirs. Ward proposes where an inventory
        product is one an advisory names. A proposal is a <strong>possible</strong> match, never counted as a
        finding, until a national analyst confirms it; then the advisory applies to that product everywhere.
      </p>
      <label>
        Show{' '}
        <select value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="proposed">possible matches awaiting review</option>
          <option value="confirmed">confirmed</option>
          <option value="rejected">rejected</option>
          <option value="">all</option>
        </select>
      </label>
      {done && (
        <p className="notice">
          {done.alias.status === 'confirmed'
            ? `Confirmed ${done.alias.inventory.vendor} / ${done.alias.inventory.product}: ${fmt(done.findingsOpened)} findings opened.`
            : `Rejected ${done.alias.inventory.vendor} / ${done.alias.inventory.product}: ${fmt(done.findingsRemoved)} findings removed.`}
        </p>
      )}
      {decide.error && (
        <p className="error" role="alert">
          {decide.error instanceof ApiError ? decide.error.problem.detail : decide.error.message}
        </p>
      )}
      {state ?? (
        <div className="table-wrap">
          <table id="proposals-table">
            <caption>
              {national ? 'Proposals across the federation' : 'Proposals touching your devices'}
            </caption>
            <thead>
              <tr>
                <th scope="col">Inventory product</th>
                <th scope="col">Advisory product</th>
                <th scope="col">Evidence</th>
                <th scope="col" className="num">
                  Devices
                </th>
                <th scope="col">Status</th>
                {national && <th scope="col">Decision</th>}
              </tr>
            </thead>
            <tbody>
              {proposals.data?.items.map((p) => (
                <tr key={p.id} data-proposal={p.id}>
                  <th scope="row">
                    {p.inventory.vendor} / {p.inventory.product}
                  </th>
                  <td>
                    {p.advisory.vendor} / {p.advisory.product}
                    <br />
                    {p.cves.map((cve) => (
                      <span key={cve}>
                        <Link to={`/cves/${cve}`}>{cve}</Link>{' '}
                      </span>
                    ))}
                  </td>
                  <td>
                    <Evidence p={p} />
                  </td>
                  <td className="num">
                    {fmt(p.devices)} in {fmt(p.organisations)} org.
                  </td>
                  <td>
                    {STATUS_LABEL[p.status]}
                    {p.decidedAt && ` ${date(p.decidedAt)} by ${p.decidedBy}`}
                    {p.reason && `: ${p.reason}`}
                  </td>
                  {national && (
                    <td>
                      <Decide p={p} decide={decide} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          {proposals.data?.items.length === 0 && <p>No proposals.</p>}
          <Pager label="Proposals" cursor={pager} nextCursor={proposals.data?.nextCursor} />
        </div>
      )}
    </>
  );
}
