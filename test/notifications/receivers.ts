/**
 * Real receivers on 127.0.0.1 for delivery tests: an SMTP server (smtp-server) that parses what it
 * gets, and a webhook endpoint that checks signatures, honours idempotency keys and can be told to
 * fail.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Clock } from '../../src/domain/alerts/clock.js';
import {
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyWebhook,
} from '../../src/notifications/webhook-signature.js';

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  messageId: string;
  idempotencyKey: string;
}

export interface MailSink {
  url: string;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<MailSink> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
          mails.push({
            to: to?.value[0]?.address ?? '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            messageId: parsed.messageId ?? '',
            idempotencyKey: String(parsed.headers.get('x-ward-idempotency-key') ?? ''),
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface WebhookCall {
  key: string;
  event: string;
  body: Record<string, unknown>;
  status: number;
}

export interface WebhookSink {
  url: string;
  /** Every request, including refused and duplicate ones. */
  calls: WebhookCall[];
  /** Idempotency key → times the receiver acted on it (a receiver that honours keys: at most 1). */
  processed: Map<string, number>;
  /** Answer the next n requests with this status. */
  failNext(n: number, status?: number): void;
  close(): Promise<void>;
}

/** A receiver that honours idempotency keys, checking signatures and timestamps against `clock`. */
export async function startWebhookSink(secret: string, clock: Clock): Promise<WebhookSink> {
  const calls: WebhookCall[] = [];
  const processed = new Map<string, number>();
  let failures: { left: number; status: number } = { left: 0, status: 500 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const key = String(req.headers[IDEMPOTENCY_HEADER] ?? '');
      const respond = (status: number) => {
        calls.push({
          key,
          event: String(req.headers['x-ward-event'] ?? ''),
          body: JSON.parse(raw || '{}'),
          status,
        });
        res.writeHead(status).end();
      };
      const check = verifyWebhook(
        secret,
        raw,
        req.headers[TIMESTAMP_HEADER] as string | undefined,
        req.headers[SIGNATURE_HEADER] as string | undefined,
        clock.now(),
      );
      if (!check.ok) return respond(401);
      if (failures.left > 0) {
        failures.left--;
        return respond(failures.status);
      }
      if (!processed.has(key)) processed.set(key, 1);
      // A duplicate is acknowledged but not acted on again.
      respond(200);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/ward`,
    calls,
    processed,
    failNext(n, status = 500) {
      failures = { left: n, status };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
