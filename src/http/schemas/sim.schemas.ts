/**
 * Worm simulations as the API shows them — the request that starts one, its job, a stored run and
 * the list of runs — and the presenters that shape the services' values into them.
 */
import { z } from 'zod';
import { ENTRY_KINDS } from '../../domain/sim/engine.js';
import type { Band as BandValue } from '../../domain/sim/ensemble.js';
import { ORG_KINDS } from '../../domain/sim/federation.js';
import { leverText } from '../../domain/sim/lever-text.js';
import { PROFILES } from '../../domain/sim/profile.js';
import { INTERNET_EXPOSURE_SOURCES } from '../../services/sim/federation-snapshot.service.js';
import { WORM_JOB_STATES, type WormJob as WormJobValue } from '../../services/sim/worm-jobs.service.js';
import {
  WORM_PHASES,
  type WormReport,
  type WormRunListing as WormRunListingValue,
} from '../../services/sim/worm-simulation.service.js';
import { named, OrgCode } from './common.schemas.js';

export const WormRequest = z.object({
  profile: z
    .string()
    .max(60)
    .describe(`worm profile (${Object.keys(PROFILES).join(', ')}); the only field required`),
  seedOrgs: z
    .array(OrgCode)
    .max(50)
    .default([])
    .describe('organisations the worm starts in (none: it comes from the internet)'),
  runs: z.number().int().min(1).max(2000).default(100).describe('Monte Carlo runs (1-2000, default 100)'),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1)
    .describe('random seed: the same inputs and seed give the same result'),
  horizonHours: z.number().int().min(1).max(720).default(72).describe('horizon in hours (default 72)'),
  levers: z
    .array(z.string().max(80))
    .max(20)
    .default([])
    .describe(
      'levers applied: patch=SHARE[@H], smb1=SHARE[@H], block=internet|wan|clinical-office[@H], isolate=H, kill-switch=H',
    ),
  rankLevers: z
    .boolean()
    .default(false)
    .describe('also rank the default levers against this scenario (national scope only)'),
});

const Band = named(
  z.object({
    median: z.number().describe('median over the runs'),
    p5: z.number().describe('5th percentile'),
    p95: z.number().describe('95th percentile'),
    mean: z.number().describe('mean'),
  }),
  'SimBand',
);

const OrgKindBands = z.object({
  trust: Band.describe('trusts'),
  gpPractice: Band.describe('GP practices'),
  other: Band.describe('other organisations'),
});

export const WormOrgResult = named(
  z.object({
    code: z.string().describe('ODS code'),
    kind: z.enum(ORG_KINDS).describe('kind of organisation, as the simulation groups them'),
    pInfectedBy: z
      .array(z.object({ hour: z.number().int().describe('hour'), p: z.number().describe('probability') }))
      .describe('probability of infection by each checkpoint hour'),
    expectedFirstHour: z.number().nullable().describe('mean hour of first infection (null: never infected)'),
    expectedDevices: z.number().describe('mean devices infected or crashed'),
    likelyEntry: z.enum(ENTRY_KINDS).describe('how the worm most often got in'),
    pDisrupted: z
      .number()
      .describe('probability it is disrupted through a shared service without being infected'),
    disruptedBy: z
      .array(
        z.object({
          provider: z.string().describe('ODS code of the organisation whose fall disrupted it'),
          service: z.string().describe('the shared service it lost (a PAS, a pathology system, a network)'),
          p: z.number().describe("probability this provider's fall disrupted it"),
          expectedHour: z.number().describe('mean hour the provider fell, over those runs'),
        }),
      )
      .describe('the providers whose fall disrupted it through shared services, and when; most likely first'),
    reachable: z.boolean().describe('in the worst case, can the worm reach it at all?'),
    worstCasePath: z.array(z.string()).describe('its entry path in the worst case, hop by hop'),
    internetExposure: z
      .enum(INTERNET_EXPOSURE_SOURCES)
      .nullable()
      .describe(
        'where its internet reachability on SMB came from: an outside scan saw 445 open or (recently) closed, its network file, or the priors (null: a run from before outside scans were read)',
      ),
  }),
  'WormOrgResult',
);

