/**
 * Indicator values: what kinds Ward shares, how each is recognised and written in one canonical
 * form (so that the same address reported twice, or a defanged copy, is the same indicator), and
 * the reason when a value is not what its kind says.
 */
import { formatIp, parseIp, parseRange } from '../outside/ip.js';

export const INDICATOR_TYPES = [
  'ipv4',
  'ipv6',
  'ipv4-cidr',
  'ipv6-cidr',
  'domain',
  'url',
  'email',
  'md5',
  'sha1',
  'sha256',
] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

export type IndicatorValue = { ok: true; type: IndicatorType; value: string } | { ok: false; reason: string };

const HASH: Record<'md5' | 'sha1' | 'sha256', number> = { md5: 32, sha1: 40, sha256: 64 };
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const EMAIL_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$/;

/** Undoes the usual defanging: `hxxp://`, `[.]`, `(.)`, `[:]`, `[@]`, `[at]`. */
export function refang(text: string): string {
  return text
    .trim()
    .replace(/^hxxp(s?):\/\//i, 'http$1://')
    .replace(/\[\.\]|\(\.\)|\{\.\}/g, '.')
    .replace(/\[:\]/g, ':')
    .replace(/\[@\]|\[at\]/gi, '@');
}

/** A domain name in lower case without a trailing dot, or null. */
export function canonicalDomain(text: string): string | null {
  const d = text.trim().toLowerCase().replace(/\.$/, '');
  if (d.length > 253 || !d.includes('.')) return null;
  const labels = d.split('.');
  if (!labels.every((l) => LABEL.test(l))) return null;
  // The last label is a top-level domain: letters (or an IDN's xn-- form), never all digits.
  const tld = labels[labels.length - 1] as string;
  return /^[a-z]{2,63}$|^xn--[a-z0-9-]+$/.test(tld) ? d : null;
}

function classify(type: IndicatorType, text: string): IndicatorValue {
  const fail = (what: string): IndicatorValue => ({
    ok: false,
    reason: `"${text.slice(0, 80)}" is not ${what}`,
  });
  switch (type) {
    case 'ipv4':
    case 'ipv6': {
      const ip = parseIp(text);
      const family = type === 'ipv4' ? 4 : 6;
      if (!ip || ip.family !== family) return fail(`an IPv${family} address`);
      return { ok: true, type, value: formatIp(ip.family, ip.value) };
    }
    case 'ipv4-cidr':
    case 'ipv6-cidr': {
      const range = parseRange(text);
      const family = type === 'ipv4-cidr' ? 4 : 6;
      if (!range.ok) return { ok: false, reason: range.reason };
      if (range.family !== family || !text.includes('/'))
        return fail(`an IPv${family} range like ${family === 4 ? '192.0.2.0/24' : '2001:db8::/32'}`);
      return { ok: true, type, value: range.text };
    }
    case 'domain': {
      const d = canonicalDomain(text);
      return d ? { ok: true, type, value: d } : fail('a domain name');
    }
    case 'url': {
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        return fail('a URL');
      }
      if (!/^(https?|ftp):$/.test(url.protocol) || url.hostname === '')
        return fail('an http, https or ftp URL');
      return { ok: true, type, value: url.href };
    }
    case 'email': {
      const at = text.lastIndexOf('@');
      const local = text.slice(0, at);
      const domain = at > 0 ? canonicalDomain(text.slice(at + 1)) : null;
      if (!domain || !EMAIL_LOCAL.test(local) || local.startsWith('.') || local.endsWith('.'))
        return fail('an e-mail address');
      // Lower-cased whole: mail systems treat the local part without case in practice, and one
      // sender must be one indicator however a report capitalised it.
      return { ok: true, type, value: `${local.toLowerCase()}@${domain}` };
    }
    case 'md5':
    case 'sha1':
    case 'sha256': {
      const hex = text.toLowerCase();
      return new RegExp(`^[0-9a-f]{${HASH[type]}}$`).test(hex)
        ? { ok: true, type, value: hex }
        : fail(`a ${type.toUpperCase()} hash (${HASH[type]} hexadecimal digits)`);
    }
  }
}

/**
 * The canonical form of a value of the given kind, or — with no kind — of whichever kind it is
 * (an address, a range, a URL, an e-mail address, a hash by its length, else a domain). Defanged
 * values are read refanged.
 */
export function parseIndicatorValue(text: string, type?: string): IndicatorValue {
  const value = refang(text);
  if (value === '') return { ok: false, reason: 'the value is empty' };
  if (type !== undefined) {
    const t = type.trim().toLowerCase();
    if (!(INDICATOR_TYPES as readonly string[]).includes(t))
      return { ok: false, reason: `type "${type.slice(0, 40)}" is not one of ${INDICATOR_TYPES.join(', ')}` };
    return classify(t as IndicatorType, value);
  }
  return classify(guessType(value), value);
}

function guessType(value: string): IndicatorType {
  if (value.includes('/') && !value.includes('://')) return value.includes(':') ? 'ipv6-cidr' : 'ipv4-cidr';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return 'url';
  if (value.includes('@')) return 'email';
  const ip = parseIp(value);
  if (ip) return ip.family === 4 ? 'ipv4' : 'ipv6';
  if (/^[0-9a-f]+$/i.test(value)) {
    if (value.length === 32) return 'md5';
    if (value.length === 40) return 'sha1';
    if (value.length === 64) return 'sha256';
  }
  return 'domain';
}
