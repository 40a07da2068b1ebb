/**
 * The message the products register's owners get when a new vulnerability names a certified
 * product: what was found, why it matters for the certification, what to do.
 */
import type { CveNote, Recipient, RenderedMessage, RenderOptions } from './message.types.js';

export interface CertifiedProductFacts {
  key: string;
  name: string;
  standard: string;
  certificateRef: string | null;
  expiresOn: string | null;
  use: string;
}

export function renderProductCveNotice(
  product: CertifiedProductFacts,
  cve: CveNote,
  recipient: Recipient,
  options: RenderOptions,
): RenderedMessage {
  const flaw = `${cve.id}${cve.cvssScore === null ? '' : ` (CVSS ${cve.cvssScore})`}${cve.knownExploited ? ', known to be exploited' : ''}`;
  const subject = `New vulnerability in certified product ${product.name}: ${cve.id}`;
  const certificate = `${product.standard}${product.certificateRef ? `, certificate ${product.certificateRef}` : ''}${product.expiresOn ? `, valid until ${product.expiresOn}` : ''}`;
  const lines = [
    `Dear ${recipient.name},`,
    '',
    `A new vulnerability, ${flaw}, affects ${product.name} (${product.key}), which the products register lists as certified for ${product.use === 'any' ? 'use' : product.use} (${certificate}).`,
    ...(cve.summary ? ['', `What it is: ${cve.summary}`] : []),
    '',
    'Why it matters: organisations rely on the certification to choose this product; a flaw in it may change whether it still meets the standard.',
    '',
    'What to do: ask the vendor for its fix and timeline, decide whether the certification stands, and update the register if it does not.',
    ...(options.publicUrl
      ? [
          '',
          `The register: ${options.publicUrl.replace(/\/$/, '')}/products?search=${encodeURIComponent(product.key)}`,
        ]
      : []),
  ];
  return {
    subject,
    text: lines.join('\n'),
    payload: {
      type: 'product.cve',
      product: { ...product },
      cve: { ...cve },
      recipient: { name: recipient.name, email: recipient.email, role: recipient.role },
    },
  };
}
