/**
 * Parses a CycloneDX JSON BOM (specVersion 1.2–1.6; later 1.x minors are read the same way) into
 * assets with their raw components, the same result as the CSV importer. Every problem is collected
 * with the record's path in the BOM (`components[12].components[3]: invalid package URL …`) and its
 * line in the file; the caller decides (an import with any problem writes nothing).
 *
 * - The asset is what `metadata.component` describes, keyed by its `bom-ref`, else `name@version`
 *   (or the `assetKey` option). It is typed from the component type — `device` and `firmware` →
 *   `iot`, anything else → `server` — unless `ward:` properties or the options say otherwise.
 * - Each component of type `device` (a hardware or device BOM) is an asset of its own, keyed
 *   `<asset key>/<its bom-ref or name@version>`; the components nested in it are its components.
 * - Components are walked recursively (nested `components`, at most {@link MAX_COMPONENT_DEPTH} levels
 *   deep: deeper nesting is a problem). Each becomes a raw component from its
 *   `cpe`, `purl`, `name` (product), `version` and vendor (`publisher`, else `supplier.name`, else
 *   `manufacturer.name`, else `group`). A component with a CPE or purl of its own that is an asset
 *   (`metadata.component`, a device) is also a component of itself: a device SBOM often gives the
 *   device's firmware or hardware CPE there.
 * - Components with neither a CPE, a purl, nor a name and a version cannot be matched: they are
 *   skipped without error and counted (`skipped.unmatchable`), as are repeats (`skipped.duplicate`).
 * - A BOM without components (VEX, SaaSBOM) is a problem, as is one whose components can none be
 *   matched and that lists no device (a CBOM of algorithms and certificates).
 *
 * `ward:` properties (on `metadata.properties` for the main asset, on a device's own `properties`)
 * carry what CycloneDX cannot say: `ward:asset_type`, `ward:clinical_criticality`,
 * `ward:network_zone`, `ward:internet_facing`, `ward:hostname`, `ward:ip`, `ward:manufacturer`,
 * `ward:model` — and the state of a built-in component Ward would otherwise assume from the
 * platform's defaults: `ward:smb1` = `enabled`, `disabled` or `removed`.
 */

import { parseCpe } from '../domain/cpe/cpe-name.parser.js';
import type { AssetType, AssetWithComponents, RawComponent } from '../domain/inventory/asset.js';
import { BUILTINS, builtinById, isOffState, OFF_STATES } from '../domain/platform/platform-defaults.js';
import { parsePurl } from '../domain/purl/package-url.parser.js';
import {
  ASSET_FIELDS,
  checkOptions,
  isAssetField,
  mergeAssetFields,
  type StatedAssetFields,
  stateAssetField,
} from './asset-fields.js';
import type {
  InventoryImportOptions,
  InventoryInput,
  InventoryParse,
  SkippedRecords,
} from './inventory-parse.js';
import { JsonImport, jsonPath, readJsonDocument } from './json-document.js';
import { RawComponentSet } from './raw-component-set.js';

type Json = Record<string, unknown>;

const WARD_PROPERTY = 'ward:';
/** How deeply `components` may nest (real BOMs nest a few levels; thousands would exhaust the stack). */
export const MAX_COMPONENT_DEPTH = 64;
const NO_COMPONENTS = 'no components to import (this looks like a VEX / SaaSBOM document)';

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty trimmed string, or null. */
function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** `name` of an organizational entity (`supplier`, `manufacturer`, `metadata.manufacture`). */
function entityName(value: unknown): string | null {
  return isObject(value) ? text(value.name) : null;
}

/** How a BOM names a component: `bom-ref`, else `name@version`, else `name`. */
function componentRef(node: Json): string | null {
  const name = text(node.name);
  const version = text(node.version);
  return text(node['bom-ref']) ?? (name && version ? `${name}@${version}` : name);
}

function defaultAssetType(componentType: unknown): AssetType {
  return componentType === 'device' || componentType === 'firmware' ? 'iot' : 'server';
}

function lowerFirst(message: string): string {
  return message.charAt(0).toLowerCase() + message.slice(1);
}

interface AssetDraft {
  key: string;
  node: Json;
  path: string;
  main: boolean;
  stated: StatedAssetFields;
  components: RawComponentSet;
  os: string | null;
}

/** One BOM being read: the drafts of its assets, the counts and the problems. */
class BomImport extends JsonImport {
  readonly devices: AssetDraft[] = [];
  readonly keys = new Map<string, string>();
  main: AssetDraft | null = null;
  cryptographic = 0;
  #orphans = false;

