/** Moved to audit/audit.service.ts: this re-export keeps older imports compiling until they are updated. */
export * from './audit/audit.service.js';
