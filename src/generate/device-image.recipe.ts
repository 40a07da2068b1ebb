/**
 * The image of an appliance fleet: every device of one model in an estate runs the firmware version
 * the estate installed (chosen by its lag), plus the model's hardware row and bundled software.
 * Windows-based medical devices also carry their embedded Windows and, often, SMBv1.
 */
import { app, fixed } from './app.model.js';
import { INTERNET_EXPLORER } from './catalogues/browser.catalog.js';
import { JRE } from './catalogues/desktop-software.catalog.js';
import { DOTNET_FRAMEWORK_4, VCREDIST } from './catalogues/microsoft-software.catalog.js';
import { SMB1, WINDOWS_DESKTOP } from './catalogues/operating-system.catalog.js';
import type { DeviceModel } from './device-model.js';
import { buildImage, type GoldenImage } from './golden-image.js';
import type { Prng } from './prng.js';

/** Builds the image for an estate's fleet of `model`. */
export function deviceImage(rng: Prng, model: DeviceModel, lag: number): GoldenImage {
  const parts = model.software.pick(rng, lag);
  const first = parts[0]!;
  const os = model.osName(first.product.at(first.index).version);
  if (model.windows) {
    const extra = app(model.windows.product).pick(rng, lag);
    if (rng.chance(Math.max(model.windows.smb1, 0.6))) extra.push(...fixed(SMB1, '1.0').pick(rng, lag));
    parts.splice(1, 0, ...extra);
    // The vendor's application stack on the embedded Windows.
    const xp = model.windows === WINDOWS_DESKTOP.xp;
    for (const spec of [fixed(INTERNET_EXPLORER, xp ? '8' : '11'), DOTNET_FRAMEWORK_4, VCREDIST]) {
      parts.push(...spec.pick(rng, Math.min(1, lag + 0.4)));
    }
    if (rng.chance(0.4)) parts.push(...app(JRE).pick(rng, Math.min(1, lag + 0.4)));
  }
  return buildImage(os, parts, model.windows !== undefined);
}
