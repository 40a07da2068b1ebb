/**
 * Manufacturer and model names of PCs, laptops, servers and virtual machines, by vendor, with the
 * vendor's update tool (which the golden image carries).
 */
import type { AppSpec } from '../app.model.js';
import { app } from '../app.model.js';
import {
  DELL_COMMAND_UPDATE,
  HP_SUPPORT_ASSISTANT,
  LENOVO_SYSTEM_UPDATE,
} from './desktop-software.catalog.js';

export type PcVendor = 'Dell' | 'HP' | 'Lenovo';

export interface HardwareLine {
  readonly manufacturer: string;
  readonly desktops: readonly string[];
  readonly legacyDesktops: readonly string[];
  readonly laptops: readonly string[];
  readonly servers: readonly string[];
  readonly legacyServers: readonly string[];
  readonly updateTool: AppSpec;
}

export const HARDWARE: Record<PcVendor, HardwareLine> = {
  Dell: {
    manufacturer: 'Dell Inc.',
    desktops: ['OptiPlex 7010', 'OptiPlex 7090', 'OptiPlex 5000', 'OptiPlex 3080', 'OptiPlex 7000 Micro'],
    legacyDesktops: ['OptiPlex 780', 'OptiPlex 790', 'OptiPlex 9020'],
    laptops: ['Latitude 5420', 'Latitude 5440', 'Latitude 7440', 'Latitude 5520'],
    servers: ['PowerEdge R640', 'PowerEdge R740', 'PowerEdge R650', 'PowerEdge R750'],
    legacyServers: ['PowerEdge R710', 'PowerEdge R720'],
    updateTool: app(DELL_COMMAND_UPDATE),
  },
  HP: {
    manufacturer: 'HP',
    desktops: [
      'EliteDesk 800 G4',
      'EliteDesk 800 G6',
      'EliteDesk 800 G8',
      'ProDesk 400 G7',
      'Elite Mini 800 G9',
    ],
    legacyDesktops: ['Compaq 8200 Elite', 'Compaq Pro 6300', 'EliteDesk 800 G1'],
    laptops: ['EliteBook 840 G7', 'EliteBook 840 G9', 'EliteBook 840 G10', 'ProBook 450 G8'],
    servers: ['ProLiant DL360 Gen10', 'ProLiant DL380 Gen10', 'ProLiant DL380 Gen11'],
    legacyServers: ['ProLiant DL380 G7', 'ProLiant DL360p Gen8'],
    updateTool: app(HP_SUPPORT_ASSISTANT),
  },
  Lenovo: {
    manufacturer: 'Lenovo',
    desktops: ['ThinkCentre M720q', 'ThinkCentre M75q Gen 2', 'ThinkCentre M90q Gen 3', 'ThinkCentre M70s'],
    legacyDesktops: ['ThinkCentre M58p', 'ThinkCentre M92p'],
    laptops: ['ThinkPad T14 Gen 2', 'ThinkPad X1 Carbon Gen 10', 'ThinkPad L14 Gen 3', 'ThinkPad E14'],
    servers: ['ThinkSystem SR650', 'ThinkSystem SR630 V2'],
    legacyServers: ['System x3650 M4'],
    updateTool: app(LENOVO_SYSTEM_UPDATE),
  },
};

/** Hypervisor platforms as virtual machines report them. */
export const VIRTUAL_PLATFORMS: readonly (readonly [manufacturer: string, model: string])[] = [
  ['VMware, Inc.', 'VMware Virtual Platform'],
  ['Microsoft Corporation', 'Virtual Machine'],
];

/** Surface devices some estates buy as laptops. */
export const SURFACE: readonly (readonly [manufacturer: string, model: string])[] = [
  ['Microsoft Corporation', 'Surface Laptop 4'],
  ['Microsoft Corporation', 'Surface Pro 7+'],
];
