/**
 * What the renderers need to know, independent of the database: an alert, the flaws it is about,
 * one organisation's exposure and one recipient.
 */

export interface AlertFacts {
  reference: string;
  title: string;
  severity: string;
  action: string;
  cves: readonly string[];
  version: number;
  ackHours: number;
  advisoryId: string | null;
}

/** A flaw in words: the first sentence of its description, and whether attackers use it. */
export interface CveNote {
  id: string;
  summary: string | null;
  knownExploited: boolean;
  cvssScore: number | null;
}

export interface OrgRef {
  code: string;
  name: string;
}

export interface Recipient {
  contactId: string;
  name: string;
  email: string;
  role: string;
  channel: string;
}

export interface TargetFacts {
  assetCount: number;
  /** Up to 50 device labels, most clinically critical first. */
  assets: readonly string[];
  ackDueAt: Date;
  state: string;
}

export interface RenderOptions {
  /** Where people open Ward (links in messages), when set. */
  publicUrl: string | null;
}

/** A message ready for the outbox: plain text for people, a JSON payload for machines (without the text). */
export interface RenderedMessage {
  subject: string;
  text: string;
  payload: Record<string, unknown>;
}
