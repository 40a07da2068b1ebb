/** Moved to access/oidc.service.ts: this re-export keeps older imports compiling until they are updated. */
export * from './access/oidc.service.js';