export const RankedLever = named(
  z.object({
    lever: z.string().describe('the lever, as the CLI writes it'),
    meanInfectedOrgs: z.number().describe('mean organisations infected with it'),
    meanClinicalDown: z.number().describe('mean clinical devices down with it'),
    infectedOrgsAvoided: z.number().describe('organisations spared against the scenario'),
    clinicalDownAvoided: z.number().describe('clinical devices spared against the scenario'),
  }),
  'RankedLever',
);

export const WormRun = named(
  z.object({
    id: z.string().describe('run id'),
    createdAt: z.string().describe('when it was run'),
    provenance: z
      .object({
        profile: z.string().describe('worm profile'),
        profileVersion: z.string().describe('version of the profile'),
        snapshot: z.string().describe('hash of the federation snapshot it ran on'),
        seed: z.number().int().describe('random seed'),
        runs: z.number().int().describe('Monte Carlo runs'),
        horizonHours: z.number().int().describe('horizon in hours'),
        levers: z.array(z.string()).describe('levers applied'),
        seeds: z.array(z.string()).describe('where the worm started (organisation codes, or internet)'),
      })
      .describe('what was run, so it can be run again'),
    federation: z
      .object({
        orgs: z.number().int().describe('organisations with devices'),
        zones: z.number().int().describe('network zones'),
        devices: z.number().int().describe('devices'),
      })
      .describe('the federation it ran on'),
    priorShare: z.number().describe('share of infected devices in zones known only from priors'),
    national: z
      .object({
        worstCase: z
          .object({
            orgs: z.number().int().describe('organisations reachable'),
            zones: z.number().int().describe('zones reachable'),
            devicesAtRisk: z.number().int().describe('devices reachable'),
            disruptedOrgs: z
              .number()
              .int()
              .describe('organisations not reached whose shared-service provider is: disrupted'),
          })
          .describe('the deterministic worst case'),
        checkpoints: z
          .array(
            z.object({
              hour: z.number().int().describe('hour'),
              infectedDevices: Band.describe('devices infected'),
              unavailableDevices: Band.describe('devices unavailable'),
              infectedOrgs: OrgKindBands.describe('organisations infected, by kind'),
            }),
          )
          .describe('the time course at the checkpoint hours'),
        hourly: z
          .array(
            z.object({
              hour: z.number().int().describe('hour'),
              infectedDevices: Band.describe('devices infected'),
              unavailableDevices: Band.describe('devices unavailable'),
            }),
          )
          .describe('the time course hour by hour, for the chart'),
        devicesHitBySafety: z
          .object({
            diagnostic: Band.describe('diagnostic devices'),
            critical: Band.describe('life-critical devices'),
          })
          .describe('clinical devices hit'),
        infectedOrgsTotal: Band.describe('organisations infected by the end'),
        lastInfectionHour: Band.describe('hour of the last new infection'),
        disruptedOrgs: Band.describe('organisations disrupted through shared services'),
        neutralisedByKillSwitch: Band.describe('infections neutralised by the kill switch'),
        levers: z
          .array(RankedLever)
          .nullable()
          .describe('default levers ranked, best first (null: not asked for)'),
        internetExposure: z
          .object({
            observedOpen: z
              .array(z.string())
              .describe('organisations an outside scan saw with port 445 open'),
            observedClosed: z
              .array(z.string())
              .describe('organisations a recent outside scan covered and saw no port 445 open on'),
            declared: z.number().int().describe('organisations whose network file decided it'),
            assumed: z.number().int().describe("organisations whose kind's priors decided it"),
          })
          .nullable()
          .describe(
            'where internet reachability on SMB came from (null: a run from before outside scans were read)',
          ),
      })
      .nullable()
      .describe('federation-wide figures: national scope only (null otherwise)'),
    orgs: z.array(WormOrgResult).describe('organisations in your scope the worm reaches, most likely first'),
  }),
  'WormRun',
);

export const WormRunListing = named(
  z.object({
    id: z.string().describe('run id'),
    createdAt: z.string().describe('when it was run'),
    actor: z.string().describe('who ran it'),
    profile: z.string().describe('worm profile'),
    seed: z.number().int().describe('random seed'),
    runs: z.number().int().describe('Monte Carlo runs'),
    horizonHours: z.number().int().describe('horizon in hours'),
    snapshot: z.string().describe('hash of the federation snapshot'),
  }),
  'WormRunListing',
);

