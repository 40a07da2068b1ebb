import type { Database } from '../../db/connect.js';

// biome-ignore lint/correctness/noUnusedFunctionParameters: replaced by the banner-matching slice
export async function syncExternalAssets(database: Database, orgIds: readonly string[]): Promise<void> {}
