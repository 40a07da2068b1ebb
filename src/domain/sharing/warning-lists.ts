/**
 * Warning lists: an indicator whose value falls in a shipped list (private ranges, public
 * resolvers, common domains) — or in extra ranges Ward knows, such as the federation's own
 * registered addresses — is flagged on entry with the list's reason. Flagged, not refused: an
 * analyst may still mean it.
 */
import { AddressTable } from '../outside/address-table.js';
import { parseIp, parseRange } from '../outside/ip.js';
import type { IndicatorType } from './indicator-value.js';
import data from './warning-lists.json' with { type: 'json' };

export interface WarningList {
  id: string;
  name: string;
  why: string;
}

interface ListFile {
  lists: (WarningList & { source: string; ranges?: string[]; domains?: string[] })[];
}

function load(file: ListFile) {
  const claims = [];
  const domains = new Map<string, WarningList>();
  for (const list of file.lists) {
    const info = { id: list.id, name: list.name, why: list.why };
    for (const text of list.ranges ?? []) {
      const range = parseRange(text);
      if (!range.ok) throw new Error(`warning list ${list.id}: ${range.reason}`);
      claims.push({ range, owner: info });
    }
    for (const d of list.domains ?? []) domains.set(d, info);
  }
  return { ranges: new AddressTable(claims), domains };
}

const SHIPPED = load(data as ListFile);

/** The host part of a URL or e-mail address, or the value itself for a domain. */
function hostOf(type: IndicatorType, value: string): string | null {
  if (type === 'domain') return value;
  if (type === 'email') return value.slice(value.lastIndexOf('@') + 1);
  if (type === 'url') {
    try {
      return new URL(value).hostname.replace(/^\[|\]$/g, '');
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The warning lists a value falls in (empty when none). `extra` holds more ranges to warn about,
 * such as the federation's own addresses, built once by the caller.
 */
export function warningsFor(
  type: IndicatorType,
  value: string,
  extra?: AddressTable<WarningList>,
): WarningList[] {
  const found: WarningList[] = [];
  const tables = extra ? [SHIPPED.ranges, extra] : [SHIPPED.ranges];
  const address = type.endsWith('-cidr') ? value.slice(0, value.indexOf('/')) : value;
  const host = hostOf(type, value);
  const ipText = type.startsWith('ipv') ? address : host && parseIp(host) ? host : null;
  if (ipText)
    for (const t of tables) {
      const hit = t.lookup(ipText);
      if (hit) found.push(hit.owner);
    }
  if (host && !parseIp(host)) {
    // The domain or any parent of it: a list naming microsoft.com covers update.microsoft.com.
    const labels = host.split('.');
    for (let i = 0; i < labels.length - 1; i++) {
      const hit = SHIPPED.domains.get(labels.slice(i).join('.'));
      if (hit) {
        found.push(hit);
        break;
      }
    }
  }
  return found;
}
