/**
 * Ward's top-level commands and the module that registers each, loaded when needed: a command loads
 * its own module and what that imports, not every command's services (loading those was most of a
 * `ward` process's start-up). Help, the version and an unknown command load them all, in this
 * order, which is the order `ward --help` lists them in.
 */
import type { Command } from 'commander';

type Register = (program: Command) => void;

export interface CommandGroup {
  /** The top-level commands the module registers. */
  names: readonly string[];
  load(): Promise<Register>;
}

export const COMMAND_GROUPS: readonly CommandGroup[] = [
  { names: ['db'], load: async () => (await import('./commands/db.js')).registerDbCommands },
  { names: ['org'], load: async () => (await import('./commands/org.js')).registerOrgCommands },
  {
    names: ['address'],
    load: async () => (await import('./commands/outside/address.js')).registerAddressCommands,
  },
  { names: ['intel', 'vuln'], load: async () => (await import('./commands/intel.js')).registerIntelCommands },
  {
    names: ['inventory', 'scan'],
    load: async () => (await import('./commands/inventory.js')).registerInventoryCommands,
  },
  {
    names: ['exposure', 'exception'],
    load: async () => (await import('./commands/exposure/index.js')).registerExposureCommands,
  },
  {
    names: ['identity'],
    load: async () => (await import('./commands/identity.js')).registerIdentityCommands,
  },
  { names: ['network'], load: async () => (await import('./commands/network.js')).registerNetworkCommands },
  { names: ['sim'], load: async () => (await import('./commands/sim.js')).registerSimCommands },
  {
    names: ['observe'],
    load: async () => (await import('./commands/outside/observe.js')).registerObserveCommands,
  },
  {
    names: ['external'],
    load: async () => (await import('./commands/outside/external.js')).registerExternalCommands,
  },
  { names: ['alert'], load: async () => (await import('./commands/alert/index.js')).registerAlertCommands },
  { names: ['contact'], load: async () => (await import('./commands/contact.js')).registerContactCommands },
  { names: ['notify'], load: async () => (await import('./commands/notify.js')).registerNotifyCommands },
  { names: ['user'], load: async () => (await import('./commands/user.js')).registerUserCommands },
  { names: ['token'], load: async () => (await import('./commands/token.js')).registerTokenCommands },
  { names: ['audit'], load: async () => (await import('./commands/audit.js')).registerAuditCommands },
  {
    names: ['baseline'],
    load: async () => (await import('./commands/baseline.js')).registerBaselineCommands,
  },
  {
    names: ['training'],
    load: async () => (await import('./commands/training.js')).registerTrainingCommands,
  },
  {
    names: ['indicator'],
    load: async () => (await import('./commands/sharing/indicator.js')).registerIndicatorCommands,
  },
  { names: ['share'], load: async () => (await import('./commands/sharing/share.js')).registerShareCommands },
  {
    names: ['incident'],
    load: async () => (await import('./commands/sharing/incident.js')).registerIncidentCommands,
  },
  { names: ['stix'], load: async () => (await import('./commands/sharing/stix.js')).registerStixCommands },
  {
    names: ['products'],
    load: async () => (await import('./commands/outside/products.js')).registerProductsCommands,
  },
  { names: ['serve'], load: async () => (await import('./commands/serve.js')).registerServeCommand },
  {
    names: ['generate'],
    load: async () => (await import('./commands/generate.js')).registerGenerateCommands,
  },
  { names: ['demo'], load: async () => (await import('./commands/demo.js')).registerDemoCommand },
  // After `external` above: it joins the group that module creates.
  {
    names: ['external'],
    load: async () => (await import('./commands/outside/remote-access.js')).registerRemoteAccessCommand,
  },
];

/**
 * The groups a command line needs: those registering its first word, or every group when that word
 * is an option (help, the version), `help`, missing or unknown.
 */
export function groupsFor(args: readonly string[]): readonly CommandGroup[] {
  const word = args[0];
  const named = COMMAND_GROUPS.filter((group) => word !== undefined && group.names.includes(word));
  return named.length > 0 ? named : COMMAND_GROUPS;
}

/** Registers the groups `args` needs: loaded side by side, registered in their order. */
export async function registerCommandGroups(program: Command, args: readonly string[]): Promise<void> {
  const registers = await Promise.all(groupsFor(args).map((group) => group.load()));
  for (const register of registers) register(program);
}
