/** Moved to federation/overview.service.ts: this re-export keeps older imports compiling until they are updated. */
export * from './federation/overview.service.js';
