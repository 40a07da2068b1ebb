/** Devices of an organisation (and those under it), filtered by type — medical devices among them. */
import { useState } from 'react';
import { useAssets } from '../../api/queries';
import { Choice } from '../Choice';
import { Pager, useCursor } from '../Pager';
import { queryState } from '../Status';

const TYPES: Record<string, string> = {
  medical_device: 'Medical devices',
  workstation: 'Workstations',
  laptop: 'Laptops',
  server: 'Servers',
  virtual: 'Virtual machines',
  network: 'Network devices',
  iot: 'Connected devices (IoT)',
  mobile: 'Mobiles',
};

export function AssetsTable({ org }: { org: string }) {
  const [type, setType] = useState('');
  const pager = useCursor(`${org}:${type}`);
  const assets = useAssets({ org, type: type || undefined, limit: 25, cursor: pager.cursor });
  const state = queryState(assets, 'devices');
  return (
    <section aria-labelledby="assets">
      <h2 id="assets">Devices</h2>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <Choice label="Type" value={type} options={TYPES} onChange={setType} all="All devices" />
      </form>
      {state ?? (
        <div className="table-wrap">
          <table id="assets-table">
            <caption>{type ? TYPES[type] : 'All devices'}</caption>
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Type</th>
                <th scope="col">Make and model</th>
                <th scope="col">Operating system</th>
                <th scope="col">Network</th>
                <th scope="col">Clinical importance</th>
              </tr>
            </thead>
            <tbody>
              {assets.data?.items.map((a) => (
                <tr key={a.id} data-asset={a.assetId}>
                  <th scope="row">
                    {a.hostname ?? a.assetId} <span className="code">{a.assetId}</span>
                  </th>
                  <td>{TYPES[a.type]?.replace(/s$/, '') ?? a.type}</td>
                  <td>{[a.manufacturer, a.model].filter(Boolean).join(' ') || '—'}</td>
                  <td>{a.os ?? '—'}</td>
                  <td>
                    {a.networkZone ?? '—'}
                    {a.internetFacing && <strong className="flag"> internet-facing</strong>}
                  </td>
                  <td>{a.clinicalCriticality.replace('_', ' ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {assets.data?.items.length === 0 && <p>No devices recorded.</p>}
          <Pager label="Devices" cursor={pager} nextCursor={assets.data?.nextCursor} />
        </div>
      )}
    </section>
  );
}
