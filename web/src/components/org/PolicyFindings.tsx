/**
 * Findings of product policy beside the CVE worklist: products the national register rules out
 * (not approved for the use, past end of life) on the organisation's devices, high first.
 */
import { Link } from 'react-router';
import { usePolicyFindings } from '../../api/queries';
import { fmt } from '../format';
import { queryState } from '../Status';

const PRIORITY: Record<string, string> = { high: 'High', medium: 'Medium' };

export function PolicyFindings({ org }: { org: string }) {
  const findings = usePolicyFindings(org);
  const state = queryState(findings, 'the product policy findings');
  return (
    <section aria-labelledby="policy">
      <h2 id="policy">Products the register rules out</h2>
      <p className="muted">
        Software on your devices that the <Link to="/products">products register</Link> does not approve for
        that use, or that no longer gets security updates. High when it is on a clinical or internet-facing
        device.
      </p>
      {state ?? (
        <div className="table-wrap">
          <table id="policy-table">
            <caption>Product policy findings, most urgent first</caption>
            <thead>
              <tr>
                <th scope="col">Priority</th>
                <th scope="col">Product</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Devices
                </th>
                <th scope="col">Organisation</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {findings.data?.items.map((f) => (
                <tr key={`${f.org}-${f.product.key}-${f.status}-${f.use}`}>
                  <td>
                    <span className={`badge ${f.priority === 'high' ? 'p-act' : 'p-attend'}`}>
                      {PRIORITY[f.priority] ?? f.priority}
                    </span>
                  </td>
                  <td>
                    <Link to={`/products?search=${encodeURIComponent(f.product.key)}`}>{f.product.name}</Link>
                  </td>
                  <td>
                    <span className={`badge st-${f.status}`}>{f.status}</span>
                    {f.use !== 'any' && ` for ${f.use}`}
                  </td>
                  <td className="num">{fmt(f.devices)}</td>
                  <td>{f.org}</td>
                  <td>{f.reasons.join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {findings.data?.items.length === 0 && <p>Nothing the register rules out.</p>}
        </div>
      )}
    </section>
  );
}
