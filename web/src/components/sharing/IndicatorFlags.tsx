/**
 * Indicators shared in Ward that name one of the organisation's own addresses, ranges, domains or
 * internet-facing services. The indicator itself is shown only where its marking lets the person
 * see it; otherwise only what is the organisation's own.
 */
import { Link } from 'react-router';
import { useIndicatorFlags } from '../../api/queries';
import { dateTime } from '../format';
import { TlpBadge } from './TlpBadge';

const OWN: Record<string, string> = {
  range: 'your address',
  domain: 'your domain',
  service: 'your service at',
};

export function IndicatorFlags({ org }: { org: string }) {
  const flags = useIndicatorFlags(org);
  const items = flags.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="flags-heading" id="indicator-flags">
      <h2 id="flags-heading">Indicators naming what is {org}'s own</h2>
      <ul>
        {items.map((f) => (
          <li key={`${f.org}-${f.kind}-${f.detail}-${f.flaggedAt}`}>
            {dateTime(f.flaggedAt)}:{' '}
            {f.indicator ? (
              <>
                <TlpBadge tlp={f.indicator.tlp} />{' '}
                <Link to={`/indicators/${f.indicator.id}`}>{f.indicator.value}</Link> (shared by{' '}
                {f.indicator.producer}) names {OWN[f.kind]} {f.detail}
              </>
            ) : (
              <>
                an indicator shared in Ward names {OWN[f.kind]} {f.detail} (its marking does not include you)
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
