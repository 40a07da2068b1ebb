/**
 * STIX 2.1 patterns for Ward's indicator kinds, and the reverse for the simple patterns other tools
 * send (one comparison of a supported object path, or several joined by OR). Anything richer is
 * kept as the producer wrote it but not turned into an indicator value.
 */
import { type IndicatorType, parseIndicatorValue } from './indicator-value.js';

const PATH: Record<IndicatorType, string> = {
  ipv4: 'ipv4-addr:value',
  'ipv4-cidr': 'ipv4-addr:value',
  ipv6: 'ipv6-addr:value',
  'ipv6-cidr': 'ipv6-addr:value',
  domain: 'domain-name:value',
  url: 'url:value',
  email: 'email-addr:value',
  md5: 'file:hashes.MD5',
  sha1: "file:hashes.'SHA-1'",
  sha256: "file:hashes.'SHA-256'",
};

/** A STIX string literal: backslashes and single quotes escaped. */
export function stixString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The STIX pattern that matches the value (a range as ISSUBSET, every other kind by equality). */
export function stixPattern(type: IndicatorType, value: string): string {
  const op = type.endsWith('-cidr') ? 'ISSUBSET' : '=';
  return `[${PATH[type]} ${op} ${stixString(value)}]`;
}

const PATH_TYPES: Record<string, IndicatorType[]> = {
  'ipv4-addr:value': ['ipv4', 'ipv4-cidr'],
  'ipv6-addr:value': ['ipv6', 'ipv6-cidr'],
  'domain-name:value': ['domain'],
  'url:value': ['url'],
  'email-addr:value': ['email'],
  'email-message:from_ref.value': ['email'],
  'email-message:sender_ref.value': ['email'],
  'file:hashes.md5': ['md5'],
  "file:hashes.'md5'": ['md5'],
  "file:hashes.'sha-1'": ['sha1'],
  'file:hashes.sha1': ['sha1'],
  "file:hashes.'sha1'": ['sha1'],
  "file:hashes.'sha-256'": ['sha256'],
  'file:hashes.sha256': ['sha256'],
  "file:hashes.'sha256'": ['sha256'],
};

const COMPARISON = /^\s*([a-z0-9-]+:[A-Za-z0-9_.'-]+)\s+(=|ISSUBSET)\s+'((?:[^'\\]|\\.)*)'\s*$/;

/**
 * The indicator values of a simple pattern: `[a = 'x']`, `[a = 'x' OR b = 'y']`, or `[a = 'x'] OR
 * [b = 'y']`. Null when the pattern has any other shape (AND, FOLLOWEDBY, qualifiers, other paths).
 */
export function valuesOfPattern(pattern: string): { type: IndicatorType; value: string }[] | null {
  const p = pattern.trim();
  const observations = p.split(/\]\s+OR\s+\[/);
  if (!p.startsWith('[') || !p.endsWith(']')) return null;
  const out: { type: IndicatorType; value: string }[] = [];
  for (const [i, raw] of observations.entries()) {
    const body = raw.slice(i === 0 ? 1 : 0, i === observations.length - 1 ? -1 : undefined);
    for (const part of body.split(/\s+OR\s+/)) {
      const m = COMPARISON.exec(part);
      if (!m) return null;
      const types = PATH_TYPES[(m[1] as string).toLowerCase()];
      if (!types) return null;
      const literal = (m[3] as string).replace(/\\(.)/g, '$1');
      const wanted = m[2] === 'ISSUBSET' ? types.filter((t) => t.endsWith('-cidr')) : types;
      const parsed = wanted.map((t) => parseIndicatorValue(literal, t)).find((v) => v.ok);
      if (!parsed?.ok) return null;
      out.push({ type: parsed.type, value: parsed.value });
    }
  }
  return out;
}
