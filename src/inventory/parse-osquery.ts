/**
 * Parses osquery results (one host object, or an array of hosts; see README.osquery.md for the exact
 * shape) into assets with raw components, the same result as the CSV importer:
 *
 * - `os_version` → the operating system as NVD-spelt CPEs ({@link operatingSystemCpes}), or its name
 *   and version when no CPE is reliable;
 * - `deb_packages` → `pkg:deb/<ubuntu|debian>/<name>@<version>?arch=<arch>` (ubuntu when the host's
 *   `os_version.platform` is ubuntu); packages dpkg lists as removed are skipped;
 * - `rpm_packages` → `pkg:rpm/<vendor>/<name>@<version>-<release>?arch=<arch>&epoch=<epoch>`, the vendor
 *   from the platform (rhel → redhat, else the platform id); `gpg-pubkey` entries are skipped;
 * - `programs` (Windows) → publisher/name/version, with an NVD CPE for the few programs
 *   {@link windowsProgramCpe} knows.
 * - `windows_optional_features` (Windows 8.1 / Server 2012 R2 and later) → the state of built-ins
 *   Ward would otherwise assume from the platform's defaults: the `SMB1Protocol-Server` row (or
 *   `SMB1Protocol` when there is none) with `state` 1 reports the SMBv1 server enabled, 2 disabled and
 *   3 removed (absent); other rows are ignored.
 *
 * Hosts are `workstation`s (`server` when Windows says it is a server) unless the host's own
 * `asset_type` or the options say otherwise; options override what the file says.
 */
import { PackageURL } from 'packageurl-js';
import type { AssetType, AssetWithComponents, RawComponent } from '../domain/inventory/asset.js';
import { BUILTINS } from '../domain/platform/platform-defaults.js';
import {
  checkOptions,
  isAssetField,
  mergeAssetFields,
  type StatedAssetFields,
  scalarText,
  stateAssetField,
} from './asset-fields.js';
import type {
  InventoryImportOptions,
  InventoryInput,
  InventoryParse,
  SkippedRecords,
} from './inventory-parse.js';
import { JsonImport, jsonPath, readJsonDocument } from './json-document.js';
import { type OsVersionRow, operatingSystemCpes } from './osquery-os-cpe.js';
import { RawComponentSet } from './raw-component-set.js';
import { windowsProgramCpe } from './windows-program-cpe.js';

type Json = Record<string, unknown>;

/** The osquery tables read, by the name of the member holding their rows. */
export const OSQUERY_TABLES = [
  'system_info',
  'os_version',
  'programs',
  'deb_packages',
  'rpm_packages',
  'windows_optional_features',
] as const;
const COMPONENT_TABLES = OSQUERY_TABLES.filter(
  (t) => t !== 'system_info' && t !== 'windows_optional_features',
);

/** `windows_optional_features.state`: 1 enabled, 2 disabled, 3 absent (removed); 4 unknown says nothing. */
const FEATURE_STATE: Record<string, string | null> = { '1': null, '2': 'disabled', '3': 'removed' };
const HOST_IDS = ['host_identifier', 'hostname'] as const;

/** rpm purl namespaces (the distribution's vendor) for os-release ids that differ from it. */
const RPM_VENDOR: Record<string, string> = {
  rhel: 'redhat',
  ol: 'oracle',
  amzn: 'amazon',
  sles: 'suse',
  sled: 'suse',
  'opensuse-leap': 'opensuse',
  'opensuse-tumbleweed': 'opensuse',
};

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One osquery file being read. */
class OsqueryImport extends JsonImport {}

/** One host being read. */
class HostImport {
  readonly components = new RawComponentSet();
  readonly stated: StatedAssetFields = {};
  readonly fromSystemInfo: StatedAssetFields = {};
  os: OsVersionRow | null = null;

  constructor(
    readonly run: OsqueryImport,
    readonly host: Json,
    readonly path: string,
  ) {}

  at(table: string, i?: number): string {
    const member = jsonPath(this.path, table);
    return i === undefined ? member : jsonPath(member, i);
  }

