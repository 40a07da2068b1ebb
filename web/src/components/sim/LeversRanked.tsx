/** The levers ranked against a worm run: organisations and clinical devices each would spare. */
import type { WormRun } from '../../api/types';

type Lever = NonNullable<NonNullable<WormRun['national']>['levers']>[number];

export function LeversRanked({ levers }: { levers: Lever[] }) {
  return (
    <section aria-labelledby="levers">
      <h2 id="levers">Levers ranked</h2>
      <div className="table-wrap">
        <table id="levers-table">
          <caption>Each lever alone on top of this scenario, same random runs; best first</caption>
          <thead>
            <tr>
              <th scope="col">Lever</th>
              <th scope="col" className="num">
                Organisations spared
              </th>
              <th scope="col" className="num">
                Clinical devices spared
              </th>
            </tr>
          </thead>
          <tbody>
            {levers.map((l) => (
              <tr key={l.lever} data-lever={l.lever}>
                <th scope="row">
                  <code>{l.lever}</code>
                </th>
                <td className="num">{l.infectedOrgsAvoided.toFixed(1)}</td>
                <td className="num">{l.clinicalDownAvoided.toFixed(1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
