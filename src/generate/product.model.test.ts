import { describe, expect, it } from 'vitest';
import { app, fixed, generation, oneOf, pair, someOf } from './app.model.js';
import { Prng } from './prng.js';
import { cpeProduct, plainProduct, purlProduct } from './product.model.js';

describe('Product', () => {
  const jre = cpeProduct({
    part: 'a',
    vendor: 'oracle',
    product: 'jre',
    versions: ['1.8.0|update_{291..301..10}'],
    display: (v, u) => `${v}_${u?.replace('update_', '')}`,
  });

  it('builds CPE components with update fields and a display version', () => {
    expect(jre.versions).toEqual(['1.8.0|update_291', '1.8.0|update_301']);
    expect(jre.latest()).toMatchObject({
      vendor: 'oracle',
      product: 'jre',
      version: '1.8.0_301',
      cpe: 'cpe:2.3:a:oracle:jre:1.8.0:update_301:*:*:*:*:*:*',
      purl: '',
    });
    expect(jre.latest().csvTail).toBe(
      'oracle,jre,1.8.0_301,cpe:2.3:a:oracle:jre:1.8.0:update_301:*:*:*:*:*:*,\n',
    );
  });

  it('shares one component object per version and clamps indexes', () => {
    expect(jre.at(1)).toBe(jre.latest());
    expect(jre.at(99)).toBe(jre.latest());
    expect(jre.at(-5)).toBe(jre.at(0));
    expect(Object.isFrozen(jre.at(0))).toBe(true);
  });

  it('builds purl and plain components with their identities', () => {
    const core = purlProduct({
      type: 'maven',
      namespace: 'org.apache.logging.log4j',
      name: 'log4j-core',
      versions: ['2.14.1'],
    });
    expect(core.latest()).toMatchObject({
      vendor: 'org.apache.logging.log4j',
      product: 'log4j-core',
      identity: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
    });
    const emis = plainProduct('emis_health', 'emis_web', ['9.{10..11}.0']);
    expect(emis.latest()).toMatchObject({ cpe: '', purl: '', identity: 'emis_health|emis_web|9.11.0' });
  });

  it('picks newer versions for small lags and older ones for large lags', () => {
    const p = plainProduct('v', 'p', ['{0..99}']);
    const rng = new Prng(1);
    const fresh = Array.from({ length: 200 }, () => p.indexForLag(0.02, rng));
    const stale = Array.from({ length: 200 }, () => p.indexForLag(0.6, rng));
    expect(Math.min(...fresh)).toBeGreaterThan(90);
    expect(stale.reduce((s, i) => s + i, 0) / 200).toBeLessThan(60);
    expect(p.step(98, 5)).toBe(99);
    expect(p.step(1, -5)).toBe(0);
  });
});

describe('app specs', () => {
  const a = plainProduct('v', 'a', ['{0..9}']);
  const b = plainProduct('v', 'b', ['{0..9}']);
  const rng = new Prng(2);

  it('bundles libraries at a related age and pairs products at the same version', () => {
    const [main, lib] = app(a, [b]).pick(rng, 0);
    expect(main!.index).toBe(9);
    expect(lib!.index).toBeGreaterThanOrEqual(7);
    const [x, y] = pair(a, [b]).pick(rng, 0.5);
    expect(x!.index).toBe(y!.index);
    expect(() => pair(a, [plainProduct('v', 'c', ['1'])])).toThrow(/not versioned like/);
  });

  it('fixes versions, picks generations and optional parts', () => {
    expect(fixed(a, '3').pick(rng, 0)).toEqual([{ product: a, index: 3 }]);
    expect(() => fixed(a, '42')).toThrow(/no version 42/);
    expect(generation('g', [fixed(a, '1'), fixed(a, '2')]).pick(rng, 0)[0]!.index).toBe(2);
    expect(someOf('s', [[fixed(a, '1'), 0]]).pick(rng, 0)).toEqual([]);
    expect(oneOf('o', [[fixed(b, '5'), 1]]).pick(rng, 0)[0]!.product).toBe(b);
  });
});
