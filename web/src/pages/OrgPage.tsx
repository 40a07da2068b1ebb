/**
 * An organisation: the federation overview for the national centre, regions and ICBs (exposure by
 * child organisation, alert compliance, top exposures, medical devices, the baseline); the worklist page for
 * everyone else; each with its outcomes below baseline profile.
 */
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { useOrganisation } from '../api/queries';
import { BelowProfile } from '../components/baseline/BelowProfile';
import { loadECharts } from '../components/charts/Chart';
import { FEDERATION_KINDS } from '../components/format';
import { OrgHeader } from '../components/org/OrgHeader';
import { OrgWork } from '../components/org/OrgWork';
import { PublicAddresses } from '../components/org/PublicAddresses';
import { ChildExposure } from '../components/overview/ChildExposure';
import { Compliance } from '../components/overview/Compliance';
import { MedicalDevices } from '../components/overview/MedicalDevices';
import { TopExposures } from '../components/overview/TopExposures';
import { queryState } from '../components/Status';
import { BlastRadius } from '../components/sim/BlastRadius';

export default function OrgPage() {
  const code = (useParams().code ?? '').toUpperCase();
  const org = useOrganisation(code);
  const kind = org.data?.organisation.kind;
  // The overview's charts: their library downloads while the overview's figures are asked for.
  useEffect(() => {
    if (kind && FEDERATION_KINDS.has(kind)) void loadECharts();
  }, [kind]);
  const state = queryState(org, `Organisation ${code}`);
  if (state) return state;
  const details = org.data;
  if (!details || !kind) return null;
  if (!FEDERATION_KINDS.has(kind))
    return (
      <>
        <OrgWork details={details} baseline={<BelowProfile code={code} kind={kind} />} />
        <BlastRadius org={code} />
        <PublicAddresses details={details} />
      </>
    );
  return (
    <>
      <OrgHeader details={details} />
      <p>
        <Link to={`/orgs/${code}/work`}>
          Worklist, devices and alert responses for all of {details.organisation.name}
        </Link>
      </p>
      <div className="grid">
        <ChildExposure org={code} />
        <Compliance org={code} />
        <TopExposures org={code} />
        <MedicalDevices org={code} />
      </div>
      <BelowProfile code={code} kind={kind} />
      <PublicAddresses details={details} />
    </>
  );
}
