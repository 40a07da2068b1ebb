/** Moved to federation/federation-load.service.ts: this re-export keeps older imports compiling until they are updated. */
export * from './federation/federation-load.service.js';
