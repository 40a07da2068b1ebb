/**
 * The prioritised worklist: Act first, then known-exploited, then by score; filtered and paged by
 * the server.
 */
import { useState } from 'react';
import { useFindings } from '../../api/queries';
import { Choice } from '../Choice';
import { CveCell, PriorityCell } from '../FindingCells';
import { fmt, PRIORITY_LABEL } from '../format';
import { Pager, useCursor } from '../Pager';
import { queryState } from '../Status';

/** Confirmed findings, or possible ones (something the inventory does not say would settle them). */
const CERTAINTY_LABEL: Record<string, string> = {
  confirmed: 'Confirmed',
  possible: 'Possible (not counted)',
};

/** Findings on products external scans see on the organisation's addresses, or only on what inventories list. */
const SEEN_LABEL: Record<string, string> = {
  true: 'Seen from outside',
  false: 'Inventories only',
};

/** Findings on software the inventory lists, or on built-ins assumed from the operating system's defaults. */
const BASIS_LABEL: Record<string, string> = {
  reported: 'Reported in the inventory',
  assumed: 'Assumed (on by default)',
};

export function Worklist({ org }: { org: string }) {
  const [priority, setPriority] = useState('');
  const [kev, setKev] = useState(false);
  const [cve, setCve] = useState('');
  const [basis, setBasis] = useState('');
  const [certainty, setCertainty] = useState('');
  const [outside, setOutside] = useState('');
  const filters = {
    org,
    priority: priority || undefined,
    kev: kev || undefined,
    cve: cve || undefined,
    basis: basis || undefined,
    certainty: certainty || undefined,
    outside: outside || undefined,
  };
  const pager = useCursor(JSON.stringify(filters));
  const findings = useFindings({ ...filters, limit: 25, cursor: pager.cursor });
  const state = queryState(findings, 'the worklist');
  return (
    <section aria-labelledby="worklist">
      <h2 id="worklist">Worklist</h2>
      <p className="muted">
        Fix from the top: “Act now” means a known or likely attack on something that matters, such as a
        medical device or an internet-facing system.
      </p>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <Choice label="Priority" value={priority} options={PRIORITY_LABEL} onChange={setPriority} all="All" />
        <Choice label="Match" value={certainty} options={CERTAINTY_LABEL} onChange={setCertainty} all="All" />
        <Choice label="Software" value={basis} options={BASIS_LABEL} onChange={setBasis} all="All" />
        <Choice label="Seen" value={outside} options={SEEN_LABEL} onChange={setOutside} all="All" />
        <label className="check">
          <input type="checkbox" checked={kev} onChange={(e) => setKev(e.target.checked)} />
          Only known-exploited
        </label>
        <label>
          CVE
          <input
            value={cve}
            placeholder="CVE-2017-0144"
            pattern="[Cc][Vv][Ee]-\d{4}-\d{4,}"
            onChange={(e) =>
              setCve(/^cve-\d{4}-\d{4,}$/i.test(e.target.value) ? e.target.value.toUpperCase() : '')
            }
          />
        </label>
      </form>
      {state ?? (
        <div className="table-wrap">
          <table id="worklist-table">
            <caption>Open findings, most urgent first</caption>
            <thead>
              <tr>
                <th scope="col">Priority</th>
                <th scope="col">Vulnerability</th>
                <th scope="col">Software</th>
                <th scope="col" className="num">
                  Devices
                </th>
                <th scope="col">Organisation</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {findings.data?.items.map((f) => (
                <tr key={`${f.org}-${f.cve}-${f.component.key}-${f.component.version}`}>
                  <PriorityCell finding={f} />
                  <CveCell finding={f} />
                  <td>
                    {f.component.key} {f.component.version ?? ''}
                    {f.basis === 'assumed' && <span className="flag"> assumed</span>}
                    {f.seenFromOutside && <span className="flag"> seen from outside</span>}
                  </td>
                  <td className="num">{fmt(f.assets)}</td>
                  <td>{f.org}</td>
                  <td>{f.reasons.join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {findings.data?.items.length === 0 && <p>Nothing to fix here.</p>}
          <Pager label="Worklist" cursor={pager} nextCursor={findings.data?.nextCursor} />
        </div>
      )}
    </section>
  );
}
