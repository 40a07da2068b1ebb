/**
 * Whether a match key names a platform: an operating system or hardware (CPE part o or h). Rules
 * whose conditions all name platforms are decided per platform (component presence keeps each
 * asset's platform); any other condition ("with Java installed") is decided asset by asset.
 */
import { type RawBuilder, sql } from 'kysely';

export function platformKeySql(key: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`(${key} LIKE 'o:%' OR ${key} LIKE 'h:%')`;
}
