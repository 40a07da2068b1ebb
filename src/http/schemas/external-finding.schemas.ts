/**
 * Vulnerabilities found on banners as the API shows them: the observed address, what the scans saw
 * there, and the finding (the worklist's, marked seen from outside).
 */
import { z } from 'zod';
import type { ExternalFinding as ExternalFindingValue } from '../../services/outside/external-findings.service.js';
import { named } from './common.schemas.js';
import { Finding, presentFinding } from './finding.schemas.js';

export const ExternalFinding = named(
  z.object({
    address: z.string().describe('the observed address (IPv4 or IPv6)'),
    hostname: z.string().nullable().describe('hostname the latest observation gives (null: none)'),
    ports: z.array(z.number().int()).describe('ports open on the address in the open observations'),
    firstSeen: z.string().describe("when the address's open observations were first seen"),
    lastSeen: z.string().describe('when they were last seen'),
    finding: Finding.describe('the finding on the product the banner names'),
  }),
  'ExternalFinding',
);

export const presentExternalFinding = (f: ExternalFindingValue): z.infer<typeof ExternalFinding> => ({
  address: f.address,
  hostname: f.hostname,
  ports: [...f.ports],
  firstSeen: f.firstSeen,
  lastSeen: f.lastSeen,
  finding: presentFinding(f.finding),
});
