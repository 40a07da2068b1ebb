/**
 * The states a finding is shown in, and the exposure levels it is ranked by: the constant lists
 * the API's enums and the CLI's choices are built from.
 */
import type { Exposure } from '../priority/ssvc.js';

/**
 * A finding's status as people see it: open, reopened (fixed and back, or its exception expired),
 * excepted (an active exception covers it) or fixed (its component is gone).
 */
export const FINDING_STATUSES = ['open', 'reopened', 'excepted', 'fixed'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** The widest exposure of a finding's assets: open (internet-facing), controlled (clinical zone or medical device), small. */
export const EXPOSURES = ['open', 'controlled', 'small'] as const satisfies readonly Exposure[];
