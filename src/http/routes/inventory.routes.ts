/**
 * Inventory uploads (multipart/form-data, streamed into the importers): import a snapshot for an
 * organisation, or scan files against the intel without storing them. Form fields come first,
 * then one or more files; each file is limited in size (413 beyond it).
 */
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ASSET_TYPES, CLINICAL_CRITICALITIES } from '../../domain/inventory/asset.js';
import { unstorableText } from '../../domain/text/storable-text.js';
import { invalidFields } from '../../errors.js';
import type { InventoryImportOptions, ParsedInventory } from '../../inventory/inventory-parse.js';
import { INVENTORY_FORMATS, readInventory } from '../../inventory/read-inventory.js';
import { scanInventory } from '../../services/exposure/scan.service.js';
import {
  checkInventoryImport,
  importInventory,
  prepareInventory,
} from '../../services/inventory/inventory.service.js';
import { actorOf } from '../plugins/auth.js';
import { unstorableInput } from '../plugins/storable-input.js';
import { badForm, malformedForm } from '../plugins/uploaded-files.js';
import type { RouteContext } from '../route-context.js';
import { ERRORS } from '../schemas/common.schemas.js';
import {
  ImportResult,
  presentInventoryImport,
  presentScan,
  ScanResult,
} from '../schemas/inventory.schemas.js';

const Fields = z.object({
  org: z.string().min(1).max(16).optional(),
  source: z.string().min(1).max(64).default('default'),
  format: z.enum(INVENTORY_FORMATS).optional(),
  assetType: z.enum(ASSET_TYPES).optional(),
  assetId: z.string().min(1).max(256).optional(),
  networkZone: z.string().min(1).max(64).optional(),
  internetFacing: z.stringbool().optional(),
  clinicalCriticality: z.enum(CLINICAL_CRITICALITIES).optional(),
});
type Fields = z.infer<typeof Fields>;

/** The multipart body as OpenAPI describes it (the handler streams it, so it is not validated up front). */
export const UPLOAD_BODY = (withOrg: boolean) => ({
  required: true,
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: withOrg ? ['org', 'file'] : ['file'],
        properties: {
          ...(withOrg
            ? {
                org: { type: 'string', description: 'ODS code (before the files)' },
                source: {
                  type: 'string',
                  description: 'inventory source name (a snapshot replaces the last of the same source)',
                },
              }
            : {}),
          format: {
            type: 'string',
            enum: [...INVENTORY_FORMATS],
            description: 'detected when absent',
          },
          assetType: { type: 'string', enum: [...ASSET_TYPES] },
          assetId: { type: 'string' },
          networkZone: { type: 'string' },
          internetFacing: { type: 'boolean' },
          clinicalCriticality: { type: 'string', enum: [...CLINICAL_CRITICALITIES] },
          file: {
            type: 'array',
            items: { type: 'string', format: 'binary' },
            description: 'inventory files',
          },
        },
      },
    },
  },
});

/**
 * Reads the form: fields, then files streamed one by one into the parsers. `beforeFiles` runs once,
 * when the first file arrives (the service's access check, so nothing is parsed for a caller who may
 * not import).
 */
async function readUpload(
  request: FastifyRequest,
  ctx: RouteContext,
  beforeFiles: (fields: Fields) => Promise<void>,
): Promise<{ fields: Fields; parsed: ParsedInventory[] }> {
  if (!request.isMultipart())
    throw badForm('send multipart/form-data with the form fields first, then the files');
  const raw: Record<string, string> = {};
  let fields: Fields | null = null;
  const parsed: ParsedInventory[] = [];
  try {
    for await (const part of request.parts({ limits: { fileSize: ctx.uploadLimitBytes } })) {
      if (part.type === 'field') {
        if (fields) throw badForm(`field ${part.fieldname} must come before the files`);
        const value = String((part as MultipartValue).value);
        const unstorable = unstorableText(value);
        if (unstorable) throw unstorableInput(`form field ${part.fieldname}`, unstorable);
        raw[part.fieldname] = value;
        continue;
      }
      const file = part as MultipartFile;
      if (!fields) {
        const result = Fields.safeParse(raw);
        if (!result.success)
          throw invalidFields(
            Object.fromEntries(result.error.issues.map((i) => [i.path.join('.'), i.message])),
          );
        fields = result.data;
        await beforeFiles(fields);
      }
      const options: InventoryImportOptions = {
        assetType: fields.assetType,
        assetKey: fields.assetId,
        networkZone: fields.networkZone,
        internetFacing: fields.internetFacing,
        clinicalCriticality: fields.clinicalCriticality,
      };
      parsed.push(await readInventory(file.filename || file.fieldname, file.file, fields.format, options));
    }
  } catch (error) {
    throw malformedForm(error);
  }
  if (!fields || parsed.length === 0) throw badForm('no file: attach one or more inventory files');
  return { fields, parsed };
}

export function inventoryRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/inventory/imports',
      {
        schema: {
          tags: ['inventory'],
          summary: "Import a snapshot of an organisation's assets (CSV, CycloneDX, osquery); all or nothing",
          consumes: ['multipart/form-data'],
          response: { 201: ImportResult, 413: ERRORS[400], ...ERRORS },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const { fields, parsed } = await readUpload(request, ctx, async (f) => {
          if (!f.org)
            throw invalidFields({ org: 'the ODS code of the organisation is required (before the files)' });
          await checkInventoryImport(ctx.database, actor, f.org);
        });
        const prepared = prepareInventory(parsed);
        const result = await importInventory(
          ctx.database,
          actor,
          fields.org as string,
          fields.source,
          prepared,
        );
        return reply.status(201).send(presentInventoryImport(result));
      },
    );
    app.post(
      '/scan',
      {
        schema: {
          tags: ['inventory'],
          summary: 'Match inventory files against the intel without storing them',
          consumes: ['multipart/form-data'],
          response: { 200: ScanResult, 413: ERRORS[400], ...ERRORS },
        },
      },
      async (request) => {
        actorOf(request);
        const { parsed } = await readUpload(request, ctx, async () => {});
        return presentScan(await scanInventory(ctx.database, parsed));
      },
    );
  };
}
