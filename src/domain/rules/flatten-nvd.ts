/**
 * Flattens one CVE's NVD `configurations` into match rules with NVD's semantics, so the exposure
 * engine can index rules by key and match each installed component once.
 *
 * NVD semantics (CVE API 2.0): a CVE applies when any configuration holds. A configuration combines
 * its nodes with `operator` (absent: OR); a node combines its `cpeMatch` entries with its own
 * `operator`; `negate` inverts a node. Only entries with `vulnerable: true` name what is vulnerable;
 * `vulnerable: false` entries are platforms the vulnerable software must run on.
 *
 * Rules: one per vulnerable entry, with the conditions that must also hold on the same asset:
 * - configuration AND: every other node becomes a condition (an OR node: any of its entries present;
 *   an AND node: one condition per entry; a negated OR node: none of its entries present);
 * - node AND: the entry's sibling entries must each be present.
 * A configuration OR (or a lone node) gives rules without conditions from its non-negated nodes.
 *
 * What the rule model cannot express is reported in `issues`, never silently dropped: a negated
 * configuration and vulnerable entries inside a negated node (skipped: absence cannot make anything
 * vulnerable); a negated AND node with several entries (`not all of`), whose condition is left out so
 * the rule over-matches; a criterion that is not a valid CPE (skipped). The real NVD sample has none
 * of these, but the feed allows them.
 */

import { cpeAttributes, cpeKey } from '../cpe/cpe-key.js';
import { CpeParseError } from '../cpe/cpe-name.error.js';
import { CPE_ANY, CPE_NA } from '../cpe/cpe-name.js';
import { parseCpe, unescapeCpeValue } from '../cpe/cpe-name.parser.js';
import type { MatchCriterion, MatchRule, PlatformCondition, VersionBound } from './match-rule.js';
import type { NvdConfiguration, NvdCpeMatch, NvdNode } from './nvd-configuration.js';

/** Something in a CVE's configurations the rules could not represent exactly. */
export interface FlattenIssue {
  cve: string;
  /** Configuration index. */
  group: number;
  /** The criteria concerned, or `*` for a whole configuration. */
  criteria: string;
  reason: string;
}

/** The rules of one CVE and what could not be represented. */
export interface FlattenResult {
  rules: MatchRule[];
  issues: FlattenIssue[];
}

function bound(value: string | undefined, inclusive: boolean): VersionBound | null {
  return value === undefined ? null : { version: unescapeCpeValue(value), inclusive };
}

/** The match criterion of one NVD `cpeMatch` entry (generic scheme); throws {@link CpeParseError} on a bad CPE. */
export function criterionFromCpeMatch(match: NvdCpeMatch): MatchCriterion {
  const cpe = parseCpe(match.criteria);
  const start = bound(match.versionStartIncluding, true) ?? bound(match.versionStartExcluding, false);
  const end = bound(match.versionEndIncluding, true) ?? bound(match.versionEndExcluding, false);
  return {
    key: cpeKey(cpe),
    scheme: 'generic',
    exact: cpe.version === CPE_ANY ? null : cpe.version,
    start,
    end,
    update: cpe.update === CPE_ANY ? null : cpe.update === CPE_NA ? CPE_NA : cpe.update.toLowerCase(),
    raw: match.criteria,
    attributes: cpeAttributes(cpe),
  };
}

/** One entry of a node with its criterion, or null when the criterion could not be parsed. */
interface Entry {
  match: NvdCpeMatch;
  criterion: MatchCriterion | null;
}

/** The conditions a node imposes on an asset (when the node is not the one holding the rule's entry). */
function nodeConditions(
  node: Entry[],
  operator: NvdNode['operator'],
  negate: boolean,
): PlatformCondition[] | 'unrepresentable' {
  const criteria = node.flatMap((e) => (e.criterion ? [e.criterion] : []));
  if (criteria.length === 0) return [];
  if (operator === 'AND' && criteria.length > 1) {
    return negate ? 'unrepresentable' : criteria.map((c) => ({ negate: false, anyOf: [c] }));
  }
  return [{ negate, anyOf: criteria }];
}

/** Flattens one CVE's configurations into rules (source `nvd`, group = configuration index). */
export function flattenNvdConfigurations(
  cve: string,
  configurations: readonly NvdConfiguration[],
): FlattenResult {
  const rules: MatchRule[] = [];
  const issues: FlattenIssue[] = [];
  configurations.forEach((configuration, group) => {
    const issue = (criteria: string, reason: string): void => {
      issues.push({ cve, group, criteria, reason });
    };
    if (configuration.negate) {
      issue('*', 'negated configuration: absence cannot make anything vulnerable; skipped');
      return;
    }
    const nodes = configuration.nodes.map((node) =>
      node.cpeMatch.map((match): Entry => {
        try {
          return { match, criterion: criterionFromCpeMatch(match) };
        } catch (error) {
          if (!(error instanceof CpeParseError)) throw error;
          issue(match.criteria, `${error.message}; skipped`);
          return { match, criterion: null };
        }
      }),
    );
    const andConfiguration = configuration.operator === 'AND';
    configuration.nodes.forEach((node, n) => {
      const entries = nodes[n]!;
      const vulnerable = entries.filter((e) => e.match.vulnerable && e.criterion);
      if (vulnerable.length === 0) return;
      if (node.negate) {
        for (const e of vulnerable) issue(e.match.criteria, 'vulnerable entry in a negated node: skipped');
        return;
      }
      const shared: PlatformCondition[] = [];
      if (andConfiguration) {
        configuration.nodes.forEach((other, o) => {
          if (o === n) return;
          const conditions = nodeConditions(nodes[o]!, other.operator, other.negate === true);
          if (conditions === 'unrepresentable') {
            issue(
              other.cpeMatch.map((m) => m.criteria).join(' AND '),
              'negated AND node: condition left out, rules over-match',
            );
          } else {
            shared.push(...conditions);
          }
        });
      }
      for (const e of vulnerable) {
        const siblings =
          node.operator === 'AND'
            ? entries.flatMap((s) =>
                s !== e && s.criterion ? [{ negate: false, anyOf: [s.criterion] }] : [],
              )
            : [];
        rules.push({
          cve,
          source: 'nvd',
          group,
          vulnerable: e.criterion!,
          conditions: [...siblings, ...shared],
        });
      }
    });
  });
  return { rules, issues };
}
