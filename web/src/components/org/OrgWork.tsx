/**
 * What an organisation works on: alerts awaiting its response, the prioritised worklist, products
 * the register rules out on its devices, possible advisory matches awaiting a national decision, its
 * devices (medical devices among them) and its exceptions (and, on its own page, its baseline standing).
 */
import type { ReactNode } from 'react';
import type { OrgDetails } from '../../api/types';
import { AlertResponses } from './AlertResponses';
import { AssetsTable } from './AssetsTable';
import { ExceptionsTable } from './ExceptionsTable';
import { OrgHeader } from './OrgHeader';
import { PolicyFindings } from './PolicyFindings';
import { PossibleMatches } from './PossibleMatches';
import { Worklist } from './Worklist';

export function OrgWork({
  details,
  section,
  baseline,
}: {
  details: OrgDetails;
  section?: string;
  /** The organisation's baseline standing, on its own page. */
  baseline?: ReactNode;
}) {
  const code = details.organisation.code;
  return (
    <>
      <OrgHeader details={details} section={section} />
      <AlertResponses org={code} />
      {baseline}
      <Worklist org={code} />
      <PolicyFindings org={code} />
      <PossibleMatches org={code} />
      <AssetsTable org={code} />
      <ExceptionsTable org={code} />
    </>
  );
}
