import { type Kysely, sql } from 'kysely';

/**
 * Global intel: vulnerabilities, their match rules, KEV, EPSS, CSAF advisories, and the state of
 * each feed. Under Citus these are reference tables.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE vulnerabilities (
      cve_id text PRIMARY KEY,
      published timestamptz,
      last_modified timestamptz,
      status text NOT NULL,
      rejected boolean NOT NULL DEFAULT false,
      description text NOT NULL DEFAULT '',
      cvss_version text,
      cvss_score numeric(3,1),
      cvss_severity text,
      cvss_vector text,
      metrics jsonb NOT NULL DEFAULT '[]',
      cwes text[] NOT NULL DEFAULT '{}',
      reference_urls text[] NOT NULL DEFAULT '{}',
      source text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX vulnerabilities_last_modified ON vulnerabilities (last_modified)`.execute(db);
  await sql`
    CREATE TABLE match_rules (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      cve_id text NOT NULL,
      source text NOT NULL,
      grp integer NOT NULL,
      key text NOT NULL,
      scheme text NOT NULL,
      exact text,
      start_version text,
      start_inclusive boolean,
      end_version text,
      end_inclusive boolean,
      update text,
      lo_key text COLLATE "C",
      lo_inclusive boolean,
      hi_key text COLLATE "C",
      hi_inclusive boolean,
      alt_key text COLLATE "C",
      conditional boolean NOT NULL DEFAULT false,
      raw text NOT NULL
    )`.execute(db);
  // Versions are kept as given (the exact verdict is the domain's) and as byte-sortable key ranges
  // (lo..hi, plus one alternative point) that let the database find candidate components by range.
  await sql`CREATE INDEX match_rules_key ON match_rules (key)`.execute(db);
  // Platform conditions of AND configurations ("running on"): one row per criterion of each condition.
  await sql`
    CREATE TABLE rule_conditions (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      rule_id bigint NOT NULL REFERENCES match_rules (id) ON DELETE CASCADE,
      cond integer NOT NULL,
      negate boolean NOT NULL,
      key text NOT NULL,
      scheme text NOT NULL,
      exact text,
      start_version text,
      start_inclusive boolean,
      end_version text,
      end_inclusive boolean,
      update text,
      lo_key text COLLATE "C",
      lo_inclusive boolean,
      hi_key text COLLATE "C",
      hi_inclusive boolean,
      alt_key text COLLATE "C",
      raw text NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX rule_conditions_key ON rule_conditions (key)`.execute(db);
  await sql`CREATE INDEX rule_conditions_rule ON rule_conditions (rule_id, cond)`.execute(db);
  await sql`CREATE INDEX match_rules_cve ON match_rules (cve_id, source)`.execute(db);
  await sql`
    CREATE TABLE kev_entries (
      cve_id text PRIMARY KEY,
      vendor_project text NOT NULL,
      product text NOT NULL,
      name text NOT NULL,
      date_added date NOT NULL,
      short_description text NOT NULL DEFAULT '',
      required_action text NOT NULL DEFAULT '',
      due_date date,
      ransomware text NOT NULL DEFAULT 'Unknown',
      notes text NOT NULL DEFAULT '',
      cwes text[] NOT NULL DEFAULT '{}',
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE epss_scores (
      cve_id text PRIMARY KEY,
      epss real NOT NULL,
      percentile real NOT NULL,
      score_date date NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE advisories (
      id text PRIMARY KEY,
      title text NOT NULL,
      category text NOT NULL,
      publisher text NOT NULL,
      tlp text,
      version text NOT NULL,
      initial_release timestamptz,
      current_release timestamptz,
      medical boolean NOT NULL DEFAULT false,
      url text,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE advisory_products (
      advisory_id text NOT NULL REFERENCES advisories (id) ON DELETE CASCADE,
      product_id text NOT NULL,
      name text NOT NULL,
      vendor text,
      product text,
      version text,
      version_range text,
      cpe text,
      purl text,
      model_numbers text[] NOT NULL DEFAULT '{}',
      PRIMARY KEY (advisory_id, product_id)
    )`.execute(db);
  await sql`
    CREATE TABLE advisory_vulnerabilities (
      advisory_id text NOT NULL REFERENCES advisories (id) ON DELETE CASCADE,
      cve_id text NOT NULL,
      title text,
      product_status jsonb NOT NULL DEFAULT '{}',
      remediations jsonb NOT NULL DEFAULT '[]',
      scores jsonb NOT NULL DEFAULT '[]',
      PRIMARY KEY (advisory_id, cve_id)
    )`.execute(db);
  await sql`CREATE INDEX advisory_vulnerabilities_cve ON advisory_vulnerabilities (cve_id)`.execute(db);
  await sql`
    CREATE TABLE intel_sources (
      source text PRIMARY KEY,
      last_success timestamptz,
      last_attempt timestamptz,
      last_modified_seen timestamptz,
      cursor jsonb,
      records integer NOT NULL DEFAULT 0,
      last_error text,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}
