/**
 * Every route module of /api/v1, one per noun. A new noun (alerts) adds its module here.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteContext } from '../route-context.js';
import { addressRoutes } from './address.routes.js';
import { alertRoutes } from './alert.routes.js';
import { alertDraftRoutes } from './alert-draft.routes.js';
import { assetRoutes } from './asset.routes.js';
import { auditRoutes } from './audit.routes.js';
import { authRoutes } from './auth.routes.js';
import { baselineRoutes } from './baseline.routes.js';
import { contactRoutes } from './contact.routes.js';
import { exceptionRoutes } from './exception.routes.js';
import { externalRoutes } from './external.routes.js';
import { externalFindingRoutes } from './external-findings.routes.js';
import { findingRoutes } from './finding.routes.js';
import { identityRoutes } from './identity.routes.js';
import { incidentRoutes } from './incident.routes.js';
import { inventoryRoutes } from './inventory.routes.js';
import { observationRoutes } from './observation.routes.js';
import { organisationRoutes } from './organisation.routes.js';
import { overviewRoutes } from './overview.routes.js';
import { productRoutes } from './product.routes.js';
import { remoteAccessRoutes } from './remote-access.routes.js';
import { simRoutes } from './sim.routes.js';
import { stixRoutes } from './stix.routes.js';
import { tokenRoutes } from './token.routes.js';
import { userRoutes } from './user.routes.js';
import { vulnerabilityRoutes } from './vulnerability.routes.js';

export const API_ROUTES: readonly ((ctx: RouteContext) => FastifyPluginAsyncZod)[] = [
  authRoutes,
  organisationRoutes,
  assetRoutes,
  inventoryRoutes,
  findingRoutes,
  exceptionRoutes,
  vulnerabilityRoutes,
  userRoutes,
  tokenRoutes,
  auditRoutes,
  alertRoutes,
  contactRoutes,
  overviewRoutes,
  identityRoutes,
  baselineRoutes,
  simRoutes,
  addressRoutes,
  observationRoutes,
  externalRoutes,
  productRoutes,
  externalFindingRoutes,
  alertDraftRoutes,
  remoteAccessRoutes,
  incidentRoutes,
  stixRoutes,
];
