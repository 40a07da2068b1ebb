/** Exceptions: findings accepted for a while, with the controls that protect meanwhile and the expiry. */
import { useState } from 'react';
import { Link } from 'react-router';
import { useExceptions } from '../../api/queries';
import { date } from '../format';
import { Pager, useCursor } from '../Pager';
import { queryState } from '../Status';

export function ExceptionsTable({ org }: { org: string }) {
  const [active, setActive] = useState(true);
  const pager = useCursor(`${org}:${active}`);
  const exceptions = useExceptions({ org, active: active || undefined, limit: 25, cursor: pager.cursor });
  const state = queryState(exceptions, 'exceptions');
  return (
    <section aria-labelledby="exceptions">
      <h2 id="exceptions">Exceptions</h2>
      <label className="check">
        <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
        Only those still in force
      </label>
      {state ?? (
        <div className="table-wrap">
          <table id="exceptions-table">
            <caption>Accepted findings and their compensating controls</caption>
            <thead>
              <tr>
                <th scope="col">Vulnerability</th>
                <th scope="col">Organisation</th>
                <th scope="col">Device</th>
                <th scope="col">Why</th>
                <th scope="col">Protected meanwhile by</th>
                <th scope="col">Expires</th>
              </tr>
            </thead>
            <tbody>
              {exceptions.data?.items.map((x) => (
                <tr key={x.id} className={x.active ? '' : 'expired'}>
                  <td>
                    <Link to={`/cves/${x.cve}`}>{x.cve}</Link>
                  </td>
                  <td>{x.org}</td>
                  <td>{x.asset ?? 'all devices'}</td>
                  <td>{x.reason}</td>
                  <td>{x.controls}</td>
                  <td>
                    {date(x.expiresAt)}
                    {!x.active && ' (expired)'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {exceptions.data?.items.length === 0 && <p>No exceptions.</p>}
          <Pager label="Exceptions" cursor={pager} nextCursor={exceptions.data?.nextCursor} />
        </div>
      )}
    </section>
  );
}
