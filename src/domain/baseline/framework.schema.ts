/**
 * The JSON schema of a framework file (objectives → principles → outcomes). Structural rules only;
 * the rules that need the whole document (unique ids, ids under their parent, levels the framework
 * knows) are in `framework.ts`.
 */
import { LEVELS } from './level.js';

const text = { type: 'string', minLength: 1 } as const;
const levels = {
  type: 'array',
  minItems: 2,
  items: { type: 'string', enum: [...LEVELS] },
} as const;

const outcome = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'levels', 'question', 'guidance'],
  properties: {
    id: { type: 'string', pattern: '^[A-Z][0-9]+\\.[a-z]$' },
    title: text,
    levels,
    question: text,
    guidance: text,
    plainQuestion: text,
  },
} as const;

const principle = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'outcomes'],
  properties: {
    id: { type: 'string', pattern: '^[A-Z][0-9]+$' },
    title: text,
    outcomes: { type: 'array', items: outcome },
  },
} as const;

const objective = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'principles'],
  properties: {
    id: { type: 'string', pattern: '^[A-Z]$' },
    title: text,
    principles: { type: 'array', items: principle },
  },
} as const;

export const FRAMEWORK_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Ward baseline framework',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'version', 'levels', 'objectives'],
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9.+-]{0,39}$' },
    title: text,
    version: text,
    notes: { type: 'string' },
    levels,
    objectives: { type: 'array', minItems: 1, items: objective },
  },
} as const;
