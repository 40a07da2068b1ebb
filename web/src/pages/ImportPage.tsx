/**
 * Upload an inventory file (CSV, CycloneDX or osquery JSON) for an organisation, with progress.
 * A file with any bad line is refused whole; its problems are listed by line.
 */
import { type FormEvent, useState } from 'react';
import { type ApiError, upload } from '../api/client';
import { useSession } from '../api/queries';
import type { ImportResult } from '../api/types';
import { fmt } from '../components/format';

export default function ImportPage() {
  const session = useSession();
  const [org, setOrg] = useState(session.data?.memberships[0]?.org ?? '');
  const [source, setSource] = useState('default');
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    const form = new FormData();
    form.append('org', org.trim().toUpperCase());
    form.append('source', source || 'default');
    form.append('file', file, file.name);
    setResult(null);
    setError(null);
    setProgress(0);
    try {
      setResult(await upload<ImportResult>('/inventory/imports', form, setProgress));
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setProgress(null);
    }
  };

  return (
    <>
      <h1>Import an inventory</h1>
      <p>
        Upload your devices and their software as CSV (Ward’s inventory format), a CycloneDX SBOM or osquery
        results. The file replaces the last import from the same source. If any line is wrong, nothing is
        imported and every problem is listed.
      </p>
      <form onSubmit={submit} className="stack">
        <label>
          Organisation (ODS code)
          <input required value={org} onChange={(e) => setOrg(e.target.value)} pattern="[A-Za-z0-9]+" />
        </label>
        <label>
          Source name
          <input value={source} onChange={(e) => setSource(e.target.value)} />
        </label>
        <label>
          Inventory file
          <input type="file" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <button type="submit" className="primary" disabled={!file || progress !== null}>
          Upload
        </button>
      </form>
      {progress !== null && (
        <p>
          <label>
            Uploading and checking…{' '}
            <progress max={1} value={progress < 1 ? progress : undefined}>
              {Math.round(progress * 100)}%
            </progress>
          </label>
        </p>
      )}
      <div aria-live="polite">
        {result && (
          <p className="ok" id="import-result">
            Imported {fmt(result.assets)} devices for {result.org} ({fmt(result.assetsAdded)} new,{' '}
            {fmt(result.assetsRetired)} gone); {fmt(result.findingsOpened)} new findings,{' '}
            {fmt(result.findingsFixed)} fixed.
          </p>
        )}
      </div>
      {error && (
        <section aria-labelledby="import-problems" className="error-box" role="alert">
          <h2 id="import-problems">Nothing was imported</h2>
          <p>{error.problem.detail}</p>
          {error.problem.problems && error.problem.problems.length > 0 && (
            <table id="problems-table">
              <caption>Problems by line</caption>
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col" className="num">
                    Line
                  </th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {error.problem.problems.map((p) => (
                  <tr key={`${p.file}:${p.line}:${p.reason}`}>
                    <td>{p.file}</td>
                    <td className="num">{p.line}</td>
                    <td>{p.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </>
  );
}
