/** Moved to access/session.service.ts: this re-export keeps older imports compiling until they are updated. */
export * from './access/session.service.js';
