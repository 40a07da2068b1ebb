/**
 * Builds Ward's HTTP application (no listen: tests use `inject`, `ward serve` listens): security
 * headers, cookies, multipart uploads, zod validation and serialisation, the OpenAPI document at
 * /api/openapi.json with its reference page at /api/docs, the v1 API (authenticated), and the TAXII
 * 2.1 server at /taxii2/.
 */
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { config, type OidcConfig } from '../config.js';
import type { Database } from '../db/connect.js';
import { readSecret } from '../db/repositories/session.repository.js';
import { oidcSignIn } from '../services/access/oidc.service.js';
import type { Authenticated } from '../services/access/session.service.js';
import { registerAuth } from './plugins/auth.js';
import { makeCursors } from './plugins/cursor.js';
import { frameworkErrors, MAX_PARAM_LENGTH, registerErrorHandler } from './plugins/errors.js';
import { makeSignInLimiter, type SignInLimiter } from './plugins/sign-in-limiter.js';
import { type CachedAnswer, registerAnswerCache, SnapshotCache } from './plugins/snapshot-cache.js';
import { registerStorableInput } from './plugins/storable-input.js';
import type { RouteContext } from './route-context.js';
import { API_ROUTES } from './routes/index.js';
import { UPLOAD_BODY } from './routes/inventory.routes.js';
import { TAXII_PREFIX, taxiiServer } from './taxii/index.js';
import { inlineScriptSources, registerWebAssets, sendDashboard } from './web/web-assets.js';

export interface AppOptions {
  database: Database;
  logger?: boolean;
  /** OIDC sign-in; from the configuration when absent (null: off). */
  oidc?: OidcConfig | null;
  /** Largest upload per file; from the configuration when absent. */
  uploadLimitBytes?: number;
  /** Sign-in attempts per address (tests and benchmarks set their own). */
  limiter?: SignInLimiter;
  /** Serve the dashboard's build at `/` when it is built (default true). */
  web?: boolean;
  /**
   * Keep authentications and marked answers while the database's snapshot is unchanged (default
   * true; see plugins/snapshot-cache). Off only to measure what each call costs without it.
   */
  cache?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered (method and URL), for the tests that must cover them all. */
    routeTable: { method: string; url: string }[];
  }
}

export const API_PREFIX = '/api/v1';
/** JSON bodies (uploads have their own per-file limit). */
export const BODY_LIMIT = 1 << 20;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { database } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const web = options.web !== false && (await registerWebAssets(app));
  registerErrorHandler(app, web ? sendDashboard : undefined);
  registerStorableInput(app);
  const routes: { method: string; url: string }[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routes.push({ method, url: r.url });
  });
  app.decorate('routeTable', routes);
  await app.register(helmet, {
    // The reference page's assets are served from this origin; nothing is fetched from elsewhere.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...(web ? inlineScriptSources() : [])],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(cookie);
  await app.register(multipart, { limits: { fields: 20, fieldSize: 4096, files: 50, parts: 100 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Ward API',
        version: '1',
        description:
          'Cyber-security support and threat intelligence for a national health network. Authenticate with the ' +
          'session cookie from POST /api/v1/auth/sign-in (and send its CSRF token as X-CSRF-Token on writes) or ' +
          'with an API token (Authorization: Bearer ward_…). Lists are paged with opaque cursors; errors are ' +
          'application/problem+json.',
      },
      components: {
        securitySchemes: {
          token: {
            type: 'http',
            scheme: 'bearer',
            description: 'API token (ward token create, POST /api/v1/tokens)',
          },
          session: { type: 'apiKey', in: 'cookie', name: 'ward_session' },
        },
      },
      security: [{ token: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: false,
    uiConfig: { validatorUrl: null, deepLinking: true },
    transformSpecification: (spec) => completeDocument(spec as Record<string, unknown>),
  });

  const secret = (await readSecret(database.db, 'cursor')) as string;
  const oidc = options.oidc === undefined ? config().oidc : options.oidc;
  const ctx: RouteContext = {
    database,
    cursors: makeCursors(secret),
    limiter: options.limiter ?? makeSignInLimiter(),
    oidc: oidc ? oidcSignIn(database, oidc) : null,
    uploadLimitBytes: options.uploadLimitBytes ?? config().uploadLimitBytes,
  };

  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok', engine: database.engine }));
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => openApiDocument(app));
  await app.register(
    async (api) => {
      if (options.cache === false) registerAuth(api, database);
      else {
        registerAuth(api, database, new SnapshotCache<Authenticated>());
        registerAnswerCache(api, new SnapshotCache<CachedAnswer>());
      }
      for (const routes of API_ROUTES) await api.register(routes(ctx));
    },
    { prefix: API_PREFIX },
  );
  // TAXII 2.1 beside the API: its own authentication, media types and error messages.
  await app.register(taxiiServer(ctx), { prefix: TAXII_PREFIX });
  return app;
}

/** The OpenAPI document, with the multipart upload bodies (streamed, so not zod-validated) described. */
export function openApiDocument(app: FastifyInstance): Record<string, unknown> {
  return completeDocument(structuredClone(app.swagger()) as Record<string, unknown>);
}

function completeDocument(spec: Record<string, unknown>): Record<string, unknown> {
  const doc = spec as {
    paths: Record<string, Record<string, { requestBody?: unknown; security?: unknown }>>;
  };
  const imports = doc.paths[`${API_PREFIX}/inventory/imports`]?.post;
  if (imports) imports.requestBody = UPLOAD_BODY(true);
  const scan = doc.paths[`${API_PREFIX}/scan`]?.post;
  if (scan) scan.requestBody = UPLOAD_BODY(false);
  for (const path of ['sign-in', 'oidc/login', 'oidc/callback']) {
    for (const op of Object.values(doc.paths[`${API_PREFIX}/auth/${path}`] ?? {})) op.security = [];
  }
  dropUnusedInputSchemas(spec);
  return spec;
}

/**
 * The zod type provider writes each named schema twice, as read (`X`) and as written (`XInput`); the
 * named schemas are responses, so drop the written copies nothing refers to.
 */
function dropUnusedInputSchemas(spec: Record<string, unknown>): void {
  const schemas = (spec.components as { schemas?: Record<string, unknown> } | undefined)?.schemas;
  if (!schemas) return;
  for (let removed = true; removed; ) {
    removed = false;
    for (const name of Object.keys(schemas).filter((n) => n.endsWith('Input'))) {
      const { [name]: self, ...others } = schemas;
      const rest = JSON.stringify({ ...spec, components: { schemas: others } });
      if (!rest.includes(`"#/components/schemas/${name}"`)) {
        delete schemas[name];
        removed = true;
      }
    }
  }
}
