import { describe, expect, it } from 'vitest';
import {
  productKeys,
  productOfObservation,
  productsNamedByKev,
  REMOTE_WORKING,
  RemoteWorkingCatalogue,
} from './remote-working.js';
import data from './remote-working.json' with { type: 'json' };

describe('remote-working catalogue', () => {
  it('ships every product family the centre watches, each with a category and a way to recognise it', () => {
    const ids = REMOTE_WORKING.map((p) => p.id);
    for (const id of [
      'fortinet-fortios',
      'ivanti-connect-secure',
      'citrix-netscaler-adc',
      'citrix-netscaler-gateway',
      'paloalto-globalprotect',
      'cisco-asa',
      'sonicwall-sonicos',
      'sonicwall-sma',
      'microsoft-rds',
      'teamviewer',
      'anydesk',
      'connectwise-screenconnect',
      'zoom',
      'microsoft-teams',
      'cisco-webex',
      'whatsapp-desktop',
    ])
      expect(ids).toContain(id);
    expect(productKeys().find((k) => k.key === 'o:fortinet:fortios')?.product).toBe('fortinet-fortios');
  });

  it('refuses a catalogue with a key claimed twice or a malformed key', () => {
    const twice = structuredClone(data);
    twice.products[1]?.cpe.push('o:fortinet:fortios');
    const result = RemoteWorkingCatalogue.safeParse(twice);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(
      'key o:fortinet:fortios appears in fortinet-fortios and',
    );
    const malformed = structuredClone(data);
    if (malformed.products[0]) malformed.products[0].cpe = ['fortinet fortios'];
    expect(RemoteWorkingCatalogue.safeParse(malformed).success).toBe(false);
  });

  it('names products from real KEV entries by vendor and product word', () => {
    expect(
      productsNamedByKev({ vendorProject: 'Fortinet', product: 'FortiOS and FortiProxy SSL-VPN' }),
    ).toEqual(['fortinet-fortios']);
    expect(productsNamedByKev({ vendorProject: 'Microsoft', product: 'Remote Desktop Services' })).toEqual([
      'microsoft-rds',
    ]);
    expect(
      productsNamedByKev({
        vendorProject: 'Citrix',
        product: 'Application Delivery Controller (ADC), Gateway, and SD-WAN WANOP Appliance',
      }).sort(),
    ).toEqual(['citrix-netscaler-adc', 'citrix-netscaler-gateway']);
    expect(productsNamedByKev({ vendorProject: 'Fortinet', product: 'FortiWeb' })).toEqual([]);
    expect(productsNamedByKev({ vendorProject: 'Microsoft', product: 'Windows' })).toEqual([]);
  });

  it('recognises an external observation by CPE key, service kind or banner words', () => {
    const seen = { kind: 'service', cpeKey: null, vendor: null, product: null };
    expect(productOfObservation({ ...seen, cpeKey: 'o:fortinet:fortios' })).toBe('fortinet-fortios');
    expect(productOfObservation({ ...seen, kind: 'rdp' })).toBe('microsoft-rds');
    expect(productOfObservation({ ...seen, vendor: 'Pulse Secure', product: 'Connect Secure' })).toBe(
      'ivanti-connect-secure',
    );
    expect(productOfObservation({ ...seen, vendor: 'Apache', product: 'httpd' })).toBeNull();
    expect(productOfObservation(seen)).toBeNull();
  });
});
