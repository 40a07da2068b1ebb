/**
 * How failed sign-ins slow further guessing without letting a stranger lock out a real user.
 *
 * Failures are counted under three keys. Past each key's free allowance, every further failure
 * makes the next attempt wait twice as long as the last (1 s, 2 s, 4 s … up to the key's cap):
 * - the user name from one address: one guesser at one account (cap 5 minutes);
 * - the address: one guesser trying many accounts (cap 5 minutes);
 * - the user name from addresses it has never signed in from: many addresses guessing one account
 *   (cap 1 minute). An address the user signed in from successfully in the last 30 days is not
 *   held back by this key, so a distributed attack slows the attacker without locking the user out.
 * Keys are the user name as typed, whether or not such a user exists, so a waiting answer says
 * nothing about which names exist; unknown, wrong and held-back answers are the same for every name.
 * Counts are forgotten a day after the last failure.
 */

export interface ThrottleRule {
  /** Failures allowed before any wait. */
  readonly free: number;
  /** The longest wait, in seconds. */
  readonly capSeconds: number;
}

export const THROTTLE = Object.freeze({
  accountAddress: Object.freeze({ free: 5, capSeconds: 300 }),
  address: Object.freeze({ free: 30, capSeconds: 300 }),
  account: Object.freeze({ free: 20, capSeconds: 60 }),
  forgetAfterHours: 24,
  knownAddressDays: 30,
});

export interface ThrottleKey {
  readonly key: string;
  readonly rule: ThrottleRule;
}

/** The keys an attempt counts under; `knownAddress`: the name signed in from this address lately. */
export function throttleKeys(username: string, address: string, knownAddress: boolean): ThrottleKey[] {
  const name = username.trim().toLowerCase();
  const keys: ThrottleKey[] = [
    { key: `name-address:${name}@${address}`, rule: THROTTLE.accountAddress },
    { key: `address:${address}`, rule: THROTTLE.address },
  ];
  if (!knownAddress) keys.push({ key: `name:${name}`, rule: THROTTLE.account });
  return keys;
}

/** Seconds the next attempt waits after `failures` failures under a key with this rule. */
export function backoffSeconds(failures: number, rule: ThrottleRule): number {
  if (failures < rule.free) return 0;
  const exponent = Math.min(failures - rule.free, 30);
  return Math.min(rule.capSeconds, 2 ** exponent);
}
