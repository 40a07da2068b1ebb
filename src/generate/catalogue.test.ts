/**
 * Checks every catalogue: components are well formed and the NVD spellings the demo scenarios
 * depend on (WannaCry, Heartbleed, Log4Shell, Citrix, Pulse/Ivanti, Siemens devices) are there.
 */
import { PackageURL } from 'packageurl-js';
import { describe, expect, it } from 'vitest';
import * as browsers from './catalogues/browser.catalog.js';
import * as clinical from './catalogues/clinical-software.catalog.js';
import * as desktop from './catalogues/desktop-software.catalog.js';
import * as iot from './catalogues/iot-device.catalog.js';
import * as libraries from './catalogues/library.catalog.js';
import * as medical from './catalogues/medical-device.catalog.js';
import * as microsoft from './catalogues/microsoft-software.catalog.js';
import * as mobile from './catalogues/mobile-device.catalog.js';
import * as network from './catalogues/network-device.catalog.js';
import * as os from './catalogues/operating-system.catalog.js';
import * as server from './catalogues/server-software.catalog.js';
import { Prng } from './prng.js';
import { Product } from './product.model.js';

const CPE = /^cpe:2\.3:[aoh](?::(?:[^:\\]|\\.)+){10}$/;

function collect(value: unknown, into: Set<Product>, rng: Prng, depth = 0): void {
  if (depth > 6 || value === null || typeof value !== 'object') return;
  if (value instanceof Product) {
    into.add(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collect(v, into, rng, depth + 1);
    return;
  }
  const pick = (value as { pick?: unknown }).pick;
  if (typeof pick === 'function') {
    for (const lag of [0, 0.3, 0.7, 1]) {
      for (let i = 0; i < 8; i++) {
        for (const s of (pick as (r: Prng, l: number) => { product: Product }[]).call(value, rng, lag)) {
          into.add(s.product);
        }
      }
    }
    return;
  }
  for (const v of Object.values(value)) collect(v, into, rng, depth + 1);
}

const products = new Set<Product>();
for (const mod of [
  browsers,
  clinical,
  desktop,
  iot,
  libraries,
  medical,
  microsoft,
  mobile,
  network,
  os,
  server,
]) {
  collect(mod, products, new Prng(1));
}
const identities = new Set<string>();
for (const p of products) for (let i = 0; i < p.size; i++) identities.add(p.at(i).identity);

describe('catalogues', () => {
  it('hold thousands of well-formed components', () => {
    expect(products.size).toBeGreaterThan(300);
    expect(identities.size).toBeGreaterThan(20_000);
    for (const p of products) {
      const seen = new Set<string>();
      for (let i = 0; i < p.size; i++) {
        const c = p.at(i);
        expect(seen.has(c.identity), `${p.id} repeats ${c.identity}`).toBe(false);
        seen.add(c.identity);
        expect(c.vendor && c.product && c.version, p.id).toBeTruthy();
        if (c.cpe) expect(c.cpe).toMatch(CPE);
        else if (c.purl) expect(PackageURL.fromString(c.purl).version).toBe(c.version);
        expect(c.csvTail.endsWith('\n')).toBe(true);
      }
    }
  });

  it('spell the scenario components as NVD does', () => {
    const expected = [
      'cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:x64:*',
      'cpe:2.3:o:microsoft:windows_xp:-:sp3:*:*:*:*:x86:*',
      'cpe:2.3:o:microsoft:windows_server_2008:r2:sp1:*:*:*:*:x64:*',
      'cpe:2.3:a:microsoft:server_message_block:1.0:*:*:*:*:*:*:*',
      'cpe:2.3:o:microsoft:windows_10_22h2:10.0.19045.2006:*:*:*:*:*:x64:*',
      'cpe:2.3:o:microsoft:windows_10_1607:10.0.14393.1198:*:*:*:*:*:x64:*',
      'cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*',
      'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*',
      'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
      'pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1',
      'cpe:2.3:o:citrix:application_delivery_controller_firmware:13.0:*:*:*:*:*:*:*',
      'cpe:2.3:h:citrix:application_delivery_controller:-:*:*:*:*:*:*:*',
      'cpe:2.3:a:ivanti:connect_secure:9.0:r3:*:*:*:*:*:*',
      'cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*:*',
      'cpe:2.3:o:vmware:esxi:7.0:update_3:*:*:*:*:*:*',
      'cpe:2.3:a:microsoft:exchange_server:2016:cumulative_update_19:*:*:*:*:*:*',
      'cpe:2.3:o:siemens:acuson_p300_firmware:13.02:*:*:*:*:*:*:*',
      'cpe:2.3:h:siemens:acuson_p300:-:*:*:*:*:*:*:*',
      'cpe:2.3:o:siemens:tissue_preparation_system_firmware:2.0:*:*:*:*:*:*:*',
      'cpe:2.3:a:notepad-plus-plus:notepad\\+\\+:8.6.1:*:*:*:*:*:*:*',
      'cpe:2.3:a:7-zip:7-zip:16.04:*:*:*:*:*:*:*',
      'cpe:2.3:a:adobe:acrobat_reader_dc:23.010.20941:*:*:*:continuous:*:*:*',
      'cpe:2.3:a:google:chrome:120.0.6099.109:*:*:*:*:*:*:*',
      'cpe:2.3:a:oracle:jre:1.8.0:update_301:*:*:*:*:*:*',
    ];
    for (const id of expected) expect(identities.has(id), id).toBe(true);
  });

  it('name Windows 10 and 11 releases as NVD products with build versions', () => {
    const windows = [...products].filter((p) => /^o:microsoft:windows_1[01]_/.test(p.id));
    expect(windows.map((p) => p.id.split(':')[2]).sort()).toEqual([
      'windows_10_1607',
      'windows_10_1709',
      'windows_10_1809',
      'windows_10_1909',
      'windows_10_20h2',
      'windows_10_21h2',
      'windows_10_22h2',
      'windows_11_22h2',
      'windows_11_23h2',
      'windows_11_24h2',
    ]);
    for (const p of windows) expect(p.latest().version).toMatch(/^10\.0\.\d{5}\.\d+$/);
  });
});
