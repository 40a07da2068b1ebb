/**
 * An incident's reporting deadlines, presented as alert acknowledgement deadlines are: the due
 * time, and "overdue" flagged in red on a highlighted row.
 */
import type { IncidentSummary } from '../../api/types';
import { dateTime } from '../format';
import { DEADLINE_LABEL } from './labels';

type Deadline = IncidentSummary['deadlines'][number];

/** The deadlines still open (due or overdue), in one cell of the incident list. */
export function OpenDeadlines({ deadlines }: { deadlines: Deadline[] }) {
  const open = deadlines.filter((d) => d.state === 'due' || d.state === 'overdue');
  if (open.length === 0) return <span className="muted">none open</span>;
  return (
    <ul className="plain">
      {open.map((d) => (
        <li key={d.id}>
          {d.name} by {dateTime(d.dueAt)}
          {d.state === 'overdue' && <strong className="flag"> overdue</strong>}
        </li>
      ))}
    </ul>
  );
}

export function DeadlineTable({ deadlines }: { deadlines: Deadline[] }) {
  return (
    <div className="table-wrap">
      <table id="incident-deadlines">
        <caption>Reporting deadlines (counted from detection)</caption>
        <thead>
          <tr>
            <th scope="col">Report</th>
            <th scope="col">Due</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {deadlines.map((d) => (
            <tr key={d.id} data-deadline={d.id} className={d.state === 'overdue' ? 'overdue' : ''}>
              <th scope="row">{d.name}</th>
              <td>{dateTime(d.dueAt)}</td>
              <td data-field="state">
                {d.state === 'overdue' ? <strong className="flag">overdue</strong> : DEADLINE_LABEL[d.state]}
                {d.metAt && ` (${dateTime(d.metAt)})`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
