import { describe, expect, it } from 'vitest';
import {
  type AuditEntry,
  type ChainedEntry,
  canonicalJson,
  chainHash,
  findBreak,
  GENESIS,
} from './audit-chain.js';

function chain(n: number): ChainedEntry[] {
  const out: ChainedEntry[] = [];
  let prev = GENESIS;
  for (let seq = 1; seq <= n; seq++) {
    const e: AuditEntry = {
      seq,
      at: `2026-01-0${seq}T00:00:00.000Z`,
      actor: 'cli:test',
      userId: null,
      orgId: 'o1',
      action: 'test',
      target: null,
      before: null,
      after: { n: seq, nested: { b: 2, a: 1 } },
    };
    const hash = chainHash(prev, e);
    out.push({ ...e, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('audit hash chain', () => {
  it('writes canonical JSON: keys sorted at every level', () => {
    expect(canonicalJson({ b: [{ d: 1, c: null }], a: 'x' })).toBe('{"a":"x","b":[{"c":null,"d":1}]}');
  });

  it('accepts an intact chain, and continues from a given hash', () => {
    const c = chain(5);
    expect(findBreak(c)).toBeNull();
    expect(findBreak(c.slice(2), c[1]?.hash, 2)).toBeNull();
  });

  it('names an edited record, a rewritten-and-rehashed one, and a deletion', () => {
    const edited = chain(5);
    (edited[2] as ChainedEntry).after = { n: 99 };
    expect(findBreak(edited)).toEqual({ kind: 'edited', seq: 3 });

    const rehashed = chain(5);
    const r = rehashed[2] as ChainedEntry;
    r.actor = 'mallory';
    const { prevHash, hash: _, ...entry } = r;
    r.hash = chainHash(prevHash, entry);
    expect(findBreak(rehashed)).toEqual({ kind: 'edited', seq: 3 });

    const c = chain(5);
    expect(findBreak([...c.slice(0, 2), ...c.slice(3)])).toEqual({
      kind: 'deleted',
      afterSeq: 2,
      beforeSeq: 4,
    });
    expect(findBreak(c.slice(1))).toEqual({ kind: 'deleted', afterSeq: null, beforeSeq: 2 });
  });
});
