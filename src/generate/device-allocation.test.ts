import { describe, expect, it } from 'vitest';
import { planFederation } from './federation.plan.js';

function stats(orgs: number, devices: number) {
  const f = planFederation({ orgs, devices, seed: 1 });
  const byKind = new Map<string, number[]>();
  for (const o of f.organisations) {
    const list = byKind.get(o.kind) ?? [];
    list.push(f.deviceCount(o.code));
    byKind.set(o.kind, list);
  }
  return { f, byKind, sum: (kind: string) => (byKind.get(kind) ?? []).reduce((s, n) => s + n, 0) };
}

describe('device allocation', () => {
  it('shares 2 million devices across a national federation', () => {
    const { f, byKind, sum } = stats(21_000, 2_000_000);
    expect(f.totalDevices).toBe(2_000_000);
    const gp = byKind.get('gp_practice')!;
    expect(Math.min(...gp)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...gp)).toBeLessThanOrEqual(50);
    const trusts = byKind.get('trust')!;
    expect(sum('trust') / 2_000_000).toBeGreaterThan(0.7);
    expect(Math.min(...trusts)).toBeGreaterThan(1000);
    expect(sum('trust') / trusts.length).toBeGreaterThan(5000);
    expect(Math.max(...(byKind.get('pharmacy') ?? []))).toBeLessThanOrEqual(8);
    expect(Math.max(...(byKind.get('social_care') ?? []))).toBeLessThanOrEqual(6);
    expect(sum('site')).toBe(0);
  });

  it('keeps trusts at the core of small or device-poor federations', () => {
    const small = stats(50, 2000);
    expect(small.f.totalDevices).toBe(2000);
    expect(small.sum('trust')).toBeGreaterThanOrEqual(1200);
    const poor = stats(5000, 3000);
    expect(poor.f.totalDevices).toBe(3000);
    expect(poor.sum('trust')).toBeGreaterThanOrEqual(1800);
    expect(stats(20, 0).f.totalDevices).toBe(0);
  });

  it('rejects bad parameters', () => {
    expect(() => planFederation({ orgs: 50, devices: -1 })).toThrow(RangeError);
    expect(() => planFederation({ orgs: 50, devices: 10, seed: 1.5 })).toThrow(RangeError);
    expect(() => planFederation({ orgs: 50, devices: 10, componentsPerDevice: 0 })).toThrow(RangeError);
  });
});
