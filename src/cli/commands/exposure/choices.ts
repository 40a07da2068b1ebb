/**
 * Parsers of the exposure commands' constrained options: a clear message naming the values allowed.
 */
import { InvalidArgumentError } from 'commander';
import { FINDING_BASES, type FindingBasis } from '../../../domain/platform/platform-defaults.js';
import { PRIORITIES, type Priority } from '../../../domain/priority/ssvc.js';
import { FINDING_CERTAINTIES, type FindingCertainty } from '../../../domain/rules/match-rule.js';

function oneOf<T extends string>(allowed: readonly T[], value: string): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${allowed.join(', ')}`);
  return value as T;
}

export const certaintyArg = (value: string): FindingCertainty =>
  oneOf(FINDING_CERTAINTIES, value.trim().toLowerCase());

export const basisArg = (value: string): FindingBasis => oneOf(FINDING_BASES, value.trim().toLowerCase());

export const priorityArg = (value: string): Priority => oneOf(PRIORITIES, value);
