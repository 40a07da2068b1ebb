/**
 * Every pattern Ward writes parses with the official STIX 2.1 pattern grammar (OASIS's ANTLR
 * grammar, compiled here), and the grammar refuses what it should, so the check is not vacuous.
 */
import { describe, expect, it } from 'vitest';
import { INDICATOR_TYPES, type IndicatorType } from '../../src/domain/sharing/indicator-value.js';
import { stixPattern } from '../../src/domain/sharing/stix-pattern.js';
import { stixPatternErrors, stixVendorMissing } from '../setup/stix-standards.js';

const missing = stixVendorMissing();
if (missing) console.warn(`skipping the STIX pattern grammar tests: ${missing}`);

const SAMPLES: Record<IndicatorType, string> = {
  ipv4: '203.0.113.5',
  ipv6: '2001:db8::1',
  'ipv4-cidr': '198.51.100.0/24',
  'ipv6-cidr': '2001:db8::/32',
  domain: 'evil.example',
  url: "https://evil.example/a?b=c&d='e'\\f",
  email: "o'brien@evil.example",
  md5: 'd41d8cd98f00b204e9800998ecf8427e',
  sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
  sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
};

describe.skipIf(missing !== null)('STIX patterns against the official grammar', () => {
  it.each(INDICATOR_TYPES)('the pattern for %s parses', async (type) => {
    const pattern = stixPattern(type, SAMPLES[type]);
    expect(await stixPatternErrors(pattern), pattern).toEqual([]);
  });

  it('refuses malformed patterns', async () => {
    expect(await stixPatternErrors("[ipv4-addr:value = '1.2.3.4'")).not.toEqual([]);
    expect(await stixPatternErrors("[ipv4-addr:value = 'it's']")).not.toEqual([]);
    expect(await stixPatternErrors('ipv4-addr:value = 1')).not.toEqual([]);
  });
});
