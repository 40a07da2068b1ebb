/**
 * Registered addresses as the API shows them, the result of an addresses import, an address
 * lookup, and their presenters.
 */
import { z } from 'zod';
import { ADDRESS_KINDS } from '../../domain/outside/address-csv.js';
import type {
  AddressImportResult as AddressImportValue,
  AddressLookup as AddressLookupValue,
  AddressView,
} from '../../services/outside/address.service.js';
import { named } from './common.schemas.js';

export const RegisteredAddress = named(
  z.object({
    org: z.string().describe('ODS code of the organisation that registered it'),
    orgName: z.string().describe('name of the organisation'),
    kind: z.enum(ADDRESS_KINDS).describe('range (IPv4 or IPv6 CIDR) or domain'),
    value: z
      .string()
      .describe('the range as PostgreSQL prints it (10.1.0.0/16, 2001:db8::/32) or the domain'),
    registeredAt: z.string().describe('when it was registered (ISO 8601)'),
  }),
  'RegisteredAddress',
);

export const AddressImportQuery = z.object({
  add: z
    .enum(['true', 'false'])
    .optional()
    .describe(
      "true: only add the file's registrations; else the file is each named organisation's whole list",
    ),
});

export const AddressImportResult = named(
  z.object({
    file: z.string().describe('the file imported'),
    mode: z.enum(['replace', 'add']).describe("replace: the file is each named organisation's whole list"),
    rows: z.number().int().describe('registrations in the file'),
    organisations: z.number().int().describe('organisations the file names'),
    added: z.number().int().describe('registrations added'),
    removed: z.number().int().describe('registrations removed (replace only)'),
    unchanged: z.number().int().describe('registrations already there'),
  }),
  'AddressImportResult',
);

export const AddressLookup = named(
  z.object({
    ip: z.string().describe('the address asked about'),
    owner: z
      .object({
        org: z.string().describe('ODS code'),
        orgName: z.string().describe('name of the organisation'),
        range: z.string().describe('the most specific registered range holding the address'),
      })
      .nullable()
      .describe('null: not registered (or registered by an organisation outside your scope)'),
  }),
  'AddressLookup',
);

export function presentAddress(a: AddressView): z.infer<typeof RegisteredAddress> {
  return { org: a.org, orgName: a.orgName, kind: a.kind, value: a.value, registeredAt: a.registeredAt };
}

export function presentAddressImport(r: AddressImportValue): z.infer<typeof AddressImportResult> {
  return {
    file: r.file,
    mode: r.mode,
    rows: r.rows,
    organisations: r.organisations,
    added: r.added,
    removed: r.removed,
    unchanged: r.unchanged,
  };
}

export function presentAddressLookup(l: AddressLookupValue): z.infer<typeof AddressLookup> {
  return { ip: l.ip, owner: l.owner && { org: l.owner.org, orgName: l.owner.orgName, range: l.owner.range } };
}
