/** Moved to access/password.ts: this re-export keeps older imports compiling until they are updated. */
export * from './access/password.js';
