/**
 * The `ward` command: registers the commands and turns errors into messages and exit codes
 * (0 done, 1 failed, 2 bad input or usage).
 */
import { Command, CommanderError } from 'commander';
import { InvalidInputError, WardError } from '../errors.js';
import { registerAlertCommands } from './commands/alert/index.js';
import { registerAuditCommands } from './commands/audit.js';
import { registerBaselineCommands } from './commands/baseline.js';
import { registerContactCommands } from './commands/contact.js';
import { registerDbCommands } from './commands/db.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerExposureCommands } from './commands/exposure/index.js';
import { registerGenerateCommands } from './commands/generate.js';
import { registerIdentityCommands } from './commands/identity.js';
import { registerIntelCommands } from './commands/intel.js';
import { registerInventoryCommands } from './commands/inventory.js';
import { registerNetworkCommands } from './commands/network.js';
import { registerNotifyCommands } from './commands/notify.js';
import { registerOrgCommands } from './commands/org.js';
import { registerAddressCommands } from './commands/outside/address.js';
import { registerExternalCommands } from './commands/outside/external.js';
import { registerObserveCommands } from './commands/outside/observe.js';
import { registerProductsCommands } from './commands/outside/products.js';
import { registerRemoteAccessCommand } from './commands/outside/remote-access.js';
import { registerServeCommand } from './commands/serve.js';
import { registerIncidentCommands } from './commands/sharing/incident.js';
import { registerIndicatorCommands } from './commands/sharing/indicator.js';
import { registerShareCommands } from './commands/sharing/share.js';
import { registerStixCommands } from './commands/sharing/stix.js';
import { registerSimCommands } from './commands/sim.js';
import { registerTokenCommands } from './commands/token.js';
import { registerTrainingCommands } from './commands/training.js';
import { registerUserCommands } from './commands/user.js';
import { wordProblem } from './field-flags.js';

/** The subcommand being run, so that errors can be worded in its flags. */
let running: Command | null = null;

export function buildProgram(): Command {
  const program = new Command('ward')
    .description('Ward: cyber-security support and threat intelligence for a national health network')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .hook('preAction', (_program, action) => {
      running = action;
    });
  registerDbCommands(program);
  registerOrgCommands(program);
  registerAddressCommands(program);
  registerIntelCommands(program);
  registerInventoryCommands(program);
  registerExposureCommands(program);
  registerIdentityCommands(program);
  registerNetworkCommands(program);
  registerSimCommands(program);
  registerObserveCommands(program);
  registerExternalCommands(program);
  registerAlertCommands(program);
  registerContactCommands(program);
  registerNotifyCommands(program);
  registerUserCommands(program);
  registerTokenCommands(program);
  registerAuditCommands(program);
  registerBaselineCommands(program);
  registerTrainingCommands(program);
  registerIndicatorCommands(program);
  registerShareCommands(program);
  registerIncidentCommands(program);
  registerStixCommands(program);
  registerProductsCommands(program);
  registerServeCommand(program);
  registerGenerateCommands(program);
  registerDemoCommand(program);
  // After any other `external` subcommands' registration: it joins the group they create.
  registerRemoteAccessCommand(program);
  return program;
}

function report(error: unknown): number {
  if (error instanceof CommanderError) {
    return error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.exitCode === 0
      ? 0
      : 2;
  }
  if (error instanceof InvalidInputError) {
    for (const p of error.problems) process.stderr.write(`${wordProblem(running, p)}\n`);
    const allWorded = error.problems.length > 0 && error.problems.every((p) => p.field !== undefined);
    if (!allWorded) process.stderr.write(`ward: ${error.message}\n`);
    return 2;
  }
  if (error instanceof WardError) {
    process.stderr.write(`ward: ${error.message}\n`);
    return error.code === 'too_large' ? 2 : 1;
  }
  process.stderr.write(`ward: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
  return 1;
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  process.exitCode = report(error);
}
