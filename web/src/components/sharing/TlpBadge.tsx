/**
 * A TLP 2.0 marking as FIRST's guidance shows it: the label `TLP:AMBER+STRICT` in the marking's
 * colour on black (RED #FF2B2B, AMBER #FFC000, GREEN #33FF00, CLEAR #FFFFFF), the text always there
 * so the colour is never the only signal; its meaning in the tooltip and for screen readers.
 */
const MEANING: Record<string, string> = {
  CLEAR: 'No limit on disclosure: may be shared publicly.',
  GREEN: 'Whole federation: every organisation in Ward may see it; not to be published.',
  AMBER: 'The producing organisation, and the organisations or sharing groups it names.',
  'AMBER+STRICT': 'The producing organisation only.',
  RED: 'Only the people named, by name.',
};

export const TLP_ORDER = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;

export function TlpBadge({ tlp }: { tlp: string }) {
  const slug = tlp.toLowerCase().replace('+', '-');
  return (
    <span className={`tlp tlp-${slug}`} title={MEANING[tlp]} data-tlp={tlp}>
      TLP:{tlp}
    </span>
  );
}
