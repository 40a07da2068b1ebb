/**
 * Indicators shared under TLP 2.0 that the person may see: counts by marking, filters (kind,
 * marking, value), the list with each marking's badge, and adding one.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import { useIndicatorSummary, useIndicators, useSession } from '../api/queries';
import { dateTime, fmt } from '../components/format';
import { Pager, useCursor } from '../components/Pager';
import { canWrite, homeOrg } from '../components/roles';
import { queryState } from '../components/Status';
import { AddIndicatorForm } from '../components/sharing/AddIndicatorForm';
import { IndicatorFlags } from '../components/sharing/IndicatorFlags';
import { TLP_ORDER, TlpBadge } from '../components/sharing/TlpBadge';

const TYPES = ['ipv4', 'ipv6', 'ipv4-cidr', 'ipv6-cidr', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256'];

export default function IndicatorsPage() {
  const session = useSession();
  const [filter, setFilter] = useState({ type: '', tlp: '', value: '' });
  const pager = useCursor(JSON.stringify(filter));
  const list = useIndicators({ ...filter, limit: 50, cursor: pager.cursor });
  const summary = useIndicatorSummary();
  const state = queryState(list, 'indicators');
  const home = homeOrg(session.data);
  const set = (k: keyof typeof filter) => (e: { target: { value: string } }) =>
    setFilter({ ...filter, [k]: e.target.value });
  return (
    <>
      <h1>Indicators</h1>
      {summary.data && (
        <p id="indicator-counts">
          {fmt(summary.data.total)} indicator{summary.data.total === 1 ? '' : 's'} you may see:{' '}
          {summary.data.byTlp.map((t, i) => (
            <span key={t.tlp}>
              {i > 0 && ', '}
              <TlpBadge tlp={t.tlp} /> {fmt(t.count)}
            </span>
          ))}
          . <Link to="/sharing-groups">Sharing groups</Link>
        </p>
      )}
      {home && <IndicatorFlags org={home} />}
      <form className="filters" aria-label="Filter indicators" onSubmit={(e) => e.preventDefault()}>
        <label>
          Kind
          <select value={filter.type} onChange={set('type')}>
            <option value="">any</option>
            {TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          Marking
          <select value={filter.tlp} onChange={set('tlp')}>
            <option value="">any</option>
            {TLP_ORDER.map((t) => (
              <option key={t} value={t}>
                TLP:{t}
              </option>
            ))}
          </select>
        </label>
        <label>
          Value
          <input value={filter.value} onChange={set('value')} placeholder="evil[.]example" />
        </label>
      </form>
      {state ?? (
        <div className="table-wrap">
          <table id="indicators-table">
            <caption>Indicators you may see under their marking, oldest change first</caption>
            <thead>
              <tr>
                <th scope="col">Marking</th>
                <th scope="col">Kind</th>
                <th scope="col">Value</th>
                <th scope="col">Producer</th>
                <th scope="col" className="num">
                  Organisations that saw it
                </th>
                <th scope="col">Changed</th>
              </tr>
            </thead>
            <tbody>
              {list.data?.items.map((i) => (
                <tr key={i.id} data-indicator={i.value}>
                  <td>
                    <TlpBadge tlp={i.tlp} />
                  </td>
                  <td>{i.type}</td>
                  <th scope="row">
                    <Link to={`/indicators/${i.id}`}>{i.value}</Link>
                    {i.revoked && ' (revoked)'}
                  </th>
                  <td>{i.producer}</td>
                  <td className="num">{fmt(i.sightings.organisations)}</td>
                  <td>{dateTime(i.modifiedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.data?.items.length === 0 && <p>No indicators you may see.</p>}
          <Pager label="Indicators" cursor={pager} nextCursor={list.data?.nextCursor} />
        </div>
      )}
      {canWrite(session.data) && <AddIndicatorForm org={home} />}
    </>
  );
}
