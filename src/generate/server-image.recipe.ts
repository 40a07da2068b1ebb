/**
 * Golden images of servers: Windows Server with runtimes, agents and one to three roles; Linux with
 * its distribution's base system and roles; VMware ESXi hypervisor hosts. Application servers are
 * topped up with the libraries of the applications they run.
 */
import { type AppSpec, app, fixed, type Sourced } from './app.model.js';
import {
  MAVEN_LIBRARIES,
  NPM_LIBRARIES,
  NUGET_LIBRARIES,
  OPENSSH,
  OPENSSL,
  PYPI_LIBRARIES,
} from './catalogues/library.catalog.js';
import { type LinuxRelease, linuxBase } from './catalogues/linux-package.catalog.js';
import {
  DEFENDER_ENGINE,
  DOTNET_FRAMEWORK_4,
  DOTNET_FRAMEWORK_35,
  VCREDIST,
} from './catalogues/microsoft-software.catalog.js';
import { LINUX, type OperatingSystem, SMB1 } from './catalogues/operating-system.catalog.js';
import {
  ESXI,
  LINUX_SERVER_ROLES,
  VMWARE_TOOLS,
  WINDOWS_SERVER_ROLES,
} from './catalogues/server-software.catalog.js';
import { fillTo } from './filler.js';
import { buildImage, type GoldenImage } from './golden-image.js';
import type { Prng } from './prng.js';
import { WeightedTable } from './weighted-table.js';

export interface ServerContext {
  readonly os: OperatingSystem;
  readonly lag: number;
  readonly virtual: boolean;
  readonly security: AppSpec;
  /** The organisation's own applications hosted on the server. */
  readonly apps: readonly AppSpec[];
  readonly target: number;
}

const WINDOWS_ROLES = new WeightedTable(WINDOWS_SERVER_ROLES);
const LINUX_ROLES = new WeightedTable(LINUX_SERVER_ROLES);
const WINDOWS_FILLER = [...NUGET_LIBRARIES, ...MAVEN_LIBRARIES];
const LINUX_FILLER = [...MAVEN_LIBRARIES, ...NPM_LIBRARIES, ...PYPI_LIBRARIES];

const RELEASE_OF = new Map<OperatingSystem, LinuxRelease>(
  Object.entries(LINUX).map(([release, os]) => [os, release as LinuxRelease]),
);

/** Builds a Windows or Linux server image. */
export function serverImage(rng: Prng, ctx: ServerContext): GoldenImage {
  const lag = ctx.os.unsupported ? Math.min(1, ctx.lag + 0.4) : ctx.lag;
  const parts: Sourced[] = [...app(ctx.os.product).pick(rng, lag)];
  const windows = ctx.os.family === 'windows_server';
  if (windows) {
    if (rng.chance(ctx.os.smb1)) parts.push(...fixed(SMB1, '1.0').pick(rng, lag));
    for (const spec of [DOTNET_FRAMEWORK_4, DOTNET_FRAMEWORK_35, VCREDIST, DEFENDER_ENGINE, ctx.security]) {
      parts.push(...spec.pick(rng, lag));
    }
  } else {
    parts.push(...linuxBase(RELEASE_OF.get(ctx.os) ?? 'rhel8'));
  }
  if (ctx.virtual) parts.push(...app(VMWARE_TOOLS).pick(rng, lag));
  const roles = windows ? WINDOWS_ROLES : LINUX_ROLES;
  const count = rng.int(1, 3);
  for (let i = 0; i < count; i++) parts.push(...roles.pick(rng).pick(rng, lag));
  for (const spec of ctx.apps) parts.push(...spec.pick(rng, lag));
  fillTo(parts, ctx.target, windows ? WINDOWS_FILLER : LINUX_FILLER, rng, lag);
  return buildImage(ctx.os.name, parts, windows);
}

/** Builds the image of a VMware ESXi host. */
export function hypervisorImage(rng: Prng, lag: number): GoldenImage {
  const parts = [...app(ESXI, [OPENSSL, OPENSSH]).pick(rng, lag)];
  const version = parts[0]!.product.at(parts[0]!.index).version;
  return buildImage(`VMware ESXi ${version}`, parts, false);
}