  /** Reads `ward:` properties into the fields they state; other properties are not Ward's. */
  stateProperties(properties: unknown, path: string): StatedAssetFields {
    const stated: StatedAssetFields = {};
    if (properties === undefined) return stated;
    if (!Array.isArray(properties)) {
      this.problem(path, 'expected an array of properties');
      return stated;
    }
    properties.forEach((property, i) => {
      const name = isObject(property) ? text(property.name) : null;
      if (!name?.startsWith(WARD_PROPERTY)) return;
      const field = name.slice(WARD_PROPERTY.length);
      const at = jsonPath(path, i);
      const builtin = builtinById(field);
      if (builtin) {
        const state = text((property as Json).value)?.toLowerCase() ?? '';
        if (state !== 'enabled' && !isOffState(state)) {
          this.problem(
            at,
            `${name} must be enabled, ${OFF_STATES.join(' or ')}, got ${JSON.stringify(state)}`,
          );
          return;
        }
        stated.builtins ??= [];
        stated.builtins.push({ cpe: builtin.cpe, version: state === 'enabled' ? null : state });
        return;
      }
      if (!isAssetField(field)) {
        this.problem(
          at,
          `unknown property ${name} (Ward reads ${[...ASSET_FIELDS, ...BUILTINS.map((b) => b.id)].map((f) => WARD_PROPERTY + f).join(', ')})`,
        );
        return;
      }
      const reason = stateAssetField(stated, field, (property as Json).value);
      if (reason) this.problem(at, reason);
    });
    return stated;
  }

  draft(key: string, node: Json, path: string, main: boolean): AssetDraft | null {
    const earlier = this.keys.get(key);
    if (earlier !== undefined) {
      this.problem(path, `asset key "${key}" is already used by ${earlier || 'the main asset'}`);
      return null;
    }
    this.keys.set(key, path);
    const stated = this.stateProperties(node.properties, jsonPath(path, 'properties'));
    return { key, node, path, main, stated, components: new RawComponentSet(), os: null };
  }

  /** Walks a `components` array; `owner` is the asset its non-device components belong to. */
  walk(list: unknown, path: string, owner: AssetDraft | null, depth = 1): void {
    if (list === undefined) return;
    if (depth > MAX_COMPONENT_DEPTH) {
      this.problem(
        path,
        `components nested more than ${MAX_COMPONENT_DEPTH} levels deep (Ward reads at most ${MAX_COMPONENT_DEPTH})`,
      );
      return;
    }
    if (!Array.isArray(list)) {
      this.problem(path, 'expected an array of components');
      return;
    }
    list.forEach((node, i) => {
      const at = jsonPath(path, i);
      this.rows++;
      if (!isObject(node)) {
        this.problem(at, 'expected a component object');
        return;
      }
      if (node.type === 'cryptographic-asset') this.cryptographic++;
      let next = owner;
      if (node.type === 'device') {
        next = this.device(node, at);
        if (next && (node.cpe !== undefined || node.purl !== undefined)) this.component(next, node, at);
      } else if (owner) {
        this.component(owner, node, at);
      } else if (!this.#orphans) {
        this.#orphans = true;
        this.problems.push({
          file: this.file,
          line: 0,
          reason:
            'the BOM has no metadata.component naming the asset its components are installed on (give its asset id)',
        });
      }
      this.walk(node.components, jsonPath(at, 'components'), next, depth + 1);
    });
  }

  device(node: Json, path: string): AssetDraft | null {
    const ref = componentRef(node);
    if (!ref) {
      this.problem(path, 'a device without bom-ref or name cannot be an asset');
      return null;
    }
    const draft = this.draft(this.main ? `${this.main.key}/${ref}` : ref, node, path, false);
    if (draft) this.devices.push(draft);
    return draft;
  }

  /** Adds one component to its asset, or counts it as skipped, or reports why it cannot be read. */
  component(owner: AssetDraft, node: Json, path: string): void {
    const cpe = this.identifier(node, 'cpe', path);
    const purl = this.identifier(node, 'purl', path);
    if (cpe === false || purl === false) return;
    const name = text(node.name);
    const version = text(node.version);
    if (!cpe && !purl && !(name && version)) {
      this.skipped.unmatchable++;
      return;
    }
    const raw: RawComponent = {
      vendor:
        text(node.publisher) ??
        entityName(node.supplier) ??
        entityName(node.manufacturer) ??
        text(node.group),
      product: name,
      version,
      cpe,
      purl,
      line: this.line(path),
    };
    if (!owner.components.add(raw)) this.skipped.duplicate++;
    if (node.type === 'operating-system' && owner.os === null && name)
      owner.os = version ? `${name} ${version}` : name;
  }

  /** A component's `cpe` or `purl`: null when absent, false when reported as invalid. */
  identifier(node: Json, field: 'cpe' | 'purl', path: string): string | null | false {
    const value = node[field];
    if (value === undefined || value === null || value === '') return null;
    if (typeof value !== 'string') {
      this.problem(path, `${field} must be a string`);
      return false;
    }
    try {
      if (field === 'cpe') parseCpe(value.trim());
      else parsePurl(value);
      return value.trim();
    } catch (error) {
      this.problem(path, lowerFirst((error as Error).message));
      return false;
    }
  }
}

