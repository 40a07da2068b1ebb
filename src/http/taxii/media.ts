/**
 * TAXII 2.1's media types, content negotiation, and its error message resource.
 */
import type { FastifyReply } from 'fastify';

export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';

/** One media range of an Accept header, as type/subtype and its version parameter. */
function ranges(header: string): { type: string; version: string | undefined }[] {
  return header.split(',').map((part) => {
    const [type = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const version = params.find((p) => p.startsWith('version='))?.slice('version='.length);
    return { type, version };
  });
}

/** Whether a request's Accept header lets Ward answer with TAXII 2.1 JSON. */
export function acceptsTaxii(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return ranges(accept).some(
    (r) =>
      r.type === '*/*' ||
      r.type === 'application/*' ||
      (r.type === 'application/taxii+json' && (r.version === undefined || r.version === '2.1')),
  );
}

/** Whether a request body's Content-Type is TAXII 2.1 JSON. */
export function isTaxiiContent(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const [r] = ranges(contentType);
  return r?.type === 'application/taxii+json' && (r.version === undefined || r.version === '2.1');
}

/**
 * Sends TAXII JSON with the media type exactly as TAXII writes it (Fastify would rewrite a JSON
 * type to `…; version="2.1"; charset=utf-8`, which strict clients such as taxii2-client refuse).
 */
export function sendTaxii(reply: FastifyReply, body: unknown, status = 200): FastifyReply {
  return reply
    .status(status)
    .header('content-type', TAXII_MEDIA_TYPE)
    .send(Buffer.from(JSON.stringify(body)));
}

/** TAXII's error message resource (section 3.6.1), sent with its status. */
export function sendTaxiiError(
  reply: FastifyReply,
  status: number,
  title: string,
  description: string,
  details?: Record<string, unknown>,
): FastifyReply {
  return sendTaxii(
    reply,
    { title, description, http_status: String(status), ...(details ? { details } : {}) },
    status,
  );
}
