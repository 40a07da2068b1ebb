/**
 * A minimal TAXII 2.1 server on 127.0.0.1 for the pull tests: discovery (its default API root
 * `/feeds/`), one collection `c1`, and objects pages as the test says (status, body text, the
 * `X-TAXII-Date-Added-Last` header), recording every request it gets.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export const TAXII = 'application/taxii+json;version=2.1';
export const GREEN = 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb';
export const AMBER = 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421';

/** A STIX 2.1 indicator of the address 198.51.100.n under a marking. */
export const indicator = (n: number, marking: string) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  created: '2026-02-01T00:00:00.000Z',
  modified: '2026-02-01T00:00:00.000Z',
  pattern: `[ipv4-addr:value = '198.51.100.${n}']`,
  pattern_type: 'stix',
  valid_from: '2026-02-01T00:00:00.000Z',
  object_marking_refs: [marking],
});

export interface StandIn {
  url: string;
  requests: { url: string; authorization?: string; accept?: string }[];
  /** What the objects endpoint answers, by its query (`added_after`, `next`). */
  pages: (query: URLSearchParams) => { status?: number; body: string; last?: string };
  close(): Promise<void>;
}

/** A minimal TAXII 2.1 server: discovery, one API root, one collection, objects as `pages` says. */
export async function standIn(pages: StandIn['pages']): Promise<StandIn> {
  const requests: StandIn['requests'] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const u = new URL(req.url ?? '/', 'http://x');
    requests.push({
      url: req.url ?? '',
      authorization: req.headers.authorization,
      accept: req.headers.accept,
    });
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': TAXII, ...headers });
      res.end(body);
    };
    if (u.pathname === '/taxii2/')
      return send(200, JSON.stringify({ title: 'stand-in', default: '/feeds/', api_roots: ['/feeds/'] }));
    if (u.pathname === '/feeds/collections/c1/')
      return send(200, JSON.stringify({ id: 'c1', title: 'Partner feed', can_read: true, can_write: false }));
    if (u.pathname === '/feeds/collections/c1/objects/') {
      const p = stand.pages(u.searchParams);
      return send(p.status ?? 200, p.body, p.last ? { 'X-TAXII-Date-Added-Last': p.last } : {});
    }
    send(404, JSON.stringify({ title: 'Not found', http_status: '404' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const stand: StandIn = {
    url: `http://127.0.0.1:${port}/taxii2/`,
    requests,
    pages,
    close: () => new Promise((r) => server.close(() => r())),
  };
  return stand;
}
