/**
 * What the alert subcommands share: the clock (`--now`), list options, the acting CLI user and the
 * way times are shown. `notify` and `serve` use the clock too.
 */
import { userInfo } from 'node:os';
import { InvalidArgumentError } from 'commander';
import { config } from '../../../config.js';
import { cliActor } from '../../../domain/access/actor.js';
import { type Clock, fixedClock, parseInstant, systemClock } from '../../../domain/alerts/clock.js';
import type { AlertContext } from '../../../services/alerts/index.js';

/** `--now` for commands that read deadlines. */
export interface ClockOptions {
  now?: Date;
}

export const NOW_HELP =
  'act as if it were this ISO time (drills and tests; default WARD_NOW, else the clock)';

export function instantArg(value: string): Date {
  const at = parseInstant(value);
  if (!at) throw new InvalidArgumentError('expected an ISO 8601 time, e.g. 2026-05-14T09:00Z');
  return at;
}

/** The clock a command uses: --now, else WARD_NOW, else the machine's. */
export function cliClock(options: ClockOptions): Clock {
  const at = options.now ?? config().now;
  return at ? fixedClock(at) : systemClock;
}

/** Repeatable list option: `--cve A B --cve C,D`. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(/[\s,]+/).filter(Boolean)];
}

/** The CLI user (or `--by NAME`) acting, at the command's clock. */
export function cliAlertContext(options: ClockOptions & { by?: string }): AlertContext {
  return {
    actor: cliActor(options.by?.trim() || userInfo().username),
    clock: cliClock(options),
    render: { publicUrl: config().notifications.publicUrl },
  };
}

/** An ISO time as `YYYY-MM-DD HH:MM UTC` ('' for none). */
export const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '');

export const pct = (share: number) => `${Math.round(share * 100)}%`;
