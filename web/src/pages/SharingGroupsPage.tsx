/**
 * Sharing groups: the named audiences AMBER indicators are shared with, their members, and creating
 * one for an organisation the person may write for.
 */
import { type FormEvent, useState } from 'react';
import { ApiError } from '../api/client';
import { useCreateSharingGroup, useSession, useSharingGroups } from '../api/queries';
import { canWrite, homeOrg } from '../components/roles';
import { queryState } from '../components/Status';

function CreateGroup({ owner }: { owner: string | null }) {
  const create = useCreateSharingGroup();
  const [form, setForm] = useState({ name: '', owner: owner ?? '', members: '' });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({
      name: form.name,
      owner: form.owner,
      members: form.members.split(/[\s,;]+/).filter(Boolean),
    });
  };
  return (
    <form onSubmit={submit} className="stack" id="create-group-form">
      <h2>Create a sharing group</h2>
      <label>
        Name
        <input value={form.name} onChange={set('name')} required />
      </label>
      <label>
        Managed by (ODS code)
        <input value={form.owner} onChange={set('owner')} required />
      </label>
      <label>
        Members (CODE, or under:CODE for it and everything under it)
        <input value={form.members} onChange={set('members')} />
      </label>
      {create.error && (
        <p className="error" role="alert">
          {create.error instanceof ApiError ? create.error.problem.detail : create.error.message}
        </p>
      )}
      <button type="submit" className="primary" disabled={create.isPending}>
        Create group
      </button>
    </form>
  );
}

export default function SharingGroupsPage() {
  const session = useSession();
  const groups = useSharingGroups();
  const state = queryState(groups, 'sharing groups');
  return (
    <>
      <h1>Sharing groups</h1>
      <p>
        An AMBER indicator shared with a group reaches its members (and, for those marked so, everything under
        them).
      </p>
      {state ?? (
        <div className="table-wrap">
          <table id="groups-table">
            <caption>Every sharing group and its members</caption>
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Managed by</th>
                <th scope="col">Members</th>
              </tr>
            </thead>
            <tbody>
              {groups.data?.items.map((g) => (
                <tr key={g.name} data-group={g.name}>
                  <th scope="row">
                    {g.name}
                    {g.description && <div className="muted">{g.description}</div>}
                  </th>
                  <td>{g.owner}</td>
                  <td>{g.members.map((m) => (m.subtree ? `under:${m.code}` : m.code)).join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {groups.data?.items.length === 0 && <p>No sharing groups yet.</p>}
        </div>
      )}
      {canWrite(session.data) && <CreateGroup owner={homeOrg(session.data)} />}
    </>
  );
}
