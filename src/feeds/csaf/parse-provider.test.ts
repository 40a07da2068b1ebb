import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../../bench/shared-data.js';
import { FeedFormatError } from '../feed-format.error.js';
import { readCsaf } from './parse-csaf.js';
import {
  parseProviderMetadata,
  parseRolieFeed,
  readProviderMetadata,
  readRolieFeed,
} from './parse-provider.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = path.join(repoRoot, 'test/fixtures/feeds/csaf');
const csafData = path.join(SHARED_DATA, 'csaf');
const otFeed = path.join(csafData, 'cisa-csaf-ot-feed-tlp-white.json.gz');
const itFeed = path.join(csafData, 'cisa-csaf-it-feed-tlp-white.json');

describe('parseProviderMetadata', () => {
  it('lists the ROLIE feeds with their TLP labels and the directory distributions', async () => {
    expect(await readProviderMetadata(path.join(fixtures, 'provider-metadata.json'))).toEqual({
      canonicalUrl: 'https://psirt.example.org/.well-known/csaf/provider-metadata.json',
      lastUpdated: '2099-01-02T03:04:05.000Z',
      metadataVersion: '2.0',
      role: 'csaf_trusted_provider',
      publisher: {
        name: 'Example Medical PSIRT',
        namespace: 'https://psirt.example.org',
        category: 'vendor',
      },
      rolieFeeds: [
        {
          url: 'https://psirt.example.org/.well-known/csaf/white/example-feed-tlp-white.json',
          tlpLabel: 'WHITE',
          summary: 'WHITE advisories',
        },
        {
          url: 'https://psirt.example.org/.well-known/csaf/green/example-feed-tlp-green.json',
          tlpLabel: 'GREEN',
          summary: null,
        },
      ],
      directoryUrls: ['https://psirt.example.org/.well-known/csaf/white/'],
    });
  });

  it('rejects a document that is not provider metadata, saying what is missing', () => {
    expect(() => parseProviderMetadata({ canonical_url: 'x' }, { name: 'pm.json' })).toThrow(FeedFormatError);
    expect(() => parseProviderMetadata({ canonical_url: 'x' }, { name: 'pm.json' })).toThrow(
      /^pm\.json: not CSAF provider metadata: last_updated: Invalid input/,
    );
  });
});

describe('parseRolieFeed', () => {
  it('lists advisory URLs with their update times, and reports unusable entries by index', async () => {
    const feed = await readRolieFeed(path.join(fixtures, 'rolie-feed.json'));
    expect(feed).toEqual({
      id: 'example-feed-tlp-white',
      title: 'Example Medical CSAF feed (TLP:WHITE)',
      updated: '2099-02-01T09:00:00.000Z',
      selfUrl: 'https://psirt.example.org/.well-known/csaf/white/example-feed-tlp-white.json',
      entries: [
        {
          id: 'EXM-2099-001',
          title: 'Synthetic advisory: infusion pump and its embedded OS',
          url: 'https://psirt.example.org/.well-known/csaf/white/2099/exm-2099-001.json',
          published: '2099-01-15T09:00:00.000Z',
          updated: '2099-02-01T09:00:00.000Z',
          // Written `"ref": "hash"` in the fixture, as CISA's IT feed does.
          hashUrl: 'https://psirt.example.org/.well-known/csaf/white/2099/exm-2099-001.json.sha512',
          signatureUrl: 'https://psirt.example.org/.well-known/csaf/white/2099/exm-2099-001.json.asc',
        },
      ],
      issues: [
        {
          index: 1,
          id: 'EXM-2099-002',
          reason: 'updated: Invalid input: expected string, received undefined',
        },
        { index: 2, id: 'EXM-2099-003', reason: 'no content.src and no self link' },
      ],
    });
  });

  it('rejects what is not a ROLIE feed', () => {
    expect(() => parseRolieFeed({ entries: [] })).toThrow(/not a ROLIE feed: feed: Invalid input/);
  });
});

// CISA's ROLIE feeds are not in the intel snapshot (it ships the advisories, not the feeds listing them).
describe.skipIf(!existsSync(otFeed))(
  existsSync(otFeed)
    ? 'ROLIE feeds in ../shared/data/csaf (CISA)'
    : `ROLIE feeds of CISA [SKIPPED: ${otFeed} not found]`,
  () => {
    it('reads the OT feed: 2379 advisories, 144 of them ICSMA', async () => {
      const feed = await readRolieFeed(otFeed);
      expect(feed).toMatchObject({
        id: 'cisa-csaf-ot-feed-tlp-white',
        title: 'CISA CSAF OT feed (TLP:WHITE)',
        updated: '2024-10-24T19:23:12.425167Z',
        selfUrl:
          'https://raw.githubusercontent.com/cisagov/CSAF/develop/csaf_files/OT/white/cisa-csaf-ot-feed-tlp-white.json',
        issues: [],
      });
      expect(feed.entries).toHaveLength(2379);
      expect(feed.entries.filter((e) => e.id.startsWith('ICSMA-'))).toHaveLength(144);
      expect(feed.entries.find((e) => e.id === 'ICSMA-24-200-01')).toEqual({
        id: 'ICSMA-24-200-01',
        title: 'Philips Vue PACS',
        url: 'https://raw.githubusercontent.com/cisagov/CSAF/develop/csaf_files/OT/white/2024/icsma-24-200-01.json',
        published: '2024-07-18T06:00:00.000000Z',
        updated: '2024-07-18T06:00:00.000000Z',
        hashUrl:
          'https://raw.githubusercontent.com/cisagov/CSAF/develop/csaf_files/OT/white/2024/icsma-24-200-01.json.sha512',
        signatureUrl:
          'https://raw.githubusercontent.com/cisagov/CSAF/develop/csaf_files/OT/white/2024/icsma-24-200-01.json.asc',
      });
    });

    it('agrees with the advisories it lists: same tracking id, updated = current_release_date', async () => {
      const feed = await readRolieFeed(otFeed);
      const byFile = new Map(feed.entries.map((e) => [path.basename(e.url), e]));
      for (const file of [
        'icsma/icsma-24-200-01.json',
        'icsma/icsma-20-261-01.json',
        'icsa-sample/icsa-19-211-01.json',
      ]) {
        const result = await readCsaf(path.join(csafData, file));
        if (!result.ok) throw new Error(file);
        const entry = byFile.get(path.basename(file))!;
        expect(entry.id).toBe(result.advisory.document.tracking.id);
        expect(entry.updated).toBe(result.advisory.document.tracking.currentReleaseDate);
      }
    });

    it('reads the IT feed, whose hash links say "ref" instead of "rel"', async () => {
      const feed = await readRolieFeed(itFeed);
      expect(feed.entries).toHaveLength(4);
      expect(feed.issues).toEqual([]);
      expect(feed.entries[0]).toMatchObject({
        id: 'VA-24-254-02',
        hashUrl:
          'https://raw.githubusercontent.com/cisagov/CSAF/develop/csaf_files/IT/white/2024/va-24-254-02.json.sha512',
        signatureUrl:
          'https://raw.githubusercontent.com/cisagov/CSAF/develop/csaf_files/IT/white/2024/va-24-254-02.json.asc',
      });
    });
  },
);
