/** Moved to access/user.service.ts: this re-export keeps older imports compiling until they are updated. */
export * from './access/user.service.js';
