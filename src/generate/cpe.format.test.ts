import { describe, expect, it } from 'vitest';
import { escapeCpeValue, formatCpe } from './cpe.format.js';

describe('formatCpe', () => {
  it('writes the thirteen fields, defaulting to ANY', () => {
    expect(
      formatCpe({
        part: 'o',
        vendor: 'microsoft',
        product: 'windows_7',
        version: '-',
        update: 'sp1',
        targetHw: 'x64',
      }),
    ).toBe('cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:x64:*');
    expect(
      formatCpe({ part: 'a', vendor: 'microsoft', product: 'server_message_block', version: '1.0' }),
    ).toBe('cpe:2.3:a:microsoft:server_message_block:1.0:*:*:*:*:*:*:*');
    expect(
      formatCpe({ part: 'h', vendor: 'siemens', product: 'acuson_p300', version: '-' }).split(':'),
    ).toHaveLength(13);
  });

  it('escapes special characters the way NVD writes them and lower-cases', () => {
    expect(escapeCpeValue('notepad++')).toBe('notepad\\+\\+');
    expect(escapeCpeValue('proset/wireless_wifi')).toBe('proset\\/wireless_wifi');
    expect(escapeCpeValue('backup_&_replication')).toBe('backup_\\&_replication');
    expect(escapeCpeValue('15.2(7)E3')).toBe('15.2\\(7\\)e3');
    expect(escapeCpeValue('.net_framework')).toBe('.net_framework');
    expect(escapeCpeValue('*')).toBe('*');
    expect(escapeCpeValue('')).toBe('*');
  });
});
