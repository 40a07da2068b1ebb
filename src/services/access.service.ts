/** Moved to access/access.service.ts: this re-export keeps older imports compiling until they are updated. */
export * from './access/access.service.js';
