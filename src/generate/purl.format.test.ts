import { PackageURL } from 'packageurl-js';
import { describe, expect, it } from 'vitest';
import { formatPurl } from './purl.format.js';

describe('formatPurl', () => {
  it('formats maven, npm and qualified purls that packageurl-js parses back', () => {
    const cases: [Parameters<typeof formatPurl>, string][] = [
      [
        ['maven', 'org.apache.logging.log4j', 'log4j-core', '2.14.1'],
        'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
      ],
      [['npm', '@angular', 'core', '17.0.3'], 'pkg:npm/%40angular/core@17.0.3'],
      [['npm', '', 'lodash', '4.17.21'], 'pkg:npm/lodash@4.17.21'],
      [
        ['deb', 'ubuntu', 'openssl', '1.1.1f-1ubuntu2', { distro: 'ubuntu-20.04', arch: 'amd64' }],
        'pkg:deb/ubuntu/openssl@1.1.1f-1ubuntu2?arch=amd64&distro=ubuntu-20.04',
      ],
    ];
    for (const [args, expected] of cases) {
      const purl = formatPurl(...args);
      expect(purl).toBe(expected);
      const parsed = PackageURL.fromString(purl);
      expect(parsed.name).toBe(args[2]);
      expect(parsed.version).toBe(args[3]);
    }
  });
});