function checkBom(bom: unknown): string | null {
  if (!isObject(bom)) return 'not a CycloneDX BOM: expected a JSON object';
  if (bom.bomFormat !== 'CycloneDX') {
    return bom.bomFormat === undefined
      ? 'not a CycloneDX BOM: no bomFormat (an SPDX document or another JSON file?)'
      : `not a CycloneDX BOM: bomFormat is ${JSON.stringify(bom.bomFormat)}, expected "CycloneDX"`;
  }
  const spec = typeof bom.specVersion === 'string' ? /^1\.(\d+)$/.exec(bom.specVersion) : null;
  if (!spec || Number(spec[1]) < 2) {
    return `unsupported CycloneDX specVersion ${JSON.stringify(bom.specVersion ?? null)} (JSON BOMs are 1.2 to 1.6)`;
  }
  return null;
}

/**
 * Reads a CycloneDX JSON BOM. `input` is the document's text or its bytes in chunks (a file
 * stream); the parser does no I/O of its own.
 */
export async function parseCycloneDx(
  file: string,
  input: InventoryInput | string,
  options: InventoryImportOptions = {},
): Promise<InventoryParse> {
  const skipped: SkippedRecords = { unmatchable: 0, duplicate: 0, notInstalled: 0 };
  const optionProblems = checkOptions(options).map((reason) => ({ file, line: 0, reason }));
  if (optionProblems.length) return { assets: [], rows: 0, problems: optionProblems, skipped };
  const doc = await readJsonDocument(file, input);
  if (!('value' in doc)) return { assets: [], rows: 0, problems: [doc], skipped };
  const wrong = checkBom(doc.value);
  if (wrong) return { assets: [], rows: 0, problems: [{ file, line: 1, reason: wrong }], skipped };
  const bom = doc.value as Json;
  const bomImport = new BomImport(file, doc);
  const metadata = isObject(bom.metadata) ? bom.metadata : {};
  const top = metadata.component;
  if (top !== undefined && !isObject(top))
    bomImport.problem('metadata.component', 'expected a component object');
  const topNode = isObject(top) ? top : null;
  const mainKey = options.assetKey?.trim() ?? (topNode && componentRef(topNode));
  if (topNode && !mainKey)
    bomImport.problem(
      'metadata.component',
      'has neither bom-ref nor name to key the asset (give its asset id)',
    );
  const mainStated = bomImport.stateProperties(metadata.properties, 'metadata.properties');
  if (mainKey) {
    const path = topNode ? 'metadata.component' : '';
    bomImport.main = bomImport.draft(mainKey, topNode ?? {}, path, true);
    if (bomImport.main && topNode && (topNode.cpe !== undefined || topNode.purl !== undefined))
      bomImport.component(bomImport.main, topNode, path);
  }
  if (topNode) bomImport.walk(topNode.components, 'metadata.component.components', bomImport.main);
  bomImport.walk(bom.components, 'components', bomImport.main);

  const build = (draft: AssetDraft): AssetWithComponents => {
    const node = draft.node;
    const stated = draft.main ? [draft.stated, mainStated] : [draft.stated];
    const fields = mergeAssetFields(options, stated, defaultAssetType(node.type));
    const isHardware = node.type === 'device' || node.type === 'firmware';
    const manufacturer =
      entityName(node.manufacturer) ??
      entityName(node.supplier) ??
      text(node.publisher) ??
      (draft.main
        ? (entityName(metadata.manufacturer) ??
          entityName(metadata.manufacture) ??
          entityName(metadata.supplier))
        : null);
    return {
      assetKey: draft.key,
      hostname: fields.hostname,
      assetType: fields.assetType,
      manufacturer: fields.manufacturer ?? manufacturer,
      model: fields.model ?? (isHardware ? text(node.name) : null),
      os: draft.os,
      ip: fields.ip,
      networkZone: fields.networkZone,
      internetFacing: fields.internetFacing,
      clinicalCriticality: fields.clinicalCriticality,
      components: [
        ...draft.components.list,
        ...stated
          .flatMap((s) => s.builtins ?? [])
          .map((b) => ({
            vendor: null,
            product: null,
            version: b.version,
            cpe: b.cpe,
            purl: null,
            line: bomImport.line(draft.path),
          })),
      ],
      line: bomImport.line(draft.path),
    };
  };
  const main = bomImport.main;
  const drafts = [...(main && main.components.list.length > 0 ? [main] : []), ...bomImport.devices];
  const assets = drafts.map(build);
  const problems = bomImport.problems;
  const imported = assets.reduce((n, a) => n + a.components.length, 0);
  if (problems.length === 0 && imported === 0 && bomImport.devices.length === 0) {
    const reason =
      bomImport.rows === 0
        ? NO_COMPONENTS
        : `nothing to import: none of the ${bomImport.rows} components has a cpe, purl, or name and version${
            bomImport.cryptographic > 0 ? " (a CBOM's cryptographic assets cannot be matched)" : ''
          }`;
    problems.push({ file, line: 0, reason });
  }
  return { assets, rows: bomImport.rows, problems, skipped: bomImport.skipped };
}
