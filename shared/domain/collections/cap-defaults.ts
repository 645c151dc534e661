/** The collection caps' defaults (shared/config.ts reads them; the contract documents them): see ./caps.ts. */
export const TIMELINE_CAP = 500;
export const CHECKLIST_CAP = 1_000;
export const BUDGET_ITEMS_CAP = 1_000;
