/**
 * The golden image of a Windows desktop or laptop: the operating system (with SMBv1 if the build
 * leaves it on), Microsoft runtimes and Office, browsers, the estate's security, VPN and remote-app
 * clients, the hardware vendor's tools, clinical software for the image's role, optional
 * utilities, and bundled libraries up to the target size.
 */
import { type AppSpec, app, fixed, type Sourced } from './app.model.js';
import { CHROME, EDGE, FIREFOX, FIREFOX_ESR, INTERNET_EXPLORER } from './catalogues/browser.catalog.js';
import { NHS_IDENTITY_AGENT } from './catalogues/clinical-software.catalog.js';
import {
  ACROBAT_READER,
  ACROBAT_READER_DC,
  ANYDESK,
  FLASH_PLAYER,
  FOXIT_READER,
  GIT,
  HORIZON_CLIENT,
  IMPRIVATA_ONESIGN,
  INTEL_GRAPHICS,
  INTEL_RST,
  INTEL_WIFI,
  IRFANVIEW,
  JABBER,
  JRE,
  KEEPASS,
  LIBREOFFICE,
  NOTEPAD_PLUS_PLUS,
  NVIDIA_DRIVER,
  PUTTY,
  SEVEN_ZIP,
  TEAMVIEWER,
  VLC,
  WINRAR,
  WINSCP,
  WIRESHARK,
  ZOOM,
} from './catalogues/desktop-software.catalog.js';
import type { HardwareLine } from './catalogues/hardware-model.catalog.js';
import {
  BASH,
  CURL,
  ELECTRON,
  EXPAT,
  FFMPEG,
  LIBJPEG_TURBO,
  LIBPNG,
  LIBXML2,
  MAVEN_LIBRARIES,
  NODEJS,
  NPM_LIBRARIES,
  NUGET_LIBRARIES,
  OPENSSL,
  PERL,
  PYPI_LIBRARIES,
  PYTHON,
  SQLITE,
  ZLIB,
} from './catalogues/library.catalog.js';
import {
  DEFENDER_ENGINE,
  DOTNET,
  DOTNET_FRAMEWORK_4,
  DOTNET_FRAMEWORK_35,
  MSXML,
  ODBC_DRIVER,
  OFFICE_SUITE,
  ONEDRIVE,
  POWERSHELL,
  SILVERLIGHT,
  SSMS,
  TEAMS,
  VCREDIST,
  VISUAL_STUDIO_CODE,
} from './catalogues/microsoft-software.catalog.js';
import { type OperatingSystem, SMB1, WINDOWS_DESKTOP } from './catalogues/operating-system.catalog.js';
import { fillTo, fitOptional } from './filler.js';
import { buildImage, type GoldenImage } from './golden-image.js';
import type { Prng } from './prng.js';

export type DesktopRole = 'corporate' | 'clinical' | 'it_admin' | 'gp' | 'small';

export interface DesktopContext {
  readonly os: OperatingSystem;
  readonly lag: number;
  readonly role: DesktopRole;
  readonly laptop: boolean;
  readonly hardware: HardwareLine;
  /** The estate's endpoint protection, VPN client and remote-application client. */
  readonly security: AppSpec;
  readonly vpn: AppSpec;
  readonly remoteApps: AppSpec;
  /** Line-of-business applications: clinical systems, in-house tools. */
  readonly apps: readonly AppSpec[];
  /** Number of components to aim for. */
  readonly target: number;
}

const TEAMS_APP = app(TEAMS, [ELECTRON, NODEJS]);
const VSCODE_APP = app(VISUAL_STUDIO_CODE, [ELECTRON, NODEJS]);

const OPTIONAL: readonly (readonly [AppSpec, number, DesktopRole[]?])[] = [
  [app(SEVEN_ZIP), 0.6],
  [app(JRE), 0.45],
  [app(NOTEPAD_PLUS_PLUS), 0.35],
  [app(VLC, [FFMPEG, LIBPNG, ZLIB]), 0.3],
  [app(FIREFOX), 0.25],
  [app(FIREFOX_ESR), 0.1],
  [app(ZOOM, [OPENSSL, CURL]), 0.25],
  [app(JABBER), 0.2],
  [app(WINRAR), 0.1],
  [app(IRFANVIEW, [LIBJPEG_TURBO, LIBPNG]), 0.1],
  [app(KEEPASS), 0.15],
  [app(FOXIT_READER), 0.15],
  [app(LIBREOFFICE, [OPENSSL, CURL, LIBXML2, ZLIB, EXPAT, PYTHON]), 0.08],
  [MSXML, 0.5],
  [ODBC_DRIVER, 0.3],
  [DOTNET, 0.4],
  [app(IMPRIVATA_ONESIGN), 0.4, ['clinical']],
  [app(NVIDIA_DRIVER), 0.05],
  [app(TEAMVIEWER), 0.1],
  [app(ANYDESK), 0.04],
  [app(PUTTY), 0.9, ['it_admin']],
  [app(WINSCP), 0.8, ['it_admin']],
  [app(WIRESHARK), 0.6, ['it_admin']],
  [app(GIT, [OPENSSL, CURL, BASH, PERL]), 0.6, ['it_admin']],
  [app(PYTHON, [OPENSSL, SQLITE]), 0.6, ['it_admin']],
  [VSCODE_APP, 0.7, ['it_admin']],
  [POWERSHELL, 0.8, ['it_admin']],
  [SSMS, 0.6, ['it_admin']],
];

