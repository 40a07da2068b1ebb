/**
 * "Public addresses": the IP ranges and domains an organisation (and those under it) registers, by
 * which addresses seen from outside are attributed to it; for its administrators, an upload of the
 * addresses CSV with every problem listed by line when the file is refused.
 */
import { type FormEvent, useState } from 'react';
import type { ApiError } from '../../api/client';
import { useAddresses, useImportAddresses, useSession } from '../../api/queries';
import type { OrgDetails, Session } from '../../api/types';
import { date, fmt } from '../format';
import { Pager, useCursor } from '../Pager';
import { queryState } from '../Status';

/** May register addresses here: a national administrator, or an administrator of it or an organisation above it. */
function mayRegister(s: Session | undefined, d: OrgDetails): boolean {
  const line = new Set([d.organisation.code, ...d.ancestors.map((a) => a.code)]);
  return !!s?.memberships.some(
    (m) => m.role === 'national_admin' || (m.role === 'org_admin' && line.has(m.org)),
  );
}

export function PublicAddresses({ details }: { details: OrgDetails }) {
  const code = details.organisation.code;
  const session = useSession();
  const pager = useCursor(code);
  const addresses = useAddresses({ org: code, limit: 50, cursor: pager.cursor });
  const state = queryState(addresses, 'public addresses');
  return (
    <section aria-labelledby="public-addresses">
      <h2 id="public-addresses">Public addresses</h2>
      <p className="muted">
        The internet-facing IP ranges and domains registered for {details.organisation.name}
        {details.organisation.kind === 'gp_practice' ? '' : ' and the organisations under it'}. An address
        seen by an outside scan belongs to the organisation with the most specific range holding it.
      </p>
      {state ?? (
        <div className="table-wrap">
          <table id="addresses-table">
            <caption>Registered ranges and domains</caption>
            <thead>
              <tr>
                <th scope="col">Organisation</th>
                <th scope="col">Kind</th>
                <th scope="col">Range or domain</th>
                <th scope="col">Registered</th>
              </tr>
            </thead>
            <tbody>
              {addresses.data?.items.map((a) => (
                <tr key={`${a.org}:${a.kind}:${a.value}`}>
                  <td>{a.org}</td>
                  <td>{a.kind}</td>
                  <td>
                    <code>{a.value}</code>
                  </td>
                  <td>{date(a.registeredAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {addresses.data?.items.length === 0 && <p>No public addresses registered.</p>}
          <Pager label="Public addresses" cursor={pager} nextCursor={addresses.data?.nextCursor} />
        </div>
      )}
      {mayRegister(session.data, details) && <AddressUpload />}
    </section>
  );
}

function AddressUpload() {
  const upload = useImportAddresses();
  const [file, setFile] = useState<File | null>(null);
  const [add, setAdd] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (file) upload.mutate({ text: await file.text(), add });
  };
  const error = upload.error as ApiError | null;
  const result = upload.data;
  return (
    <form onSubmit={submit} className="stack" aria-label="Register public addresses">
      <h3>Register addresses</h3>
      <p className="muted">
        A CSV file with the header <code>org_code,kind,value</code>: kind <code>range</code> (an IPv4 or IPv6
        range such as 192.0.2.0/24, or one address) or <code>domain</code>. For each organisation it names,
        the file is its whole list unless you only add. If any line is wrong, nothing is registered.
      </p>
      <label>
        Addresses file
        <input
          type="file"
          accept=".csv,text/csv"
          required
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </label>
      <label className="check">
        <input type="checkbox" checked={add} onChange={(e) => setAdd(e.target.checked)} />
        Only add (keep registrations the file does not list)
      </label>
      <button type="submit" className="primary" disabled={!file || upload.isPending}>
        Upload
      </button>
      <div aria-live="polite">
        {result && (
          <p className="ok" id="addresses-result">
            {fmt(result.rows)} registrations for {fmt(result.organisations)} organisations:{' '}
            {fmt(result.added)} added, {fmt(result.removed)} removed, {fmt(result.unchanged)} unchanged.
          </p>
        )}
      </div>
      {error && (
        <div className="error-box" role="alert">
          <p>Nothing was registered: {error.problem.detail}</p>
          {error.problem.problems && error.problem.problems.length > 0 && (
            <table id="address-problems">
              <caption>Problems by line</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Line
                  </th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {error.problem.problems.map((p) => (
                  <tr key={`${p.line}:${p.reason}`}>
                    <td className="num">{p.line}</td>
                    <td>{p.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </form>
  );
}
