/**
 * Serves the dashboard's build at `/`: hashed assets from web/dist (cached for a year, as their
 * names change with their content), and index.html for every other GET that is not under /api, so
 * the browser's router handles deep links. /api paths keep their problem+json 404.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WEB_DIST } from './web-build.js';

/** True when the dashboard is built and so served. */
export async function registerWebAssets(app: FastifyInstance, dist = WEB_DIST): Promise<boolean> {
  if (!existsSync(join(dist, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: dist,
    prefix: '/',
    wildcard: false,
    index: false,
    cacheControl: false,
    setHeaders: (res, path) => {
      const immutable = path.includes(`${join(dist, 'assets')}`);
      res.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return true;
}

/**
 * The Content-Security-Policy sources that allow the inline scripts of the dashboard's index.html
 * (`'sha256-…'` of each, as CSP hashes them), none when it is not built. The page's one inline
 * script starts its first reads before the bundled scripts have compiled.
 */
export function inlineScriptSources(dist = WEB_DIST): string[] {
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return [];
  const html = readFileSync(index, 'utf8');
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
    (m) =>
      `'sha256-${createHash('sha256')
        .update(m[1] as string)
        .digest('base64')}'`,
  );
}

/** The dashboard's page for a browser route (GET or HEAD outside /api), else null. */
export function sendDashboard(request: FastifyRequest, reply: FastifyReply): FastifyReply | null {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  const path = request.url.split('?')[0] as string;
  if (path === '/api' || path.startsWith('/api/') || path === '/health') return null;
  if (/\.[a-z0-9]+$/i.test(path)) return null;
  return reply.header('cache-control', 'no-cache').sendFile('index.html');
}
