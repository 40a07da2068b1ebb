import { describe, expect, it } from 'vitest';
import { classify } from './detect-format.js';

describe('feed format detection', () => {
  it('recognises each format from its opening bytes', () => {
    expect(classify('{"resultsPerPage":2000,"startIndex":0,"totalResults":5,"format":"NVD_CVE"')).toBe('nvd');
    expect(classify('{"vulnerabilities":[{"cve":{"id":"CVE-2017-0144"')).toBe('nvd');
    expect(
      classify(
        '{\n  "title": "CISA Catalog of Known Exploited Vulnerabilities",\n  "catalogVersion": "2025.08.25"',
      ),
    ).toBe('kev');
    expect(
      classify('#model_version:v2025.03.14,score_date:2025-03-15T00:00:00+0000\ncve,epss,percentile\n'),
    ).toBe('epss');
    expect(classify('{"document":{"category":"csaf_security_advisory","csaf_version":"2.0"')).toBe('csaf');
    expect(
      classify('{"canonical_url":"https://x/.well-known/csaf/provider-metadata.json","distributions":[]'),
    ).toBe('csaf-provider');
    expect(classify('{"feed":{"id":"cisa-csaf-ot","entry":[')).toBe('rolie');
    expect(classify('name,version\nfoo,1')).toBe('unknown');
    expect(
      classify(
        '{"$schema": "http://json-schema.org/draft-07/schema#", "properties": {"catalogVersion": {}}}',
      ),
    ).toBe('unknown');
  });
});