  /** The rows of a table, each an object; problems for anything else. */
  rows(table: string): { row: Json; path: string }[] {
    const value = this.host[table];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.run.problem(this.at(table), 'expected an array of rows');
      return [];
    }
    const rows: { row: Json; path: string }[] = [];
    value.forEach((row, i) => {
      if (isObject(row)) rows.push({ row, path: this.at(table, i) });
      else this.run.problem(this.at(table, i), 'expected a row object');
    });
    return rows;
  }

  add(component: Omit<RawComponent, 'line'>, path: string): void {
    if (!this.components.add({ ...component, line: this.run.line(path) })) this.run.skipped.duplicate++;
  }

  readOsVersion(): void {
    const rows = this.rows('os_version');
    const first = rows[0];
    if (!first) return;
    this.run.rows++;
    const { row, path } = first;
    const field = (name: string) => scalarText(row[name]);
    const os: OsVersionRow = {
      name: field('name'),
      version: field('version'),
      major: field('major'),
      minor: field('minor'),
      build: field('build'),
      platform: field('platform'),
      codename: field('codename'),
      arch: field('arch'),
      revision: field('revision'),
    };
    this.os = os;
    const cpes = operatingSystemCpes(os);
    // No version beside the CPE: it would stand in for a CPE version left ANY (an unknown Windows revision).
    for (const cpe of cpes)
      this.add({ vendor: null, product: os.name, version: null, cpe, purl: null }, path);
    if (cpes.length === 0) {
      if (os.name && os.version)
        this.add({ vendor: null, product: os.name, version: os.version, cpe: null, purl: null }, path);
      else this.run.skipped.unmatchable++;
    }
  }

  /** Built-in components whose state an optional feature reports (see the module comment). */
  readOptionalFeatures(): void {
    const rows = this.rows('windows_optional_features');
    for (const builtin of BUILTINS) {
      for (const feature of builtin.osqueryFeatures) {
        const found = rows.find(({ row }) => scalarText(row.name)?.toLowerCase() === feature.toLowerCase());
        if (!found) continue;
        this.run.rows++;
        const state = scalarText(found.row.state) ?? '';
        if (!(state in FEATURE_STATE)) break;
        const version = FEATURE_STATE[state] ?? null;
        this.add({ vendor: null, product: builtin.name, version, cpe: builtin.cpe, purl: null }, found.path);
        break;
      }
    }
  }

  readSystemInfo(): void {
    const info = this.rows('system_info')[0]?.row;
    if (!info) return;
    stateAssetField(this.fromSystemInfo, 'hostname', info.hostname ?? info.computer_name);
    stateAssetField(this.fromSystemInfo, 'manufacturer', info.hardware_vendor);
    stateAssetField(this.fromSystemInfo, 'model', info.hardware_model);
  }

  readPrograms(): void {
    for (const { row, path } of this.rows('programs')) {
      this.run.rows++;
      const name = scalarText(row.name);
      const version = scalarText(row.version);
      const publisher = scalarText(row.publisher);
      if (!name || !version) {
        this.run.skipped.unmatchable++;
        continue;
      }
      const cpe = windowsProgramCpe(name, version, publisher);
      this.add({ vendor: publisher, product: name, version, cpe, purl: null }, path);
    }
  }

  packageUrl(
    path: string,
    type: string,
    namespace: string | null,
    name: string,
    version: string,
    qualifiers: Record<string, string>,
  ): string | null {
    try {
      return new PackageURL(type, namespace, name, version, qualifiers).toString();
    } catch (error) {
      this.run.problem(path, `cannot make a package URL: ${(error as Error).message}`);
      return null;
    }
  }

  readDebPackages(): void {
    const platform = this.os?.platform?.toLowerCase();
    const namespace = platform === 'ubuntu' ? 'ubuntu' : 'debian';
    for (const { row, path } of this.rows('deb_packages')) {
      this.run.rows++;
      const name = scalarText(row.name);
      const version = scalarText(row.version);
      const status = scalarText(row.status);
      if (!name || !version) {
        this.run.problem(path, 'a deb package needs a name and a version');
        continue;
      }
      // dpkg keeps removed packages whose configuration files remain: "deinstall ok config-files".
      if (status !== null && !/(^|\s)installed$/.test(status)) {
        this.run.skipped.notInstalled++;
        continue;
      }
      const arch = scalarText(row.arch);
      const purl = this.packageUrl(path, 'deb', namespace, name, version, arch ? { arch } : {});
      if (purl) this.add({ vendor: null, product: name, version, cpe: null, purl }, path);
    }
  }

  readRpmPackages(): void {
    const platform = this.os?.platform?.toLowerCase() ?? null;
    const namespace = platform ? (RPM_VENDOR[platform] ?? platform) : null;
    for (const { row, path } of this.rows('rpm_packages')) {
      this.run.rows++;
      const name = scalarText(row.name);
      const version = scalarText(row.version);
      const release = scalarText(row.release);
      if (!name || !version) {
        this.run.problem(path, 'an rpm package needs a name and a version');
        continue;
      }
      // `rpm -qa` lists imported signing keys as packages named gpg-pubkey.
      if (name === 'gpg-pubkey') {
        this.run.skipped.notInstalled++;
        continue;
      }
      const full = release ? `${version}-${release}` : version;
      const qualifiers: Record<string, string> = {};
      const arch = scalarText(row.arch);
      const epoch = scalarText(row.epoch);
      if (arch) qualifiers.arch = arch;
      if (epoch && epoch !== '0') qualifiers.epoch = epoch;
      const purl = this.packageUrl(path, 'rpm', namespace, name, full, qualifiers);
      if (purl) this.add({ vendor: null, product: name, version: full, cpe: null, purl }, path);
    }
  }

  /** Host fields other than the tables and the id: the CSV's asset columns; unknown tables are problems. */
  readFields(): void {
    for (const [key, value] of Object.entries(this.host)) {
      if (
        (OSQUERY_TABLES as readonly string[]).includes(key) ||
        (HOST_IDS as readonly string[]).includes(key)
      )
        continue;
      if (isAssetField(key)) {
        const reason = stateAssetField(this.stated, key, value);
        if (reason) this.run.problem(jsonPath(this.path, key), reason);
      } else if (Array.isArray(value)) {
        this.run.problem(
          jsonPath(this.path, key),
          `unknown table "${key}" (Ward reads ${OSQUERY_TABLES.join(', ')}; name each query after its table)`,
        );
      }
    }
  }

  read(): void {
    this.readFields();
    this.readSystemInfo();
    this.readOsVersion();
    this.readPrograms();
    this.readDebPackages();
    this.readRpmPackages();
    this.readOptionalFeatures();
  }
}