const LEGACY_OPTIONAL: readonly (readonly [AppSpec, number])[] = [
  [app(FLASH_PLAYER), 0.5],
  [SILVERLIGHT, 0.3],
];

const FILLER = [...NPM_LIBRARIES, ...NUGET_LIBRARIES, ...MAVEN_LIBRARIES];
const ADMIN_FILLER = [...FILLER, ...PYPI_LIBRARIES];

function push(parts: Sourced[], rng: Prng, lag: number, spec: AppSpec): void {
  parts.push(...spec.pick(rng, lag));
}

/** Builds a desktop or laptop golden image. */
export function workstationImage(rng: Prng, ctx: DesktopContext): GoldenImage {
  const legacy = ctx.os.unsupported;
  const xp = ctx.os === WINDOWS_DESKTOP.xp;
  const lag = legacy ? Math.min(1, ctx.lag + 0.45) : ctx.lag;
  const core: Sourced[] = [];
  push(core, rng, lag, app(ctx.os.product));
  if (rng.chance(ctx.os.smb1)) push(core, rng, lag, fixed(SMB1, '1.0'));
  push(core, rng, lag, fixed(INTERNET_EXPLORER, xp ? '8' : '11'));
  if (!xp && (!legacy || rng.chance(0.5))) push(core, rng, lag, app(EDGE));
  push(core, rng, lag, DOTNET_FRAMEWORK_4);
  if (rng.chance(0.8)) push(core, rng, lag, DOTNET_FRAMEWORK_35);
  push(core, rng, lag, VCREDIST);
  if (ctx.role !== 'small' || rng.chance(0.8)) push(core, rng, lag, OFFICE_SUITE);
  if (!legacy || rng.chance(0.3)) push(core, rng, lag, DEFENDER_ENGINE);
  push(core, rng, lag, ctx.security);
  push(core, rng, lag, legacy ? app(ACROBAT_READER) : app(ACROBAT_READER_DC));
  if (rng.chance(0.8)) push(core, rng, lag, app(CHROME));
  if (!legacy && rng.chance(0.7)) push(core, rng, lag, TEAMS_APP);
  if (!legacy && rng.chance(0.6)) push(core, rng, lag, ONEDRIVE);
  if (ctx.role !== 'small' && rng.chance(0.6)) push(core, rng, lag, ctx.remoteApps);
  if (ctx.laptop || rng.chance(0.1)) push(core, rng, lag, ctx.vpn);
  if (ctx.laptop) push(core, rng, lag, app(INTEL_WIFI));
  if (rng.chance(0.8)) push(core, rng, lag, ctx.hardware.updateTool);
  if (rng.chance(0.85)) push(core, rng, lag, app(INTEL_GRAPHICS));
  if (rng.chance(0.4)) push(core, rng, lag, app(INTEL_RST));
  if (rng.chance(0.15)) push(core, rng, lag, app(HORIZON_CLIENT));
  const smartcard = ctx.role === 'clinical' || ctx.role === 'gp' ? 0.95 : ctx.role === 'small' ? 0.3 : 0.4;
  if (rng.chance(smartcard)) push(core, rng, lag, NHS_IDENTITY_AGENT);
  for (const spec of ctx.apps) push(core, rng, lag, spec);
  const optional: Sourced[][] = [];
  for (const [spec, p, roles] of OPTIONAL) {
    if (roles && !roles.includes(ctx.role)) continue;
    if (rng.chance(p)) optional.push(spec.pick(rng, lag));
  }
  if (legacy) for (const [spec, p] of LEGACY_OPTIONAL) if (rng.chance(p)) optional.push(spec.pick(rng, lag));
  const parts = fitOptional(core, optional, ctx.target);
  fillTo(parts, ctx.target, ctx.role === 'it_admin' ? ADMIN_FILLER : FILLER, rng, lag);
  return buildImage(ctx.os.name, parts, true);
}
