/**
 * Every migration, in order. Names are permanent: a database that lists a name this build does not
 * know was created by a newer Ward.
 */
import type { Migration } from 'kysely';
import * as federation from './0001-federation.js';
import * as intel from './0002-intel.js';
import * as inventory from './0003-inventory.js';
import * as alerts from './0004-alerts.js';
import * as identity from './0005-identity.js';
import * as exposureRollup from './0006-exposure-rollup.js';
import * as componentPresence from './0007-component-presence.js';
import * as signInThrottle from './0008-sign-in-throttle.js';
import * as platformDefaults from './0009-platform-defaults.js';
import * as findingCertainty from './0010-finding-certainty.js';
import * as productAliases from './0011-product-aliases.js';
import * as contactWebhooks from './0012-contact-webhooks.js';
import * as maintainedCounts from './0013-maintained-counts.js';
import * as networkZones from './0014-network-zones.js';
import * as simulationRuns from './0015-simulation-runs.js';
import * as baseline from './0016-baseline.js';
import * as baselineEvidence from './0017-baseline-evidence.js';
import * as baselineEvidenceFiles from './0018-baseline-evidence-files.js';
import * as sharedServices from './0019-shared-services.js';
import * as outsideIn from './0020-outside-in.js';
import * as externalReports from './0021-external-reports.js';
import * as alertDrafts from './0022-alert-drafts.js';
import * as productsRegister from './0023-products-register.js';
import * as baselineFileCarry from './0025-baseline-file-carry.js';
import * as sharing from './0026-sharing.js';
import * as baselineGap from './0027-baseline-gap.js';
import * as incidents from './0028-incidents.js';
import * as indicatorMatches from './0029-indicator-matches.js';
import * as taxii from './0031-taxii.js';
import * as externalSync from './0032-external-sync.js';
import * as nvdScale from './0036-nvd-scale.js';
import * as exposedCells from './0037-exposed-cells.js';
import * as cvssLookup from './0038-cvss-lookup.js';
import * as componentsDigest from './0039-components-digest.js';
import * as presenceCounts from './0040-presence-counts.js';
import * as findingsCveCertainty from './0041-findings-cve-certainty.js';

export const migrations: Record<string, Migration> = {
  '0001-federation': federation,
  '0002-intel': intel,
  '0003-inventory': inventory,
  '0004-alerts': alerts,
  '0005-identity': identity,
  '0006-exposure-rollup': exposureRollup,
  '0007-component-presence': componentPresence,
  '0008-sign-in-throttle': signInThrottle,
  '0009-platform-defaults': platformDefaults,
  '0010-finding-certainty': findingCertainty,
  '0011-product-aliases': productAliases,
  '0012-contact-webhooks': contactWebhooks,
  '0013-maintained-counts': maintainedCounts,
  '0014-network-zones': networkZones,
  '0015-simulation-runs': simulationRuns,
  '0016-baseline': baseline,
  '0017-baseline-evidence': baselineEvidence,
  '0018-baseline-evidence-files': baselineEvidenceFiles,
  '0019-shared-services': sharedServices,
  '0020-outside-in': outsideIn,
  '0021-external-reports': externalReports,
  '0022-alert-drafts': alertDrafts,
  '0023-products-register': productsRegister,
  '0025-baseline-file-carry': baselineFileCarry,
  '0026-sharing': sharing,
  '0027-baseline-gap': baselineGap,
  '0028-incidents': incidents,
  '0029-indicator-matches': indicatorMatches,
  '0031-taxii': taxii,
  '0032-external-sync': externalSync,
  '0036-nvd-scale': nvdScale,
  '0037-exposed-cells': exposedCells,
  '0038-cvss-lookup': cvssLookup,
  '0039-components-digest': componentsDigest,
  '0040-presence-counts': presenceCounts,
  '0041-findings-cve-certainty': findingsCveCertainty,
};
