import { describe, expect, it } from 'vitest';
import { checkProductsCsv } from './product-csv.js';

const HEADER =
  'key,name,vendor,category,status,use,standard,certificate_ref,certified_on,expires_on,end_of_life,source,notes';

describe('products register CSV', () => {
  it('reads a product with several statuses, keys normalised from CPE names and package URLs', () => {
    const check = checkProductsCsv(
      'p.csv',
      [
        HEADER,
        'a:acme:chat,Acme Chat,Acme,messaging,approved,patient-data,,,,,,,',
        'a:acme:chat,Acme Chat,Acme,messaging,certified,patient-data,DCB0129,C-1,2025-01-01,2027-01-01,,,',
        'cpe:2.3:o:microsoft:windows_10_1507:-:*:*:*:*:*:*:*,Windows 10 1507,Microsoft,operating-system,end-of-life,,,,,,2017-05-09,https://learn.microsoft.com,',
        'pkg:npm/%40acme/widget@1.2.3,Widget,Acme,other,not-approved,clinical,,,,,,,',
      ].join('\n'),
    );
    expect(check.problems).toEqual([]);
    expect(check.entries.map((e) => [e.key, e.statuses.map((s) => `${s.status}/${s.use}`)])).toEqual([
      ['a:acme:chat', ['approved/patient-data', 'certified/patient-data']],
      ['o:microsoft:windows_10_1507', ['end-of-life/any']],
      ['pkg:npm/%40acme/widget', ['not-approved/clinical']],
    ]);
    expect(check.entries[0]?.statuses[1]).toMatchObject({
      standard: 'DCB0129',
      certificateRef: 'C-1',
      certifiedOn: '2025-01-01',
      expiresOn: '2027-01-01',
    });
  });

  it('lists every bad row with its line and reason', () => {
    const check = checkProductsCsv(
      'p.csv',
      [
        HEADER,
        'whatsapp,WhatsApp,Meta,messaging,approved,,,,,,,,',
        'a:x:y,Y,X,Messaging App,banned,,,,,,,,',
        'a:x:z,Z,X,messaging,certified,,,,,,,,',
        'a:x:w,W,X,os,end-of-life,,,,,,2024-02-30,,',
        'a:x:v,V,X,os,approved,,,,,,2024-01-01,,',
        'a:x:u,U,X,os,approved,,,,,,,,',
        'a:x:u,U,X,os,approved,,,,,,,,',
        'a:x:u,U2,X,os,not-approved,clinical,,,,,,,',
      ].join('\n'),
    );
    expect(check.problems.map((p) => `${p.line}: ${p.reason}`)).toEqual([
      '2: key "whatsapp" is not a match key (part:vendor:product, e.g. a:whatsapp:whatsapp), a CPE 2.3 name or a package URL',
      '3: category "messaging app" is not a term such as messaging or remote-access',
      '3: status "banned" is not one of approved, certified, not-approved, end-of-life',
      '4: a certified product names its standard (standard)',
      '4: a certified product has its certification date (certified_on)',
      '5: end_of_life "2024-02-30" is not a date (YYYY-MM-DD)',
      '6: end_of_life is only for status end-of-life',
      '8: a:x:u approved for any is given twice (first on line 7)',
      '9: a:x:u: name differs from line 7',
    ]);
  });

  it('refuses a file without the required columns', () => {
    const check = checkProductsCsv('p.csv', 'key,name\na:x:y,Y\n');
    expect(check.problems).toEqual([
      {
        file: 'p.csv',
        line: 1,
        reason: 'missing columns vendor, category, status (expected header: key,name,vendor,category,status)',
      },
    ]);
  });
});
