/** Moved to federation/organisation.service.ts: this re-export keeps older imports compiling until they are updated. */
export * from './federation/organisation.service.js';
