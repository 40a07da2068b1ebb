/**
 * A model of appliance (network, IoT, medical or mobile device): its maker and model name, the
 * software it carries (firmware or operating system first) and where it sits on the network.
 * An organisation's fleet of one model mostly shares a firmware version.
 */
import type { AppSpec } from './app.model.js';
import type { AssetType, ClinicalCriticality, NetworkZone } from './asset.js';
import type { OperatingSystem } from './catalogues/operating-system.catalog.js';

export interface DeviceModel {
  readonly manufacturer: string;
  readonly model: string;
  readonly assetType: Exclude<AssetType, 'workstation' | 'laptop' | 'server' | 'virtual'>;
  /** What it does: `firewall`, `vpn`, `switch`, `printer`, `infusion_pump`, `imaging` … */
  readonly role: string;
  /** Its components, firmware or operating system first. */
  readonly software: AppSpec;
  /** The `os` column, given the version column of the first component. */
  readonly osName: (version: string) => string;
  readonly zone: NetworkZone;
  readonly internetFacing: boolean;
  readonly criticality: readonly (readonly [ClinicalCriticality, number])[];
  /** Windows-based devices: the Windows they embed (adds its CPE row and perhaps SMBv1). */
  readonly windows?: OperatingSystem;
}
