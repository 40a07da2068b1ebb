/**
 * The OASIS STIX 2.1 JSON Schemas, read from the shared vendor folder (never copied into Ward) and
 * compiled with ajv's draft 2020-12 build and ajv-formats, each schema loaded under its `$id` so
 * their relative `$ref`s resolve. Tests that need them skip with a message where they are absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { STIX_VENDOR } from './stix-standards.js';

const SCHEMAS = path.join(STIX_VENDOR, 'schemas');
const BASE = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/';

/** Why the schemas are unavailable, or null when they are there. */
export function stixSchemasMissing(): string | null {
  return existsSync(path.join(SCHEMAS, 'common', 'bundle.json'))
    ? null
    : `the OASIS STIX 2.1 JSON Schemas are not at ${SCHEMAS}`;
}

let ajv: Ajv2020 | undefined;

function load(): Ajv2020 {
  if (ajv) return ajv;
  const a = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  (addFormats as unknown as (x: Ajv2020) => void)(a);
  // ajv-formats has no internationalised host names (domain-name's value): a name without spaces.
  a.addFormat('idn-hostname', /^[^\s]+$/u);
  for (const dir of readdirSync(SCHEMAS))
    for (const file of readdirSync(path.join(SCHEMAS, dir)).filter((f) => f.endsWith('.json')))
      a.addSchema(JSON.parse(readFileSync(path.join(SCHEMAS, dir, file), 'utf8')));
  ajv = a;
  return a;
}

const FOLDER_OF: Record<string, string> = {
  bundle: 'common',
  'marking-definition': 'common',
  'extension-definition': 'common',
  'language-content': 'common',
  relationship: 'sros',
  sighting: 'sros',
};

/** The schema's complaints about one STIX object (or bundle), none when it validates. */
export function stixSchemaErrors(object: { type: string }): string[] {
  const a = load();
  const folder =
    FOLDER_OF[object.type] ??
    (existsSync(path.join(SCHEMAS, 'sdos', `${object.type}.json`)) ? 'sdos' : 'observables');
  const validate: ValidateFunction | undefined = a.getSchema(`${BASE}${folder}/${object.type}.json`);
  if (!validate) return [`no OASIS schema for type ${object.type}`];
  return validate(object)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}
