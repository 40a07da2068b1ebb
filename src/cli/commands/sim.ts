/** `ward sim worm`: run a worm scenario on the federation and print the blast radius. */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { cliActor } from '../../domain/access/actor.js';
import { type Band, CHECKPOINT_HOURS } from '../../domain/sim/ensemble.js';
import { leverText, parseLever } from '../../domain/sim/lever-text.js';
import { PROFILES } from '../../domain/sim/profile.js';
import type { Lever } from '../../domain/sim/scenario.js';
import { InvalidInputError } from '../../errors.js';
import {
  DEFAULT_CANDIDATES,
  listWormRuns,
  rankWormLevers,
  showWormRun,
  simulateWorm,
  type WormReport,
  type WormRequest,
} from '../../services/sim/worm-simulation.service.js';
import { withDatabase } from '../context.js';
import { emit, type OutputOptions, table } from '../output.js';

const collect = (value: string, previous: string[]) => [...previous, value];

function whole(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new InvalidInputError(`--${name} must be a whole number from ${min} to ${max}, got ${text}`);
  return n;
}

const band = (b: Band) => `${b.median} (${b.p5}–${b.p95})`;

function human(r: WormReport): string[] {
  const out = [
    `run ${r.id} (${r.createdAt}): worm ${r.provenance.profile} v${r.provenance.profileVersion}, seeds ${r.provenance.seeds.join(', ')}, ` +
      `${r.provenance.runs} runs, seed ${r.provenance.seed}, snapshot ${r.provenance.snapshot}`,
    `federation: ${r.federation.orgs} organisations with devices, ${r.federation.zones} zones, ${r.federation.devices} devices; ` +
      `${Math.round(r.priorShare * 100)} % of infected devices are in zones known only from priors`,
  ];
  if (r.national) {
    const w = r.national.worstCase;
    out.push(
      `worst case: ${w.orgs} organisations, ${w.zones} zones, ${w.devicesAtRisk} devices reachable; ` +
        `${w.disruptedOrgs ?? 0} more organisations disrupted through shared services`,
      '',
    );
    out.push(
      ...table(
        ['hour', 'infected devices', 'unavailable', 'trusts', 'GP practices', 'other'],
        r.national.summary.checkpoints.map((c) => [
          c.hour,
          band(c.infectedDevices),
          band(c.unavailableDevices),
          band(c.infectedOrgs.trust),
          band(c.infectedOrgs['gp-practice']),
          band(c.infectedOrgs.other),
        ]),
      ),
      '',
      `clinical devices hit: diagnostic ${band(r.national.summary.devicesHitBySafety.diagnostic)}, critical ${band(r.national.summary.devicesHitBySafety.critical)}`,
      `new infections stop by hour ${band(r.national.summary.lastInfectionHour)}; organisations disrupted through shared services ${band(r.national.summary.disruptedOrgs)}`,
      '',
    );
  }
  const hours = CHECKPOINT_HOURS.filter((h) => h <= r.provenance.horizonHours);
  out.push(
    ...table(
      [
        'organisation',
        'kind',
        ...hours.map((h) => `P(by ${h} h)`),
        'first (h)',
        'devices',
        'entry',
        'worst-case path',
      ],
      r.orgs
        .slice(0, 50)
        .map((o) => [
          o.code,
          o.kind,
          ...hours.map((h) => (o.pInfectedBy[h] ?? 0).toFixed(2)),
          o.expectedFirstHour === null ? '-' : o.expectedFirstHour.toFixed(1),
          o.expectedDevices.toFixed(1),
          o.likelyEntry,
          o.worstCasePath.join('; '),
        ]),
    ),
  );
  if (r.orgs.length > 50) out.push(`… and ${r.orgs.length - 50} more (--json for all)`);
  const disrupted = r.orgs.filter((o) => o.pDisrupted > 0).sort((a, b) => b.pDisrupted - a.pDisrupted);
  if (disrupted.length > 0)
    out.push(
      '',
      'disrupted through shared services (not infected themselves):',
      ...table(
        ['organisation', 'kind', 'P(disrupted)', 'lost', 'when (h)'],
        disrupted
          .slice(0, 50)
          .map((o) => [
            o.code,
            o.kind,
            o.pDisrupted.toFixed(2),
            o.disruptedBy.map((d) => `${d.provider} ${d.service} (${d.p.toFixed(2)})`).join('; '),
            o.disruptedBy[0] ? o.disruptedBy[0].expectedHour.toFixed(1) : '-',
          ]),
      ),
    );
  if (disrupted.length > 50) out.push(`… and ${disrupted.length - 50} more disrupted (--json for all)`);
  return out;
}

