/**
 * The 2017 calibration scenario (a documented experiment, not a test): on a federation shaped like
 * the NHS of May 2017, fit the two unknowns — the share of organisations that had not applied
 * MS17-010 and the share reachable on 445 from the internet and the WAN — to the NAO's 34 infected
 * trusts and 595 infected GP practices, then report, without refitting, the diagnostic devices hit
 * (NAO: about 1,220), the devices infected in all (press reports: up to about 70,000), the share of
 * infections before the kill switch, and the March-alert counterfactual (every Windows 7 device
 * patched); then how the diagnostic figure moves with the one assumption it rests on most (the share
 * of clinical equipment that is a Windows computer answering on 445), the fit left as it is.
 *
 *   npm run bench -- worm-calibration [--runs 8] [--threads 2]
 */
import { type EnsembleSummary, summarise } from '../src/domain/sim/ensemble.js';
import { WANNACRY_2017 } from '../src/domain/sim/profile.js';
import { type Lever, scenario } from '../src/domain/sim/scenario.js';
import { NHS_2017, syntheticFederation } from '../src/domain/sim/synthetic.js';
import { runEnsemble } from '../src/services/sim/ensemble-pool.js';
import { type BenchArgs, numberArg } from './harness.js';

const TARGET = { trusts: 34, practices: 595 };

export async function run(args: BenchArgs): Promise<void> {
  const runs = numberArg(args, 'runs', 8);
  const threads = numberArg(args, 'threads', 2);
  const simulate = async (
    unpatched: number,
    exposed: number,
    levers: Lever[] = [],
    clinicalWindowsShare = NHS_2017.clinicalWindowsShare,
  ) => {
    const fed = syntheticFederation({
      ...NHS_2017,
      unpatchedOrgShare: unpatched,
      exposedOrgShare: exposed,
      clinicalWindowsShare,
    });
    return summarise(await runEnsemble(fed, scenario(WANNACRY_2017, { runs, levers }), { threads }), fed);
  };
  const at = (s: EnsembleSummary, hour: number) =>
    s.checkpoints.find((c) => c.hour === hour) ?? s.checkpoints.at(-1);
  const loss = (s: EnsembleSummary) => {
    const c = at(s, 72);
    const t = c?.infectedOrgs.trust.median ?? 0;
    const p = c?.infectedOrgs['gp-practice'].median ?? 0;
    return ((t - TARGET.trusts) / TARGET.trusts) ** 2 + ((p - TARGET.practices) / TARGET.practices) ** 2;
  };
  let best: { unpatched: number; exposed: number; s: EnsembleSummary; loss: number } | null = null;
  for (const unpatched of [0.1, 0.2, 0.3, 0.5, 0.7, 0.9]) {
    for (const exposed of [0.1, 0.15, 0.2, 0.3, 0.4]) {
      const s = await simulate(unpatched, exposed);
      const c = at(s, 72);
      const l = loss(s);
      process.stdout.write(
        `${JSON.stringify({ bench: 'worm_calibration_grid', unpatched, exposed, trusts: c?.infectedOrgs.trust.median, practices: c?.infectedOrgs['gp-practice'].median, loss: Number(l.toFixed(4)) })}\n`,
      );
      if (!best || l < best.loss) best = { unpatched, exposed, s, loss: l };
    }
  }
  if (!best) return;
  const s = best.s;
  const end = at(s, 72);
  const beforeKillSwitch = s.hourly.infectedDevices[7]?.median ?? 0;
  const patched = await simulate(best.unpatched, best.exposed, [
    { kind: 'patch', share: 1, atHours: 0, os: 'windows-7' },
  ]);
  process.stdout.write(
    `${JSON.stringify({
      bench: 'worm_calibration_fit',
      runs,
      unpatched_org_share: best.unpatched,
      exposed_org_share: best.exposed,
      trusts: end?.infectedOrgs.trust,
      practices: end?.infectedOrgs['gp-practice'],
      clinical_windows_share: NHS_2017.clinicalWindowsShare,
      diagnostic_devices_hit: s.devicesHitBySafety.diagnostic,
      devices_infected: end?.infectedDevices,
      share_infected_before_kill_switch: Number(
        (beforeKillSwitch / (end?.infectedDevices.median || 1)).toFixed(3),
      ),
      march_alert_acted_on_trusts: at(patched, 72)?.infectedOrgs.trust,
    })}\n`,
  );
  for (const share of [0.1, 0.3, 1]) {
    const other = await simulate(best.unpatched, best.exposed, [], share);
    process.stdout.write(
      `${JSON.stringify({
        bench: 'worm_calibration_clinical_windows',
        clinical_windows_share: share,
        trusts: at(other, 72)?.infectedOrgs.trust.median,
        practices: at(other, 72)?.infectedOrgs['gp-practice'].median,
        diagnostic_devices_hit: other.devicesHitBySafety.diagnostic.median,
      })}\n`,
    );
  }
}
