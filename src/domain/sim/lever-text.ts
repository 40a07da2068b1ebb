/**
 * Levers written as short text, as the CLI and the API take them:
 *   patch=0.9[@H]  smb1=1[@H]  block=internet|wan|clinical-office[@H]  isolate=H  kill-switch=H
 * where H is hours after the start (negative: before it). Errors carry the text and the reason.
 */
import type { Boundary, Lever } from './scenario.js';

export type LeverTextResult = { ok: true; lever: Lever } | { ok: false; reason: string };

const BOUNDARIES: readonly Boundary[] = ['internet', 'wan', 'clinical-office'];

export function parseLever(text: string): LeverTextResult {
  const m = /^([a-z0-9-]+)=([^@]+)(?:@(-?\d+(?:\.\d+)?)h?)?$/i.exec(text.trim());
  if (!m) return { ok: false, reason: `"${text.slice(0, 40)}" is not NAME=VALUE[@HOURS]` };
  const [, name, value, at] = m as unknown as [string, string, string, string | undefined];
  const atHours = at === undefined ? 0 : Number(at);
  const share = Number(value);
  const hours = Number(value);
  switch (name.toLowerCase()) {
    case 'patch':
    case 'smb1':
      if (!(share >= 0 && share <= 1))
        return { ok: false, reason: `${name} share must be between 0 and 1, got ${value}` };
      return {
        ok: true,
        lever:
          name === 'patch' ? { kind: 'patch', share, atHours } : { kind: 'disable-smb1', share, atHours },
      };
    case 'block':
      if (!(BOUNDARIES as readonly string[]).includes(value))
        return { ok: false, reason: `block takes ${BOUNDARIES.join(', ')}, got ${value}` };
      return { ok: true, lever: { kind: 'block', boundary: value as Boundary, atHours } };
    case 'isolate':
      if (!(hours >= 0))
        return { ok: false, reason: `isolate takes hours after the first infection, got ${value}` };
      return { ok: true, lever: { kind: 'isolate', afterHours: hours } };
    case 'kill-switch':
      if (!Number.isFinite(hours)) return { ok: false, reason: `kill-switch takes an hour, got ${value}` };
      return { ok: true, lever: { kind: 'kill-switch', atHours: hours } };
    default:
      return { ok: false, reason: `unknown lever ${name} (patch, smb1, block, isolate, kill-switch)` };
  }
}

export function leverText(l: Lever): string {
  switch (l.kind) {
    case 'patch':
      return `patch=${l.share}@${l.atHours}h`;
    case 'disable-smb1':
      return `smb1=${l.share}@${l.atHours}h`;
    case 'block':
      return `block=${l.boundary}@${l.atHours}h`;
    case 'isolate':
      return `isolate=${l.afterHours}`;
    case 'kill-switch':
      return `kill-switch=${l.atHours}`;
  }
}
