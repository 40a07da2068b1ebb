/**
 * The files uploaded as evidence on one outcome: name (a download), size, who uploaded it and
 * when, and a mark on files carried from an earlier year's assessment so the assessor rechecks
 * them. In a draft, those who may answer attach files and remove them; a refused upload says, file
 * by file, why, and nothing of it is attached.
 */
import { type FormEvent, useState } from 'react';
import {
  EVIDENCE_FILE_ACCEPT,
  EVIDENCE_FILE_KINDS,
  EVIDENCE_FILE_MAX_BYTES,
} from '../../../../src/domain/baseline/evidence-file-limits';
import { ApiError } from '../../api/client';
import { evidenceFileHref, useAttachEvidence, useDeleteEvidenceFile } from '../../api/queries';
import type { OutcomeResult } from '../../api/types';
import { dateTime, fmt } from '../format';
import { ErrorNote } from '../Status';

interface Props {
  code: string;
  year: number;
  outcome: OutcomeResult;
  canWrite: boolean;
}

/** A size as people read it: bytes, kB or MB. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${fmt(bytes)} bytes`;
  if (bytes < 1024 * 1024) return `${fmt(Math.round(bytes / 1024))} kB`;
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

const LIMIT_MB = EVIDENCE_FILE_MAX_BYTES / 1048576;

/** The files over Ward's size limit, named, before anything is sent. */
function tooLarge(files: File[]): string | null {
  const over = files.filter((f) => f.size > EVIDENCE_FILE_MAX_BYTES);
  return over.length
    ? `${over.map((f) => `${f.name} (${fileSize(f.size)})`).join(', ')}: evidence files are limited to ${LIMIT_MB} MB each; nothing was attached`
    : null;
}

function UploadError({ error }: { error: unknown }) {
  const problems = error instanceof ApiError ? (error.problem.problems ?? []) : [];
  const tooBig =
    error instanceof ApiError && error.status === 413
      ? new Error(`a file is larger than this server accepts (${error.problem.detail}); nothing was attached`)
      : error;
  return (
    <div data-field="upload-error">
      <ErrorNote error={tooBig} />
      {problems.length > 0 && (
        <ul className="error">
          {problems.map((p) => (
            <li key={`${p.file}:${p.reason}`}>
              {p.file}: {p.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function EvidenceFiles({ code, year, outcome: o, canWrite }: Props) {
  const attach = useAttachEvidence(code, year);
  const remove = useDeleteEvidenceFile(code);
  const [chosen, setChosen] = useState<File[]>([]);
  const [progress, setProgress] = useState<number | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const [refused, setRefused] = useState<string | null>(null);
  const inputId = `${o.id}-files`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (chosen.length === 0) return;
    attach.reset();
    const over = tooLarge(chosen);
    setRefused(over);
    if (over) return;
    setProgress(0);
    attach.mutate(
      { outcome: o.id, files: chosen, onProgress: setProgress },
      {
        onSuccess: () => {
          setChosen([]);
          setInputKey((k) => k + 1);
        },
        onSettled: () => setProgress(null),
      },
    );
  };
  const carried = o.files.filter((f) => f.carriedFrom !== null);
  return (
    <section className="evidence-files" aria-label={`Evidence files for ${o.id}`}>
      <h4>Evidence files</h4>
      {o.files.length === 0 ? (
        <p className="muted">No files.</p>
      ) : (
        <ul>
          {o.files.map((f) => (
            <li key={f.id} data-file={f.name} data-carried={f.carriedFrom ?? ''}>
              <a href={evidenceFileHref(code, f.id)} download={f.name}>
                {f.name}
              </a>{' '}
              <span className="muted">
                {fileSize(f.size)}, uploaded by {f.uploadedBy} on {dateTime(f.uploadedAt)}
              </span>
              {f.carriedFrom !== null && (
                <span className="flag" data-field="carried">
                  {' '}
                  — carried from {f.carriedFrom}: check it still holds
                </span>
              )}
              {canWrite && (
                <>
                  {' '}
                  <button
                    type="button"
                    className="link"
                    disabled={remove.isPending}
                    onClick={() => remove.mutate(f.id)}
                  >
                    Remove {f.name}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {carried.length > 0 && canWrite && (
        <p className="muted">
          Files marked as carried come from an earlier year's assessment: remove any that no longer show how
          things are.
        </p>
      )}
      {remove.error && <ErrorNote error={remove.error} />}
      {canWrite && (
        <form onSubmit={submit} className="attach">
          <label htmlFor={inputId}>Attach files</label>
          <input
            key={inputKey}
            id={inputId}
            type="file"
            multiple
            accept={EVIDENCE_FILE_ACCEPT}
            onChange={(e) => setChosen([...(e.target.files ?? [])])}
          />
          <button type="submit" disabled={chosen.length === 0 || progress !== null}>
            Attach to {o.id}
          </button>
          <p className="muted">
            {EVIDENCE_FILE_KINDS}, up to {LIMIT_MB} MB each.
          </p>
          {progress !== null && (
            <progress max={1} value={progress < 1 ? progress : undefined} aria-label="Uploading">
              {Math.round(progress * 100)}%
            </progress>
          )}
          {refused && <UploadError error={new Error(refused)} />}
          {attach.error && <UploadError error={attach.error} />}
        </form>
      )}
    </section>
  );
}
