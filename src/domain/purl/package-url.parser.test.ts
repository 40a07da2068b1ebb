import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../../bench/shared-data.js';
import type { VersionScheme } from '../rules/match-rule.js';
import { compareVersions, versionSortKey } from '../versions/version-scheme.js';
import { PurlParseError, parsePurl, purlKey } from './package-url.parser.js';
import { componentFromPurl } from './purl-component.js';
import { versionSchemeForPurlType } from './purl-scheme.js';

describe('parsePurl', () => {
  it('gives the key, version and scheme of a maven purl, case kept', () => {
    expect(parsePurl('pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1')).toEqual({
      type: 'maven',
      namespace: 'org.apache.logging.log4j',
      name: 'log4j-core',
      version: '2.14.1',
      qualifiers: {},
      subpath: null,
      key: 'pkg:maven/org.apache.logging.log4j/log4j-core',
      scheme: 'maven',
    });
    expect(parsePurl('pkg:maven/com.Example/MyLib@1.0').key).toBe('pkg:maven/com.Example/MyLib');
  });

  it('lower-cases where the purl spec says names are case-insensitive', () => {
    expect(parsePurl('pkg:NPM/%40Angular/Core@16.0.0').key).toBe('pkg:npm/%40angular/core');
    expect(parsePurl('pkg:pypi/Django_REST_framework@3.14.0').key).toBe('pkg:pypi/django-rest-framework');
    expect(parsePurl('pkg:deb/Debian/OpenSSL@1.1.1n-0%2Bdeb11u3?arch=amd64')).toMatchObject({
      key: 'pkg:deb/debian/openssl',
      version: '1.1.1n-0+deb11u3',
      qualifiers: { arch: 'amd64' },
      scheme: 'debian',
    });
    expect(parsePurl('pkg:golang/github.com/Azure/go-autorest@v14.2.0').key).toBe(
      'pkg:golang/github.com/Azure/go-autorest',
    );
  });

  it('rejects invalid purls with an error quoting the input', () => {
    for (const input of ['log4j-core', 'pkg:maven/log4j-core@2.14.1', 'pkg:npm/', '']) {
      expect(() => parsePurl(input)).toThrow(PurlParseError);
      expect(() => parsePurl(input)).toThrow(JSON.stringify(input));
    }
  });

  it('builds keys directly', () => {
    expect(purlKey('npm', '@babel', 'core')).toBe('pkg:npm/%40babel/core');
  });
});

describe('versionSchemeForPurlType', () => {
  it('maps ecosystems to schemes', () => {
    expect(
      [
        'maven',
        'npm',
        'golang',
        'cargo',
        'composer',
        'gem',
        'nuget',
        'deb',
        'rpm',
        'pypi',
        'conan',
        'generic',
      ].map(versionSchemeForPurlType),
    ).toEqual([
      'maven',
      'semver',
      'semver',
      'semver',
      'semver',
      'semver',
      'semver',
      'debian',
      'rpm',
      'pypi',
      'generic',
      'generic',
    ]);
  });
});

describe('componentFromPurl', () => {
  it('folds the rpm epoch qualifier into the version', () => {
    expect(componentFromPurl('pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&epoch=1')).toEqual({
      key: 'pkg:rpm/fedora/curl',
      version: '1:7.50.3-1.fc25',
      update: null,
      scheme: 'rpm',
    });
    expect(componentFromPurl('pkg:npm/lodash')).toMatchObject({ version: null, scheme: 'semver' });
  });
});

const sbomDir = path.join(SHARED_DATA, 'sbom/cyclonedx');
const sbomPresent = existsSync(sbomDir);

describe.skipIf(!sbomPresent)(
  sbomPresent
    ? 'parsePurl on the real CycloneDX examples'
    : `parsePurl on real SBOMs [SKIPPED: ${sbomDir} not found]`,
  () => {
    it('reads every purl, and their versions order by key as by compare', () => {
      const byScheme = new Map<VersionScheme, Set<string>>();
      let count = 0;
      for (const file of readdirSync(sbomDir)) {
        for (const match of readFileSync(path.join(sbomDir, file), 'utf8').matchAll(
          /"purl"\s*:\s*"([^"]+)"/g,
        )) {
          const purl = parsePurl(match[1]!);
          count += 1;
          if (purl.version)
            byScheme.set(purl.scheme, (byScheme.get(purl.scheme) ?? new Set()).add(purl.version));
        }
      }
      expect(count).toBeGreaterThan(3000);
      for (const [scheme, versions] of byScheme) {
        const byCompare = [...versions].sort((a, b) => compareVersions(scheme, a, b));
        const byKey = [...versions].sort((a, b) => {
          const x = versionSortKey(scheme, a);
          const y = versionSortKey(scheme, b);
          return x < y ? -1 : x > y ? 1 : 0;
        });
        expect(byKey.map((v) => versionSortKey(scheme, v))).toEqual(
          byCompare.map((v) => versionSortKey(scheme, v)),
        );
      }
    });
  },
);
