/**
 * Every read path of indicators, in one list, for the TLP matrix (tlp-matrix.test.ts). Each path
 * reads as one caller and says what it revealed of the seeded indicators: the ids it showed, or
 * counts by marking. A new read path (STIX export, TAXII, incidents) is one more entry here.
 * The CLI is local administration (it sees every marking): `ward indicator list|show --json` are
 * checked as such in test/e2e/cli-indicator.test.ts.
 */
import type { FastifyInstance } from 'fastify';

/** One seeded indicator: its id, value and marking. */
export interface Seeded {
  id: string;
  value: string;
  tlp: string;
}

/**
 * What a caller's read revealed: seeded ids seen (`partial`: a path that shows only some of what
 * the caller may see, such as the flags of its own organisation, where only leaks are checked), or
 * counts per marking.
 */
export type Reveal = { seen: Set<string>; partial?: true } | { counts: Record<string, number> };

export interface ReadPath {
  name: string;
  /** `org`: the caller's own organisation (ODS code). */
  read(app: FastifyInstance, token: string, seeded: readonly Seeded[], org: string): Promise<Reveal>;
}

async function get(app: FastifyInstance, token: string, url: string) {
  const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  if (res.statusCode !== 200 && res.statusCode !== 404)
    throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res;
}

/** Ids of the seeded indicators a per-indicator read answers 200 for (404 hides; anything else fails). */
async function each(
  app: FastifyInstance,
  token: string,
  seeded: readonly Seeded[],
  url: (s: Seeded) => string,
  shows: (body: Record<string, unknown>, s: Seeded) => boolean,
): Promise<Reveal> {
  const seen = new Set<string>();
  for (const s of seeded) {
    const res = await get(app, token, url(s));
    if (res.statusCode === 200 && shows(res.json(), s)) seen.add(s.id);
  }
  return { seen };
}

export const INDICATOR_READ_PATHS: readonly ReadPath[] = [
  {
    name: 'API list (every page)',
    async read(app, token, seeded) {
      const ids = new Set(seeded.map((s) => s.id));
      const seen = new Set<string>();
      let cursor: string | null = null;
      do {
        const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const body = (await get(app, token, `/api/v1/indicators?limit=2${q}`)).json();
        for (const i of body.items as { id: string }[]) if (ids.has(i.id)) seen.add(i.id);
        cursor = body.nextCursor;
      } while (cursor);
      return { seen };
    },
  },
  {
    name: 'API search by value',
    read: (app, token, seeded) =>
      each(
        app,
        token,
        seeded,
        (s) => `/api/v1/indicators?value=${encodeURIComponent(s.value.replace('.', '[.]'))}`,
        (body, s) => (body.items as { id: string }[]).some((i) => i.id === s.id),
      ),
  },
  {
    name: 'API show',
    read: (app, token, seeded) =>
      each(
        app,
        token,
        seeded,
        (s) => `/api/v1/indicators/${s.id}`,
        (body, s) => body.id === s.id,
      ),
  },
  {
    name: 'API sightings view',
    read: (app, token, seeded) =>
      each(
        app,
        token,
        seeded,
        (s) => `/api/v1/indicators/${s.id}/sightings`,
        (body) => typeof body.organisations === 'number',
      ),
  },
  {
    name: "API flags of the caller's own organisation (every seeded value lies under its registered domain)",
    async read(app, token, seeded, org) {
      const ids = new Set(seeded.map((s) => s.id));
      const body = (await get(app, token, `/api/v1/indicators/flags?org=${org}`)).json();
      const seen = new Set<string>();
      for (const f of body.items as { indicator: { id: string } | null }[])
        if (f.indicator && ids.has(f.indicator.id)) seen.add(f.indicator.id);
      return { seen, partial: true };
    },
  },
  {
    name: 'API summary (counts by marking)',
    async read(app, token) {
      const body = (await get(app, token, '/api/v1/indicators/summary')).json();
      return {
        counts: Object.fromEntries(
          (body.byTlp as { tlp: string; count: number }[]).map((t) => [t.tlp, t.count]),
        ),
      };
    },
  },
  {
    name: 'STIX export (GET /api/v1/stix/bundle)',
    async read(app, token, seeded) {
      const byValue = new Map(seeded.map((s) => [s.value, s.id]));
      const body = (await get(app, token, '/api/v1/stix/bundle')).json();
      const seen = new Set<string>();
      for (const o of body.objects as { type: string; name?: string }[]) {
        const id = o.type === 'indicator' && o.name ? byValue.get(o.name) : undefined;
        if (id) seen.add(id);
      }
      return { seen };
    },
  },
  {
    name: 'TAXII 2.1 (every collection the caller has, every page)',
    async read(app, token, seeded) {
      const byValue = new Map(seeded.map((s) => [s.value, s.id]));
      const headers = { authorization: `Bearer ${token}`, accept: 'application/taxii+json;version=2.1' };
      const taxii = async (url: string) => {
        const res = await app.inject({ method: 'GET', url, headers });
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
        return res.json();
      };
      const seen = new Set<string>();
      const { collections } = await taxii('/taxii2/ward/collections/');
      for (const c of collections as { id: string }[]) {
        let next: string | undefined;
        do {
          const q = next ? `&next=${encodeURIComponent(next)}` : '';
          const page = await taxii(`/taxii2/ward/collections/${c.id}/objects/?limit=2${q}`);
          for (const o of (page.objects ?? []) as { type: string; name?: string }[]) {
            const id = o.type === 'indicator' && o.name ? byValue.get(o.name) : undefined;
            if (id) seen.add(id);
          }
          next = page.more ? page.next : undefined;
        } while (next);
      }
      return { seen };
    },
  },
];
