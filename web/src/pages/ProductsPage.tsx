/**
 * The products register: which products are approved, certified, not approved or past end of life,
 * for which use — searchable by anyone signed in ("which messaging apps may we use for patient
 * data"). National admins import the register from CSV here.
 */
import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import { type ApiError, upload } from '../api/client';
import { useProducts, useSession } from '../api/queries';
import type { ProductStatus, ProductsImported } from '../api/types';
import { Choice } from '../components/Choice';
import { fmt } from '../components/format';
import { Pager, useCursor } from '../components/Pager';
import { isNationalAdmin } from '../components/roles';
import { queryState } from '../components/Status';

const STATUS_LABEL: Record<string, string> = {
  approved: 'Approved',
  certified: 'Certified',
  'not-approved': 'Not approved',
  'end-of-life': 'End of life',
};

const CATEGORY_LABEL: Record<string, string> = {
  messaging: 'Messaging',
  'video-conferencing': 'Video conferencing',
  'remote-access': 'Remote access',
  'operating-system': 'Operating system',
  'clinical-system': 'Clinical system',
  browser: 'Browser',
  other: 'Other',
};

const USE_LABEL: Record<string, string> = {
  any: '',
  clinical: 'for clinical use',
  'patient-data': 'for patient data',
};

function StatusBadge({ s }: { s: ProductStatus }) {
  const detail =
    s.status === 'certified'
      ? `${s.standard}${s.certificateRef ? `, ${s.certificateRef}` : ''}${s.expiresOn ? `, until ${s.expiresOn}` : ''}`
      : s.status === 'end-of-life'
        ? `since ${s.endOfLife}`
        : '';
  return (
    <li>
      <span className={`badge st-${s.status}`}>{STATUS_LABEL[s.status]}</span>{' '}
      {USE_LABEL[s.use] ?? `for ${s.use}`}
      {detail && <span className="muted"> ({detail})</span>}
    </li>
  );
}

function ImportForm() {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ProductsImported | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    const form = new FormData();
    form.append('file', file, file.name);
    setBusy(true);
    setResult(null);
    setError(null);
    try {
      setResult(await upload<ProductsImported>('/products/import', form, () => {}));
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="register-import">
      <h2 id="register-import">Import the register</h2>
      <p className="muted">
        CSV with the header key,name,vendor,category,status,use,standard,certificate_ref,certified_on,
        expires_on,end_of_life,source,notes — one row per product, status and use. Each product in the file
        takes exactly the statuses the file gives it. If any line is wrong, nothing is imported.
      </p>
      <form onSubmit={submit} className="stack">
        <label>
          Register file (CSV)
          <input
            type="file"
            accept=".csv,text/csv"
            required
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </label>
        <button type="submit" className="primary" disabled={!file || busy}>
          Import
        </button>
      </form>
      <div aria-live="polite">
        {result && (
          <p className="ok" id="register-import-result">
            Imported {fmt(result.products)} products ({fmt(result.added)} new) with {fmt(result.statuses)}{' '}
            statuses
            {result.evidenceRecomputed ? '; baseline evidence recomputed' : ''}.
          </p>
        )}
        {error && (
          <div className="error" role="alert">
            <p>{error.problem.detail}</p>
            {error.problem.problems && (
              <ul>
                {error.problem.problems.map((p) => (
                  <li key={`${p.line}-${p.reason}`}>
                    Line {p.line}: {p.reason}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
    </section>
  );
}

export default function ProductsPage() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const status = params.get('status') ?? '';
  const category = params.get('category') ?? '';
  const set = (name: string) => (value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const filters = {
    search: search || undefined,
    status: status || undefined,
    category: category || undefined,
  };
  const pager = useCursor(JSON.stringify(filters));
  const products = useProducts({ ...filters, limit: 50, cursor: pager.cursor });
  const state = queryState(products, 'the products register');
  return (
    <>
      <h1>Products register</h1>
      <p>
        Which products the national body approves or has certified, which are not approved (for clinical use
        or patient data), and which are past the end of their vendor's support. Ward flags ruled-out products
        found on your devices in your worklist; the baseline's end-of-life evidence reads this same register.
      </p>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search
          <input
            type="search"
            value={search}
            placeholder="WhatsApp, Windows 7, messaging…"
            onChange={(e) => set('search')(e.target.value)}
          />
        </label>
        <Choice label="Status" value={status} options={STATUS_LABEL} onChange={set('status')} all="All" />
        <Choice
          label="Category"
          value={category}
          options={CATEGORY_LABEL}
          onChange={set('category')}
          all="All"
        />
      </form>
      {state ?? (
        <div className="table-wrap">
          <table id="products-table">
            <caption>Products, by category and name</caption>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Category</th>
                <th scope="col">Status</th>
                <th scope="col">Notes</th>
              </tr>
            </thead>
            <tbody>
              {products.data?.items.map((p) => (
                <tr key={p.key}>
                  <td>
                    <strong>{p.name}</strong>
                    <br />
                    <span className="muted">
                      {p.vendor} · <code>{p.key}</code>
                    </span>
                  </td>
                  <td>{CATEGORY_LABEL[p.category] ?? p.category}</td>
                  <td>
                    <ul className="plain">
                      {p.statuses.map((s) => (
                        <StatusBadge key={`${s.status}-${s.use}`} s={s} />
                      ))}
                    </ul>
                  </td>
                  <td>
                    {p.notes}
                    {p.shipped && <span className="flag"> shipped with Ward</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {products.data?.items.length === 0 && <p>No products match.</p>}
          <Pager label="Products" cursor={pager} nextCursor={products.data?.nextCursor} />
        </div>
      )}
      {isNationalAdmin(session.data) && <ImportForm />}
    </>
  );
}