export const WormJob = named(
  z.object({
    id: z.string().describe('job id'),
    state: z.enum(WORM_JOB_STATES).describe('running, done or failed'),
    phase: z.enum(WORM_PHASES).describe('what it is doing'),
    runsDone: z.number().int().describe('Monte Carlo runs finished (lever runs included)'),
    runsTotal: z.number().int().describe('Monte Carlo runs in all'),
    startedAt: z.string().describe('when it started'),
    finishedAt: z.string().nullable().describe('when it ended'),
    error: z.string().nullable().describe('why it failed'),
    runId: z.string().nullable().describe('the stored run, once done'),
    run: WormRun.nullable().describe('the results as you may see them, once done'),
  }),
  'WormJob',
);

const band = (b: BandValue) => ({ median: b.median, p5: b.p5, p95: b.p95, mean: b.mean });

export function presentWormRun(r: WormReport): z.infer<typeof WormRun> {
  const n = r.national;
  return {
    id: r.id,
    createdAt: r.createdAt,
    provenance: {
      ...r.provenance,
      levers: r.provenance.levers.map(leverText),
      seeds: [...r.provenance.seeds],
    },
    federation: r.federation,
    priorShare: r.priorShare,
    national: n && {
      worstCase: { ...n.worstCase, disruptedOrgs: n.worstCase.disruptedOrgs ?? 0 },
      checkpoints: n.summary.checkpoints.map((c) => ({
        hour: c.hour,
        infectedDevices: band(c.infectedDevices),
        unavailableDevices: band(c.unavailableDevices),
        infectedOrgs: {
          trust: band(c.infectedOrgs.trust),
          gpPractice: band(c.infectedOrgs['gp-practice']),
          other: band(c.infectedOrgs.other),
        },
      })),
      hourly: n.summary.hourly.infectedDevices.map((b, hour) => ({
        hour,
        infectedDevices: band(b),
        unavailableDevices: band(n.summary.hourly.unavailableDevices[hour] ?? b),
      })),
      devicesHitBySafety: {
        diagnostic: band(n.summary.devicesHitBySafety.diagnostic),
        critical: band(n.summary.devicesHitBySafety.critical),
      },
      infectedOrgsTotal: band(n.summary.infectedOrgsTotal),
      lastInfectionHour: band(n.summary.lastInfectionHour),
      disruptedOrgs: band(n.summary.disruptedOrgs),
      neutralisedByKillSwitch: band(n.summary.neutralisedByKillSwitch),
      levers: n.levers ? n.levers.map((l) => ({ ...l, lever: leverText(l.lever) })) : null,
      internetExposure: n.internetExposure
        ? {
            observedOpen: [...n.internetExposure.observedOpen],
            observedClosed: [...n.internetExposure.observedClosed],
            declared: n.internetExposure.declared,
            assumed: n.internetExposure.assumed,
          }
        : null,
    },
    orgs: r.orgs.map((o) => ({
      code: o.code,
      kind: o.kind,
      pInfectedBy: Object.entries(o.pInfectedBy)
        .map(([hour, p]) => ({ hour: Number(hour), p }))
        .sort((a, b) => a.hour - b.hour),
      expectedFirstHour: o.expectedFirstHour,
      expectedDevices: o.expectedDevices,
      likelyEntry: o.likelyEntry,
      pDisrupted: o.pDisrupted,
      disruptedBy: o.disruptedBy.map((d) => ({ ...d })),
      reachable: o.reachable,
      worstCasePath: [...o.worstCasePath],
      internetExposure: o.internetExposure ?? null,
    })),
  };
}

export const presentWormRunListing = (r: WormRunListingValue): z.infer<typeof WormRunListing> => ({ ...r });

export function presentWormJob(j: WormJobValue, run: WormReport | null): z.infer<typeof WormJob> {
  return {
    id: j.id,
    state: j.state,
    phase: j.progress.phase,
    runsDone: j.progress.runsDone,
    runsTotal: j.progress.runsTotal,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
    error: j.error,
    runId: j.runId,
    run: run && presentWormRun(run),
  };
}