function defaultType(os: OsVersionRow | null): AssetType {
  return /\bwindows\b.*\bserver\b/i.test(os?.name ?? '') ? 'server' : 'workstation';
}

/**
 * Reads osquery JSON results. `input` is the document's text or its bytes in chunks (a file stream);
 * the parser does no I/O of its own.
 */
export async function parseOsquery(
  file: string,
  input: InventoryInput | string,
  options: InventoryImportOptions = {},
): Promise<InventoryParse> {
  const skipped: SkippedRecords = { unmatchable: 0, duplicate: 0, notInstalled: 0 };
  const optionProblems = checkOptions(options).map((reason) => ({ file, line: 0, reason }));
  if (optionProblems.length) return { assets: [], rows: 0, problems: optionProblems, skipped };
  const doc = await readJsonDocument(file, input);
  if (!('value' in doc)) return { assets: [], rows: 0, problems: [doc], skipped };
  const run = new OsqueryImport(file, doc);
  const value = doc.value;
  const hosts: { host: unknown; path: string }[] = Array.isArray(value)
    ? value.map((host, i) => ({ host, path: jsonPath('', i) }))
    : [{ host: value, path: '' }];
  if (hosts.length === 0) run.problem('', 'no hosts: the array is empty');
  if (options.assetKey !== undefined && hosts.length > 1) {
    run.problem('', `an asset key names one host, but the file has ${hosts.length}`);
    return { assets: [], rows: 0, problems: run.problems, skipped };
  }
  const assets = new Map<string, AssetWithComponents>();
  for (const { host, path } of hosts) {
    if (!isObject(host)) {
      run.problem(path, 'expected a host object (or the rows of osquery tables by table name)');
      continue;
    }
    const reading = new HostImport(run, host, path);
    reading.read();
    const id = scalarText(host.host_identifier) ?? scalarText(host.hostname);
    const key = options.assetKey?.trim() ?? id ?? reading.fromSystemInfo.hostname ?? null;
    if (!key) {
      run.problem(
        path,
        'the host has no host_identifier or hostname (and no system_info row): give its asset id',
      );
      continue;
    }
    if (!COMPONENT_TABLES.some((t) => Array.isArray(host[t]) && host[t].length > 0)) {
      run.problem(path, `host ${key}: no rows of ${COMPONENT_TABLES.join(', ')}`);
      continue;
    }
    if (assets.has(key)) {
      run.problem(path, `host ${key} is listed twice`);
      continue;
    }
    const fields = mergeAssetFields(
      options,
      [reading.stated, reading.fromSystemInfo],
      defaultType(reading.os),
    );
    const os = reading.os;
    assets.set(key, {
      assetKey: key,
      hostname: scalarText(host.hostname) ?? fields.hostname,
      assetType: fields.assetType,
      manufacturer: fields.manufacturer,
      model: fields.model,
      os: os?.name ? [os.name, os.version].filter(Boolean).join(' ') : null,
      ip: fields.ip,
      networkZone: fields.networkZone,
      internetFacing: fields.internetFacing,
      clinicalCriticality: fields.clinicalCriticality,
      components: reading.components.list,
      line: run.line(path),
    });
  }
  return { assets: [...assets.values()], rows: run.rows, problems: run.problems, skipped: run.skipped };
}