/** The options every scenario command takes. */
function scenarioOptions(cmd: Command, runs: string): Command {
  return cmd
    .option('--profile <id>', `worm profile (${Object.keys(PROFILES).join(', ')})`, 'wannacry-2017')
    .option(
      '--seed-org <code>',
      'start the worm in this organisation (repeatable; default: from the internet)',
      collect,
      [],
    )
    .option('--runs <n>', 'Monte Carlo runs', runs)
    .option('--seed <n>', 'random seed (same inputs and seed give the same output)', '1')
    .option('--hours <n>', 'horizon in hours', '72')
    .option(
      '--lever <lever>',
      'a lever, repeatable: patch=SHARE[@H], smb1=SHARE[@H], block=internet|wan|clinical-office[@H], isolate=H, kill-switch=H',
      collect,
      [],
    )
    .option('--threads <n>', 'worker threads (default: the machine’s cores)')
    .option('--json', 'print JSON');
}

type ScenarioOptions = OutputOptions & Record<string, string | string[] | undefined>;

function levers(texts: string[], flag: string): Lever[] {
  const out: Lever[] = [];
  const problems = [];
  for (const text of texts) {
    const parsed = parseLever(text);
    if (parsed.ok) out.push(parsed.lever);
    else problems.push({ file: flag, line: 0, reason: parsed.reason });
  }
  if (problems.length > 0) throw new InvalidInputError(`give ${flag} as NAME=VALUE[@HOURS]`, problems);
  return out;
}

function requestFrom(options: ScenarioOptions): WormRequest {
  return {
    profile: options.profile as string,
    seedOrgs: options.seedOrg as string[],
    runs: whole('runs', options.runs as string, 1, 10_000),
    seed: whole('seed', options.seed as string, 0, 2 ** 31 - 1),
    horizonHours: whole('hours', options.hours as string, 1, 720),
    levers: levers(options.lever as string[], '--lever'),
    threads: options.threads === undefined ? undefined : whole('threads', options.threads as string, 1, 64),
  };
}

function rankingLines(r: Awaited<ReturnType<typeof rankWormLevers>>): string[] {
  return [
    `baseline: ${r.baseline.meanInfectedOrgs.toFixed(1)} organisations infected, ${r.baseline.meanClinicalDown.toFixed(1)} clinical devices down (means over ${r.provenance.runs} runs)`,
    '',
    ...table(
      ['lever', 'organisations avoided', 'clinical devices avoided'],
      r.levers.map((l) => [
        leverText(l.lever),
        l.infectedOrgsAvoided.toFixed(1),
        l.clinicalDownAvoided.toFixed(1),
      ]),
    ),
    '',
    ...table(
      ['deny 445 into', 'from', 'devices protected', 'share of blast radius (cumulative)'],
      r.rules.map((x) => [
        x.code,
        x.boundary,
        x.devicesProtected.toFixed(1),
        `${Math.round(x.cumulativeShare * 100)} %`,
      ]),
    ),
  ];
}

export function registerSimCommands(program: Command): void {
  const sim = program.command('sim').description('simulations on the federation');
  scenarioOptions(
    sim
      .command('worm')
      .description(
        'simulate a worm across the federation: the deterministic worst case with entry paths, and the Monte Carlo ' +
          'time course with median and 5–95 % bands and per-organisation probabilities of infection (stored; see sim list)',
      ),
    '200',
  ).action(async (options: ScenarioOptions) => {
    const request = requestFrom(options);
    const actor = cliActor(userInfo().username);
    const report = await withDatabase((database) => simulateWorm(database, actor, request));
    emit(report, options, human);
  });

  scenarioOptions(
    sim
      .command('levers')
      .description(
        'rank levers against the baseline (runs coupled by seed) and the boundary rules that protect the most devices; ' +
          '--try adds a candidate lever (default: each boundary, patch 50 % and 90 %, SMBv1 off, isolation after 1 h)',
      )
      .option('--try <lever>', 'a candidate lever, repeatable (same syntax as --lever)', collect, []),
    '50',
  ).action(async (options: ScenarioOptions) => {
    const request = requestFrom(options);
    const tried = levers(options.try as string[], '--try');
    const actor = cliActor(userInfo().username);
    const ranking = await withDatabase((database) =>
      rankWormLevers(database, actor, request, tried.length > 0 ? tried : DEFAULT_CANDIDATES),
    );
    emit(ranking, options, rankingLines);
  });

  sim
    .command('list')
    .description('recent simulation runs')
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions) => {
      const runs = await withDatabase((database) => listWormRuns(database));
      emit(runs, options, (rs) =>
        table(
          ['id', 'created', 'by', 'profile', 'runs', 'seed', 'hours', 'snapshot'],
          rs.map((r) => [r.id, r.createdAt, r.actor, r.profile, r.runs, r.seed, r.horizonHours, r.snapshot]),
        ),
      );
    });

  sim
    .command('show')
    .description('a stored simulation run')
    .argument('<id>', 'run id (from sim list)')
    .option('--json', 'print JSON')
    .action(async (id: string, options: OutputOptions) => {
      const actor = cliActor(userInfo().username);
      const report = await withDatabase((database) => showWormRun(database, actor, id));
      emit(report, options, human);
    });
}
