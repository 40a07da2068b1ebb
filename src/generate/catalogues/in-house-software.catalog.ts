/**
 * Software a trust's own digital team wrote: ward tools, dashboards, integration glue. Every trust
 * has its own, so this is the long tail of the national inventory — components that exist in one
 * organisation only. They are named by vendor/product/version (`rtg_digital`, `bed_management`,
 * `2.3.1`), and the Java and .NET ones carry the libraries they were built with.
 */
import { type AppSpec, app } from '../app.model.js';
import type { Prng } from '../prng.js';
import { type Product, plainProduct } from '../product.model.js';
import { findLibrary, LOG4J_API, LOG4J_CORE, MAVEN_LIBRARIES, NUGET_LIBRARIES } from './library.catalog.js';

const NAMES = (
  'bed_management ward_whiteboard discharge_summary theatre_scheduler outpatient_letters clinic_booking ' +
  'referral_tracker sepsis_screening e_observations falls_risk_tool pharmacy_stock blood_tracking ' +
  'porter_requests estates_helpdesk staff_rostering mandatory_training incident_reporting complaints_log ' +
  'infection_control maternity_dashboard cancer_mdt stroke_pathway ed_tracker patient_flow ' +
  'ambulance_handover results_viewer order_comms consent_forms clinical_photography wound_care ' +
  'diabetes_register renal_dialysis_log endoscopy_reporting audiology_manager physio_scheduler ' +
  'dietetics_planner volunteer_portal car_park_permits switchboard_directory bleep_system hr_self_service ' +
  'finance_reports procurement_portal coding_assistant data_quality_checker rtt_validation waiting_list_tool ' +
  'bed_bureau capacity_dashboard vaccination_log flu_campaign ehr_bridge pacs_link hl7_router fhir_gateway ' +
  'smartcard_monitor print_manager kiosk_checkin safeguarding_register mental_health_act_tracker'
).split(' ');

const VERSION_SHAPES = ['1.{0..4}.{0..12}', '2.{0..3}.{0..8}', '3.{0..2}.{0..6}', '{2019..2024}.{1..12}'];

const JAVA_LIBS: readonly Product[] = [
  LOG4J_CORE,
  LOG4J_API,
  findLibrary(MAVEN_LIBRARIES, 'jackson-databind'),
];
const DOTNET_LIBS: readonly Product[] = [
  findLibrary(NUGET_LIBRARIES, 'Newtonsoft.Json'),
  findLibrary(NUGET_LIBRARIES, 'log4net'),
  findLibrary(NUGET_LIBRARIES, 'EntityFramework'),
];

/** `count` in-house applications of the organisation with `code`. */
export function inHouseApps(rng: Prng, code: string, count: number): AppSpec[] {
  const vendor = `${code.toLowerCase()}_digital`;
  return rng.sample(NAMES, count).map((name) => {
    const product = plainProduct(vendor, name, [rng.pick(VERSION_SHAPES)]);
    const stack = rng.next();
    return app(product, stack < 0.3 ? JAVA_LIBS : stack < 0.6 ? DOTNET_LIBS : []);
  });
}
