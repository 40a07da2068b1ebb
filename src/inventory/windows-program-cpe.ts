/**
 * A small table from Windows programs (osquery `programs`: the uninstall entries' display name,
 * version and publisher) to the NVD vendor and product of the same software, for the programs whose
 * names are stable enough to map reliably. Everything else stays a publisher/name/version triple.
 */
import { formatCpe } from '../domain/cpe/cpe-name.formatter.js';
import { CPE_ANY } from '../domain/cpe/cpe-name.js';

interface ProgramRule {
  name: RegExp;
  publisher?: RegExp;
  vendor: string;
  product: string;
  /** Version and CPE update from the name match and the program's version; null when it cannot tell. */
  version?: (match: RegExpExecArray, version: string) => { version: string; update?: string } | null;
}

/** Oracle writes Java 8 as `Java 8 Update 381`; NVD as `jre:1.8.0:update381`. */
const javaUpdate = (m: RegExpExecArray) => ({ version: `1.${m[1]}.0`, update: `update${m[2]}` });

const RULES: ProgramRule[] = [
  { name: /^Google Chrome$/, vendor: 'google', product: 'chrome' },
  { name: /^Mozilla Firefox\b.*\bESR\b/, vendor: 'mozilla', product: 'firefox_esr' },
  { name: /^Mozilla Firefox\b/, vendor: 'mozilla', product: 'firefox' },
  { name: /^Adobe Acrobat Reader DC\b/, vendor: 'adobe', product: 'acrobat_reader_dc' },
  // Reader DC dropped "DC" from its name in 2023; DC versions start at 15.
  {
    name: /^Adobe Acrobat Reader\b/,
    vendor: 'adobe',
    product: 'acrobat_reader_dc',
    version: (_m, version) => (Number.parseInt(version, 10) >= 15 ? { version } : null),
  },
  { name: /^7-Zip\b/, vendor: '7-zip', product: '7-zip' },
  { name: /^Notepad\+\+/, vendor: 'notepad-plus-plus', product: 'notepad++' },
  {
    name: /^Java (\d+) Update (\d+)\b/,
    publisher: /^Oracle\b/,
    vendor: 'oracle',
    product: 'jre',
    version: javaUpdate,
  },
  {
    name: /^Java(?:\(TM\))? SE Development Kit (\d+) Update (\d+)\b/,
    publisher: /^Oracle\b/,
    vendor: 'oracle',
    product: 'jdk',
    version: javaUpdate,
  },
  {
    name: /^Java(?:\(TM\))? SE Development Kit (\d+(?:\.\d+){1,2})\b/,
    publisher: /^Oracle\b/,
    vendor: 'oracle',
    product: 'jdk',
    version: (m) => ({ version: m[1]! }),
  },
  { name: /^OpenSSL\b/, vendor: 'openssl', product: 'openssl' },
];

/** The NVD CPE name of a Windows program when the table knows it, else null. */
export function windowsProgramCpe(name: string, version: string, publisher: string | null): string | null {
  for (const rule of RULES) {
    const match = rule.name.exec(name);
    if (!match) continue;
    if (rule.publisher && !rule.publisher.test(publisher ?? '')) return null;
    const mapped = rule.version ? rule.version(match, version) : { version };
    if (!mapped) return null;
    return formatCpe({
      part: 'a',
      vendor: rule.vendor,
      product: rule.product,
      version: mapped.version,
      update: mapped.update ?? CPE_ANY,
      edition: CPE_ANY,
      language: CPE_ANY,
      swEdition: CPE_ANY,
      targetSw: CPE_ANY,
      targetHw: CPE_ANY,
      other: CPE_ANY,
    });
  }
  return null;
}
