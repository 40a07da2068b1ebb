/**
 * The answer to one outcome in a draft, saved as you go: the level as soon as it is chosen, the
 * words when the field is left. Below profile, it asks for an improvement action.
 */
import { useState } from 'react';
import { useSaveOutcome } from '../../api/queries';
import type { OutcomeResult, OutcomeUpdate } from '../../api/types';
import { ErrorNote } from '../Status';

interface Props {
  code: string;
  year: number;
  outcome: OutcomeResult;
}

export function OutcomeAnswer({ code, year, outcome: o }: Props) {
  const save = useSaveOutcome(code, year);
  const [level, setLevel] = useState(o.level);
  const [justification, setJustification] = useState(o.justification);
  const [notes, setNotes] = useState(o.evidenceNotes);
  const [owner, setOwner] = useState(o.owner ?? '');
  const [what, setWhat] = useState(o.action?.what ?? '');
  const [actionOwner, setActionOwner] = useState(o.action?.owner ?? '');
  const [due, setDue] = useState(o.action?.due ?? '');
  const send = (body: OutcomeUpdate) => save.mutate({ outcome: o.id, body });
  const id = (field: string) => `${o.id}-${field}`;
  const saveAction = () => {
    if (what.trim() && actionOwner.trim() && due) send({ action: { what, owner: actionOwner, due } });
  };
  return (
    <div className="answer">
      <fieldset>
        <legend>Level achieved</legend>
        {o.levels.map((choice) => (
          <label key={choice} className="check">
            <input
              type="radio"
              name={id('level')}
              value={choice}
              checked={choice === level}
              onChange={() => {
                setLevel(choice);
                send({ level: choice });
              }}
            />{' '}
            {choice}
          </label>
        ))}
      </fieldset>
      <label htmlFor={id('justification')}>Why this level</label>
      <textarea
        id={id('justification')}
        value={justification}
        rows={2}
        onChange={(e) => setJustification(e.target.value)}
        onBlur={() => justification !== o.justification && send({ justification })}
      />
      <label htmlFor={id('notes')}>Evidence notes and links</label>
      <textarea
        id={id('notes')}
        value={notes}
        rows={2}
        onChange={(e) => setNotes(e.target.value)}
        onBlur={() => notes !== o.evidenceNotes && send({ evidenceNotes: notes })}
      />
      <label htmlFor={id('owner')}>Who owns this</label>
      <input
        id={id('owner')}
        value={owner}
        onChange={(e) => setOwner(e.target.value)}
        onBlur={() => owner !== (o.owner ?? '') && send({ owner: owner || null })}
      />
      {o.standing !== 'meets' && o.level !== null && (
        <fieldset className="action">
          <legend>Improvement action (needed below profile)</legend>
          <label htmlFor={id('what')}>What will be done</label>
          <input id={id('what')} value={what} onChange={(e) => setWhat(e.target.value)} onBlur={saveAction} />
          <label htmlFor={id('action-owner')}>Who will do it</label>
          <input
            id={id('action-owner')}
            value={actionOwner}
            onChange={(e) => setActionOwner(e.target.value)}
            onBlur={saveAction}
          />
          <label htmlFor={id('due')}>By when</label>
          <input
            id={id('due')}
            type="date"
            value={due}
            onChange={(e) => setDue(e.target.value)}
            onBlur={saveAction}
          />
        </fieldset>
      )}
      <p className="muted" aria-live="polite" data-saved={save.isSuccess ? 'true' : 'false'}>
        {save.isPending ? 'Saving…' : save.isSuccess ? 'Saved' : ''}
      </p>
      {save.error && <ErrorNote error={save.error} />}
    </div>
  );
}
