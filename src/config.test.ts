import { afterEach, describe, expect, it } from 'vitest';
import { config, resetConfig } from './config.js';
import { ConfigError } from './errors.js';

const NAMES = ['WARD_DIGEST_HOUR', 'WARD_DIGEST_TIMEZONE'] as const;
const saved = Object.fromEntries(NAMES.map((n) => [n, process.env[n]]));

describe('digest configuration', () => {
  afterEach(() => {
    for (const n of NAMES) {
      if (saved[n] === undefined) delete process.env[n];
      else process.env[n] = saved[n];
    }
    resetConfig();
  });

  it('sends digests from 07:00 London time unless told otherwise', () => {
    for (const n of NAMES) delete process.env[n];
    resetConfig();
    expect(config().notifications).toMatchObject({ digestHour: 7, digestTimeZone: 'Europe/London' });
    process.env.WARD_DIGEST_HOUR = '6';
    process.env.WARD_DIGEST_TIMEZONE = 'Europe/Dublin';
    resetConfig();
    expect(config().notifications).toMatchObject({ digestHour: 6, digestTimeZone: 'Europe/Dublin' });
  });

  it('refuses a time zone the runtime does not know, naming the variable', () => {
    process.env.WARD_DIGEST_TIMEZONE = 'GMT+Summer';
    resetConfig();
    expect(() => config()).toThrow(ConfigError);
    expect(() => config()).toThrow(/WARD_DIGEST_TIMEZONE must be an IANA time zone.*"GMT\+Summer"/);
  });
});
