/**
 * E-mail over SMTP with nodemailer. The Message-ID is derived from the idempotency key, so a
 * message re-sent after a crash carries the same id and mail systems that de-duplicate by it show
 * it once.
 */
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { OutboxRow } from '../db/repositories/outbox.repository.js';
import { DeliveryError, type Transport } from './transport.js';

export interface SmtpOptions {
  /** `smtp://user:pass@host:port` or `smtps://…`. */
  url: string;
  from: string;
  timeoutMs?: number;
}

export function messageId(key: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@ward.alerts>`;
}

export function smtpTransport(options: SmtpOptions): Transport {
  const timeout = options.timeoutMs ?? 15_000;
  const url = new URL(options.url);
  const secure = url.protocol === 'smtps:';
  const mailer = nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    // A plain smtp:// URL to a local relay may not offer STARTTLS; smtps:// and servers that offer it use TLS.
    ignoreTLS: url.searchParams.get('tls') === 'off',
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    channel: 'email',
    async send(message: OutboxRow) {
      try {
        await mailer.sendMail({
          from: options.from,
          to: { name: message.recipient_name, address: message.recipient },
          subject: message.subject,
          text: message.body,
          messageId: messageId(message.idempotency_key),
          headers: { 'X-Ward-Idempotency-Key': message.idempotency_key, 'X-Ward-Kind': message.kind },
        });
      } catch (error) {
        const e = error as Error & { responseCode?: number };
        // 5xx replies to the envelope or data are permanent (unknown mailbox, message refused).
        const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600;
        throw new DeliveryError(`SMTP: ${e.message}`, permanent);
      }
    },
    async close() {
      mailer.close();
    },
  };
}
