/**
 * An organisation's exposure as seen from the internet: the vulnerabilities found on the products
 * external scans' banners name (prioritised like the worklist: a known-exploited flaw on an
 * internet-facing gateway is "Act now"), and the open services observed on its addresses, most
 * severe first, with when each was first and last seen.
 */
import type { ReactElement } from 'react';
import { useParams } from 'react-router';
import { useExternalFindings, useExternalServices, useOrganisation } from '../api/queries';
import type { ExternalService } from '../api/types';
import { SEVERITY_LABEL, SEVERITY_ORDER, serviceAdvice } from '../components/external/service-advice';
import { CveCell, PriorityCell } from '../components/FindingCells';
import { date } from '../components/format';
import { OrgHeader } from '../components/org/OrgHeader';
import { Pager, useCursor } from '../components/Pager';
import { ErrorNote, Loading, queryState } from '../components/Status';

export default function OrgExternalPage() {
  const code = (useParams().code ?? '').toUpperCase();
  const org = useOrganisation(code);
  const state = queryState(org, `Organisation ${code}`);
  if (state) return state;
  if (!org.data) return null;
  return (
    <>
      <OrgHeader details={org.data} section="Seen from outside" />
      <p className="muted">
        What external scans of {org.data.organisation.name}’s registered internet addresses see: anyone on the
        internet can see the same.
      </p>
      <BannerFindings org={code} />
      <OpenServices org={code} />
    </>
  );
}

function BannerFindings({ org }: { org: string }) {
  const pager = useCursor(org);
  const findings = useExternalFindings({ org, limit: 25, cursor: pager.cursor });
  const state = queryState(findings, 'the vulnerabilities found on banners');
  return (
    <section aria-labelledby="banner-findings">
      <h2 id="banner-findings">Vulnerabilities found on banners</h2>
      <p className="muted">
        Where a service names its product and version, Ward matches it as it matches an inventory. These
        systems face the internet, so a known-exploited flaw here is “Act now”.
      </p>
      {state ?? (
        <div className="table-wrap">
          <table id="external-findings-table">
            <caption>Open vulnerabilities on internet-facing products, most urgent first</caption>
            <thead>
              <tr>
                <th scope="col">Priority</th>
                <th scope="col">Vulnerability</th>
                <th scope="col">Product</th>
                <th scope="col">Address</th>
                <th scope="col">First seen</th>
                <th scope="col">Last seen</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {findings.data?.items.map(({ finding: f, ...seen }) => (
                <tr key={`${f.org}-${seen.address}-${f.cve}-${f.component.key}-${f.component.version}`}>
                  <PriorityCell finding={f} />
                  <CveCell finding={f} />
                  <td>
                    {f.component.key} {f.component.version ?? ''}
                  </td>
                  <td>
                    {seen.hostname && <span>{seen.hostname} </span>}
                    <span className="code">{seen.address}</span>
                    {seen.ports.length > 0 && <span className="muted"> port {seen.ports.join(', ')}</span>}
                  </td>
                  <td>{date(seen.firstSeen)}</td>
                  <td>{date(seen.lastSeen)}</td>
                  <td>{f.reasons.join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {findings.data?.items.length === 0 && (
            <p>No known vulnerabilities on the products seen from outside.</p>
          )}
          <Pager
            label="Vulnerabilities found on banners"
            cursor={pager}
            nextCursor={findings.data?.nextCursor}
          />
        </div>
      )}
    </section>
  );
}

function bySeverity(a: ExternalService, b: ExternalService): number {
  const rank = (s: string) =>
    SEVERITY_ORDER.includes(s) ? SEVERITY_ORDER.indexOf(s) : SEVERITY_ORDER.length;
  return rank(a.severity) - rank(b.severity) || a.address.localeCompare(b.address) || a.port - b.port;
}

function OpenServices({ org }: { org: string }) {
  const services = useExternalServices(org);
  let body: ReactElement;
  if (services.error) body = <ErrorNote error={services.error} />;
  else if (!services.data) body = <Loading what="the open services" />;
  else {
    const open = services.data.items.filter((s) => !s.closedAt).sort(bySeverity);
    body =
      open.length === 0 ? (
        <p>No open services observed on the organisation’s addresses.</p>
      ) : (
        <div className="table-wrap">
          <table id="external-services-table">
            <caption>Open services on the organisation’s addresses, most severe first</caption>
            <thead>
              <tr>
                <th scope="col">Severity</th>
                <th scope="col">Service</th>
                <th scope="col">Address</th>
                <th scope="col">Product</th>
                <th scope="col">First seen</th>
                <th scope="col">Last seen</th>
                <th scope="col">Why it matters, what to do</th>
              </tr>
            </thead>
            <tbody>
              {open.map((s) => {
                const advice = serviceAdvice(s);
                return (
                  <tr key={`${s.address}-${s.port}-${s.protocol}-${s.kind}`}>
                    <td>
                      <span className={`badge sev-${s.severity}`}>
                        {SEVERITY_LABEL[s.severity] ?? s.severity}
                      </span>
                    </td>
                    <td>{s.kind}</td>
                    <td>
                      {s.hostname && <span>{s.hostname} </span>}
                      <span className="code">
                        {s.address} {s.protocol}/{s.port}
                      </span>
                    </td>
                    <td>{[s.product, s.version].filter(Boolean).join(' ') || '—'}</td>
                    <td>{date(s.firstSeen)}</td>
                    <td>{date(s.lastSeen)}</td>
                    <td>{advice ? `${advice.why} ${advice.whatToDo}` : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      );
  }
  return (
    <section aria-labelledby="open-services">
      <h2 id="open-services">Open services</h2>
      <p className="muted">
        Services reachable from the internet on the organisation’s addresses. Remote desktop, file sharing,
        databases and management interfaces should not be.
      </p>
      {body}
    </section>
  );
}
