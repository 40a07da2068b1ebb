/**
 * Remote-working tools: which VPN gateways, remote-desktop, remote-support, conferencing and
 * messaging products the organisations under the person run (from inventories and external scans),
 * on how many internet-facing devices, with which open known-exploited flaws.
 */
import { Link, useSearchParams } from 'react-router';
import { useRemoteAccess } from '../api/queries';
import type { RemoteAccessView } from '../api/types';
import { date, fmt } from '../components/format';
import { queryState } from '../components/Status';

const CATEGORY: Record<string, string> = {
  vpn_gateway: 'VPN / gateway',
  remote_desktop: 'Remote desktop',
  remote_support: 'Remote support',
  conferencing: 'Conferencing',
  messaging: 'Messaging',
};

type Product = RemoteAccessView['products'][number];
const inUse = (p: Product) => p.organisations > 0 || p.kev.length > 0;

function Flaws({ product }: { product: Product }) {
  if (product.kev.length === 0) return <span className="muted">none open</span>;
  return (
    <ul className="plain">
      {product.kev.map((k) => (
        <li key={k.cve}>
          <Link to={`/cves/${k.cve}`}>{k.cve}</Link>: {fmt(k.organisations)} organisations, {fmt(k.devices)}{' '}
          devices; due {k.dueDate ? date(k.dueDate) : '—'}
        </li>
      ))}
    </ul>
  );
}

export default function RemoteAccessPage() {
  const [params] = useSearchParams();
  const org = params.get('org')?.toUpperCase() || undefined;
  const view = useRemoteAccess(org);
  const state = queryState(view, org ? `Organisation ${org}` : 'Remote-working tools');
  if (state) return state;
  const v = view.data;
  if (!v) return null;
  const used = v.products.filter(inUse);
  const unused = v.products.filter((p) => !inUse(p));
  return (
    <>
      <h1>Remote-working tools</h1>
      <p>
        {v.org.name} ({v.org.code}) and everything under it: <strong>{fmt(v.totals.productsInUse)}</strong>{' '}
        remote-access and remote-working products in use at <strong>{fmt(v.totals.organisations)}</strong>{' '}
        organisations, <strong>{fmt(v.totals.internetFacing)}</strong> internet-facing devices,{' '}
        <strong>{fmt(v.totals.seenFromOutside)}</strong> addresses seen from outside, and{' '}
        <strong id="kev-open">{fmt(v.totals.kevFlaws)}</strong> known-exploited flaws open.
      </p>
      <div className="table-wrap">
        <table id="remote-access-table">
          <caption>Products in use, those with open known-exploited flaws first</caption>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Kind</th>
              <th scope="col" className="num">
                Organisations
              </th>
              <th scope="col" className="num">
                Devices
              </th>
              <th scope="col" className="num">
                Internet-facing
              </th>
              <th scope="col" className="num">
                Seen from outside
              </th>
              <th scope="col">Open known-exploited flaws</th>
            </tr>
          </thead>
          <tbody>
            {used.map((p) => (
              <tr key={p.id} data-product={p.id} className={p.kev.length ? 'overdue' : ''}>
                <th scope="row">
                  {p.name}
                  {p.topOrganisations.length > 0 && (
                    <div className="muted">
                      most at{' '}
                      {p.topOrganisations.map((c, i) => (
                        <span key={c}>
                          {i > 0 && ', '}
                          <Link to={`/orgs/${c}`}>{c}</Link>
                        </span>
                      ))}
                    </div>
                  )}
                </th>
                <td>{CATEGORY[p.category] ?? p.category}</td>
                <td className="num">{fmt(p.organisations)}</td>
                <td className="num">{fmt(p.devices)}</td>
                <td className="num">{fmt(p.internetFacing)}</td>
                <td className="num">{fmt(p.seenFromOutside)}</td>
                <td>
                  <Flaws product={p} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {used.length === 0 && <p>None of the products Ward watches is in use here.</p>}
      </div>
      {unused.length > 0 && <p className="muted">Not seen here: {unused.map((p) => p.name).join(', ')}.</p>}
    </>
  );
}
