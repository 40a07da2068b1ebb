/** The worklist page of any organisation, including a region's or ICB's (their whole subtree). */
import { useParams } from 'react-router';
import { useOrganisation } from '../api/queries';
import { OrgWork } from '../components/org/OrgWork';
import { queryState } from '../components/Status';

export default function OrgWorkPage() {
  const code = (useParams().code ?? '').toUpperCase();
  const org = useOrganisation(code);
  const state = queryState(org, `Organisation ${code}`);
  if (state) return state;
  return org.data ? <OrgWork details={org.data} section="Worklist" /> : null;
}
