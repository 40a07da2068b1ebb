/**
 * Web browsers. Chrome and Edge versions are generated from each major release's real build number
 * (Chrome 120 is build 6099, Edge 120 is 2210) with a spread of patch numbers; Firefox and
 * Firefox ESR follow their release numbering.
 */
import { cpeProduct } from '../product.model.js';

function buildTable(text: string): [number, number][] {
  return text.split(' ').map((pair) => pair.split(':').map(Number) as [number, number]);
}

/** Chrome major → build number. */
const CHROME_BUILDS = buildTable(
  '80:3987 81:4044 83:4103 84:4147 85:4183 86:4240 87:4280 88:4324 89:4389 90:4430 91:4472 92:4515 ' +
    '93:4577 94:4606 95:4638 96:4664 97:4692 98:4758 99:4844 100:4896 101:4951 102:5005 103:5060 ' +
    '104:5112 105:5195 106:5249 107:5304 108:5359 109:5414 110:5481 111:5563 112:5615 113:5672 ' +
    '114:5735 115:5790 116:5845 117:5938 118:5993 119:6045 120:6099 121:6167 122:6261 123:6312 ' +
    '124:6367 125:6422 126:6478 127:6533 128:6613 129:6668 130:6723 131:6778',
);

/** Edge (Chromium) major → build number. */
const EDGE_BUILDS = buildTable(
  '88:705 89:774 90:818 91:864 92:902 93:961 94:992 95:1020 96:1054 97:1072 98:1108 99:1150 ' +
    '100:1185 101:1210 102:1245 103:1264 104:1293 105:1343 106:1370 107:1418 108:1462 109:1518 ' +
    '110:1587 111:1661 112:1722 113:1774 114:1823 115:1901 116:1938 117:2045 118:2088 119:2151 ' +
    '120:2210 121:2277 122:2365 123:2420 124:2478 125:2535 126:2592 127:2651 128:2739 129:2792 ' +
    '130:2849 131:2903',
);

function chromiumVersions(builds: [number, number][], patches: number): string[] {
  const out: string[] = [];
  for (const [m, build] of builds) {
    const first = ((m * 37) % 50) + 20;
    const stride = (m % 5) + 7;
    for (let k = 0; k < patches; k++) out.push(`${m}.0.${build}.${first + k * stride}`);
  }
  return out;
}

export const CHROME = cpeProduct({
  part: 'a',
  vendor: 'google',
  product: 'chrome',
  versions: chromiumVersions(CHROME_BUILDS, 16),
});

export const EDGE = cpeProduct({
  part: 'a',
  vendor: 'microsoft',
  product: 'edge_chromium',
  versions: chromiumVersions(EDGE_BUILDS, 12),
});

export const FIREFOX = cpeProduct({
  part: 'a',
  vendor: 'mozilla',
  product: 'firefox',
  versions: ['{78..133}.0{,.1,.2}'],
});

export const FIREFOX_ESR = cpeProduct({
  part: 'a',
  vendor: 'mozilla',
  product: 'firefox_esr',
  versions: ['{68,78,91,102,115,128}.{0..13}.0'],
});

export const INTERNET_EXPLORER = cpeProduct({
  part: 'a',
  vendor: 'microsoft',
  product: 'internet_explorer',
  versions: ['8', '9', '11'],
});
