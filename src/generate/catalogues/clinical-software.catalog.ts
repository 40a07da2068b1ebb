/**
 * Clinical and NHS-specific desktop software. Most of it has no CPE in NVD, so an inventory names it
 * by vendor, product and version only (the third way a component can be identified). The vendor and
 * product spellings follow NVD's lower-case, underscore style so they sit beside CPE-named rows.
 */
import { type AppSpec, app } from '../app.model.js';
import { cpeProduct, plainProduct } from '../product.model.js';
import { JRE } from './desktop-software.catalog.js';
import {
  findLibrary,
  LIBXML2,
  LOG4J,
  LOG4J_1,
  LOG4J_API,
  LOG4J_CORE,
  MAVEN_LIBRARIES,
  NUGET_LIBRARIES,
  OPENSSL,
} from './library.catalog.js';

const maven = (name: string) => findLibrary(MAVEN_LIBRARIES, name);
const nuget = (name: string) => findLibrary(NUGET_LIBRARIES, name);

/** NHS smartcard middleware, on nearly every clinical workstation. */
export const NHS_IDENTITY_AGENT = app(
  plainProduct('nhs_digital', 'identity_agent', ['2.{2..4}.{0..5}.{0..2}']),
);

/** GP clinical systems: a practice runs one of them. */
export const GP_EMIS = app(plainProduct('emis_health', 'emis_web', ['9.{10..25}.{0..9..3}']), [
  nuget('Newtonsoft.Json'),
  nuget('log4net'),
]);
export const GP_SYSTMONE = app(plainProduct('tpp', 'systmone', ['{38..52}.{0..9..3}']), [JRE]);

/** Other GP practice software. */
export const GP_EXTRAS: readonly AppSpec[] = [
  app(plainProduct('docman', 'docman_10', ['10.{0..3}.{0..9}'])),
  app(plainProduct('lexacom', 'lexacom', ['3.{0..5}.{0..5}'])),
  app(plainProduct('accurx', 'accurx_desktop', ['2.{100..220..8}.0'])),
];

/** Trust clinical clients: electronic patient record, PAS, PACS viewer, theatres, dictation. */
export const TRUST_CLINICAL: readonly AppSpec[] = [
  app(plainProduct('cerner', 'powerchart', ['2018.{01..12}', '2022.{01..12}'])),
  app(
    plainProduct('epic_systems', 'hyperspace', ['2021.{02..11..3}', '2023.{02..11..3}', '2024.{02..11..3}']),
  ),
  app(plainProduct('system_c', 'medway_pas', ['4.{8..12}.{0..5}']), [
    nuget('Newtonsoft.Json'),
    nuget('nHapi'),
  ]),
  app(plainProduct('dedalus', 'ormis', ['8.{0..5}.{0..3}'])),
  app(plainProduct('sectra', 'ids7', ['2{0..4}.{1,2}.{0..9}'])),
  app(plainProduct('philips', 'intellispace_pacs_enterprise', ['4.4.{550..560}'])),
  app(plainProduct('ge_healthcare', 'centricity_universal_viewer', ['6.0.{1..10}']), [
    LOG4J,
    maven('jackson-databind'),
  ]),
  app(plainProduct('nuance', 'powerscribe_360', ['4.0.{3..8}'])),
  app(plainProduct('nuance', 'dragon_medical_one', ['2021.{1..4}', '2022.{1..4}', '2023.{1..4}'])),
  app(plainProduct('nervecentre', 'nervecentre', ['7.{0..3}.{0..9}'])),
  app(plainProduct('wellsky', 'jac_epma', ['4.{0..3}.{0..9}']), [LOG4J_1]),
  app(plainProduct('better', 'better_meds', ['3.{0..9}.{0..4}'])),
  app(plainProduct('clinisys', 'winpath_enterprise', ['5.{20..40}'])),
  app(
    cpeProduct({
      part: 'a',
      vendor: 'philips',
      product: 'intellispace_portal',
      versions: ['7.0', '8.0', '9.0', '11.0', '12.0'],
    }),
    [OPENSSL, LIBXML2],
  ),
  app(plainProduct('ascribe', 'rio', ['7.{0..4}.{0..9}']), [LOG4J_CORE, LOG4J_API, maven('commons-text')]),
  app(plainProduct('orion_health', 'clinical_portal', ['7.{0..4}.{0..3}']), [
    LOG4J_CORE,
    LOG4J_API,
    maven('spring-core'),
  ]),
  app(plainProduct('hicom', 'bluespier', ['6.{0..9}.{0..9}'])),
];

/** Software common to small providers (pharmacies, care homes, hospices). */
export const SMALL_PROVIDER: readonly AppSpec[] = [
  app(plainProduct('positive_solutions', 'analyst_pmr', ['5.{0..9}.{0..9}'])),
  app(plainProduct('cegedim', 'pharmacy_manager', ['4.{0..6}.{0..9}'])),
  app(plainProduct('person_centred_software', 'mobile_care_monitoring', ['3.{0..20}'])),
  app(plainProduct('nourish_care', 'nourish', ['2.{0..40..2}'])),
  app(plainProduct('sage', 'sage_50_accounts', ['26.{0..3}.{0..2}', '27.{0..2}.{0..2}', '28.{0..2}.0'])),
];
