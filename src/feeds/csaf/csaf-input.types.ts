/**
 * The parts of a CSAF 2.0 document (OASIS CSAF v2.0, §3.2) that Ward reads, typed as they are once
 * the document has passed the schema. Everything optional in the standard is optional here.
 */

export interface CsafProductIdentificationHelperInput {
  cpe?: string;
  purl?: string;
  model_numbers?: string[];
  skus?: string[];
  serial_numbers?: string[];
}

export interface CsafFullProductNameInput {
  product_id: string;
  name: string;
  product_identification_helper?: CsafProductIdentificationHelperInput;
}

export interface CsafBranchInput {
  category: string;
  name: string;
  branches?: CsafBranchInput[];
  product?: CsafFullProductNameInput;
}

export interface CsafRelationshipInput {
  category: string;
  product_reference: string;
  relates_to_product_reference: string;
  full_product_name: CsafFullProductNameInput;
}

export interface CsafProductTreeInput {
  branches?: CsafBranchInput[];
  full_product_names?: CsafFullProductNameInput[];
  relationships?: CsafRelationshipInput[];
  product_groups?: { group_id: string; product_ids: string[] }[];
}

export interface CsafCvssInput {
  version: string;
  vectorString: string;
  baseScore: number;
  baseSeverity?: string;
}

export interface CsafVulnerabilityInput {
  cve?: string;
  title?: string;
  cwe?: { id: string; name: string };
  product_status?: Partial<Record<string, string[]>>;
  remediations?: {
    category: string;
    details: string;
    product_ids?: string[];
    group_ids?: string[];
    url?: string;
  }[];
  scores?: { cvss_v2?: CsafCvssInput; cvss_v3?: CsafCvssInput; products: string[] }[];
}

export interface CsafDocumentInput {
  document: {
    category: string;
    csaf_version: string;
    title: string;
    lang?: string;
    distribution?: { text?: string; tlp?: { label: string; url?: string } };
    publisher: { category: string; name: string; namespace: string };
    references?: { category?: string; summary: string; url: string }[];
    tracking: {
      id: string;
      version: string;
      status: string;
      initial_release_date: string;
      current_release_date: string;
    };
  };
  product_tree?: CsafProductTreeInput;
  vulnerabilities?: CsafVulnerabilityInput[];
}
