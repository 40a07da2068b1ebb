import type { Command } from 'commander';
import { config } from '../../config.js';
import { prepareDemo } from '../../services/demo/demo.service.js';
import { ensureDemoUsers } from '../../services/demo/demo-users.service.js';
import { openConfiguredDatabase } from '../context.js';
import { note } from '../output.js';
import { serve } from './serve.js';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'what npm start runs: opens (or creates) the database; when it is empty, loads the real intel snapshot shipped ' +
        'with Ward (or WARD_INTEL_DIR), a demo federation (7 regions, 42 ICBs, ~2,000 organisations, ~25,000 devices) and ' +
        "twelve weeks of alert history, contacts and today's messages in the outbox, baselines in every state and " +
        'a WannaCry worm scenario; then starts the HTTP server',
    )
    .action(async () => {
      const started = performance.now();
      const database = await openConfiguredDatabase();
      const loaded = await prepareDemo(database, config(), note);
      const credentials = await ensureDemoUsers(database);
      const url = await serve(database);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const lines = [
        '',
        `Ward is running at ${url}  (${database.engine} database at ${database.location}; ready in ${seconds} s)`,
        loaded.intel ? `  intel: ${loaded.intel.vulnerabilities} CVEs, ${loaded.intel.detail}` : '',
        loaded.federation
          ? `  demo federation loaded: ${loaded.federation.organisations} organisations, ${loaded.federation.devices} devices, ` +
            `${loaded.federation.rows} installed components, ${loaded.federation.findings} findings (${loaded.federation.seconds} s)`
          : '  federation: already in the database',
        loaded.history
          ? `  history: ${loaded.history.alerts} alerts over the last 12 weeks, ${loaded.history.targets} targets, ${loaded.history.responses} responses`
          : '',
        loaded.alert
          ? `  alert ${loaded.alert.reference} (WannaCry-style) issued today to ${loaded.alert.organisations} exposed organisations`
          : '',
        loaded.notifications
          ? `  contacts: ${loaded.notifications.contacts} added after the history; outbox: ${loaded.notifications.alertMessages} messages ` +
            `of today's alert, ${loaded.notifications.digests} daily digests (npx ward notify list)`
          : '',
        loaded.sharedServices
          ? `  shared services: ${loaded.sharedServices.practices} GP practices use the PAS of one of ${loaded.sharedServices.trusts} trusts (npx ward network show --org CODE)`
          : '',
        loaded.simulation
          ? `  worm scenario wannacry-2017 running in the background (${loaded.simulation.runs} runs, levers ranked; job ${loaded.simulation.job})`
          : '',
        loaded.baseline
          ? `  baseline ${loaded.baseline.year}: ${Object.entries(loaded.baseline.organisations)
              .map(([state, n]) => `${n} ${state.replace('_', ' ')}`)
              .join(', ')} (${loaded.baseline.seconds} s); the picture at ${url}/orgs/X26/baseline/picture`
          : '',
        `  dashboard: open ${url}/ and sign in with one of the demo sign-ins below`,
        `  API: ${url}/api/docs   ${url}/api/v1/organisations/tree`,
        '  and in another shell (with DATABASE_URL, or once this server is stopped): npx ward exposure who CVE-2017-0144',
        ...(credentials
          ? [
              `  demo sign-ins (new passwords each start; POST ${url}/api/v1/auth/sign-in, API reference at ${url}/api/docs):`,
              ...credentials.map(
                (c) => `    ${c.role.padEnd(16)} ${c.username.padEnd(15)} ${c.password}  (on ${c.org})`,
              ),
            ]
          : []),
        '',
      ];
      note(lines.filter((l) => l !== '').join('\n'));
    });
}
