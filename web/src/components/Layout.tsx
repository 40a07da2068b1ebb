/**
 * Every signed-in page: a skip link, the navigation, who is signed in, and the page in <main>.
 */
import type { ReactNode } from 'react';
import { NavLink, useNavigate } from 'react-router';
import { useOrgDetails, useSession, useSignOut } from '../api/queries';
import { FEDERATION_KINDS } from './format';
import { homeOrg, isNational } from './roles';

export function Layout({ children }: { children: ReactNode }) {
  const session = useSession();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const home = homeOrg(session.data);
  const national = isNational(session.data);
  const homeDetails = useOrgDetails(national ? null : home);
  // The remote-working view is for the centre and for regional and ICB teams.
  const federation = national || FEDERATION_KINDS.has(homeDetails.data?.organisation.kind ?? '');
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <a className="brand" href="/">
          Ward
        </a>
        <nav aria-label="Main">
          <ul>
            <li>
              <NavLink to={home ? `/orgs/${home}` : '/'}>Overview</NavLink>
            </li>
            <li>
              <NavLink to="/alerts">Alerts</NavLink>
            </li>
            <li>
              <NavLink to="/incidents">Incidents</NavLink>
            </li>
            {federation && (
              <li>
                <NavLink to="/remote-access">Remote working</NavLink>
              </li>
            )}
            <li>
              <NavLink to="/simulation">Simulation</NavLink>
            </li>
            <li>
              <NavLink to="/external">Seen from outside</NavLink>
            </li>
            <li>
              <NavLink to="/import">Import</NavLink>
            </li>
            <li>
              <NavLink to="/intel">Intel</NavLink>
            </li>
            <li>
              <NavLink to="/identity">Product identity</NavLink>
            </li>
            <li>
              <NavLink to="/products">Products register</NavLink>
            </li>
            <li>
              <NavLink to="/account">Account</NavLink>
            </li>
          </ul>
        </nav>
        <div className="who">
          <span>
            Signed in as <strong>{session.data?.user.username}</strong>
          </span>
          <button
            type="button"
            className="link"
            onClick={() => signOut.mutate(undefined, { onSettled: () => navigate('/sign-in') })}
          >
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
