import { addLedger, type BudgetItemRecord, contribution, type PerGuestEntry, zeroLedger } from './ledger.ts';
import { type BudgetEvent, ledgerTotals } from './totals.ts';
import { type BudgetItemView, presentBudgetItem } from './view.ts';
import type { Problem } from '../events/rules.ts';
import { amountProblem, toMajorUnits, toMinorUnits } from '../money.ts';

/**
 * Vendors: the booking pipeline, which budget category a service belongs to, and how a vendor is shown
 * with the budget items linked to it.
 */
export const vendorStatuses = ['contacted', 'quoted', 'booked', 'confirmed', 'cancelled'] as const;
export type VendorStatus = (typeof vendorStatuses)[number];

/** `line` is a contact line sent as plain text (the original spec's contact_info TEXT), kept as given. */
export type ContactInfo = { contact_person: string | null; email: string | null; phone: string | null; website: string | null; line: string | null };

export type VendorRecord = {
  id: string;
  event_id: string;
  name: string;
  service_type: string;
  contact_info: ContactInfo;
  cost_minor?: number;
  currency: string;
  status: VendorStatus;
  notes?: string;
  budget_item_ids: string[];
  links_version: number;
  version: number;
  created_at: string;
  updated_at: string;
};

const pipeline: readonly VendorStatus[] = ['contacted', 'quoted', 'booked', 'confirmed'];

/** Forward along contacted → quoted → booked → confirmed (skipping is fine), or to cancelled; never back. */
export function vendorTransition(from: VendorStatus, to: VendorStatus): 'unchanged' | 'allowed' | 'invalid' {
  if (from === to) return 'unchanged';
  if (to === 'cancelled') return 'allowed';
  if (from === 'cancelled') return 'invalid';
  return pipeline.indexOf(to) > pipeline.indexOf(from) ? 'allowed' : 'invalid';
}

const serviceCategories: [RegExp, string][] = [
  [/venue|hall|hotel|location/, 'venue'],
  [/cater|food|cake|bak|bar|drink|chef/, 'catering'],
  [/dj|band|music|entertain|perform/, 'entertainment'],
  [/flor|flower|decor|light|rental/, 'decor'],
  [/attire|dress|suit|tailor|hair|makeup/, 'attire'],
  [/photo|video|film/, 'photography'],
  [/transport|car|bus|limo|shuttle/, 'transport'],
  [/print|stationer|invitation/, 'stationery'],
  [/gift|favor|favour/, 'gifts'],
  [/staff|security|waiter|usher/, 'staffing'],
  [/market|promo|advert/, 'marketing'],
  [/\bav\b|audio|tech|sound|stream/, 'technology'],
];

/** The budget category a service most likely belongs to ("Florist" → decor); miscellaneous otherwise. */
export function categoryForService(serviceType: string): string {
  const service = serviceType.toLowerCase();
  return serviceCategories.find(([pattern]) => pattern.test(service))?.[1] ?? 'miscellaneous';
}

/** The vendor's cost in minor units of its currency, or the problem with it. */
export function vendorCost(cost: number | null | undefined, currency: string, problems: Problem[]): number | null | undefined {
  if (cost === undefined || cost === null) return cost;
  const problem = amountProblem(cost, currency);
  if (problem) {
    problems.push({ path: 'cost', message: problem });
    return undefined;
  }
  return toMinorUnits(cost, currency) as number;
}

/** A booked vendor with a cost and no budget item yet: the caller may ask for the matching item. */
export const offersBudgetItem = (vendor: VendorRecord): boolean =>
  (vendor.status === 'booked' || vendor.status === 'confirmed') && vendor.cost_minor !== undefined && vendor.budget_item_ids.length === 0;

/** Totals of a vendor's items in the event currency, by the same function as the budget's totals. */
function linkedTotals(items: BudgetItemRecord[], event: BudgetEvent) {
  const shares = items.map((item) => contribution(item, event.currency));
  const counters = shares.reduce((sum, share) => addLedger(sum, share.counters), zeroLedger());
  const perGuest = shares.flatMap((share): PerGuestEntry[] => (share.perGuest ? [share.perGuest] : []));
  const totals = ledgerTotals(counters, perGuest, event.attending_headcount ?? 0, event.currency);
  const major = (minor: number) => toMajorUnits(minor, event.currency);
  return {
    currency: event.currency, estimated: major(totals.estimated), actual: major(totals.actual), committed: major(totals.committed),
    paid: major(totals.paid), outstanding: major(totals.outstanding),
  };
}

export function presentVendor(vendor: VendorRecord, linked: { items: BudgetItemRecord[]; event: BudgetEvent } | null) {
  const items: BudgetItemView[] | undefined = linked?.items.map((item) => presentBudgetItem(item, linked.event));
  return {
    id: vendor.id,
    event_id: vendor.event_id,
    name: vendor.name,
    service_type: vendor.service_type,
    contact_info: { ...vendor.contact_info, line: vendor.contact_info.line ?? null },
    // The original spec's columns, at the top level as well.
    contact_person: vendor.contact_info.contact_person,
    email: vendor.contact_info.email,
    phone: vendor.contact_info.phone,
    cost: vendor.cost_minor === undefined ? null : toMajorUnits(vendor.cost_minor, vendor.currency),
    currency: vendor.currency,
    status: vendor.status,
    notes: vendor.notes ?? null,
    budget_item_ids: vendor.budget_item_ids,
    ...(linked ? { budget_items: items, budget_totals: linkedTotals(linked.items, linked.event) } : {}),
    budget_item_offer: offersBudgetItem(vendor) ? { category: categoryForService(vendor.service_type), create_with: { create_budget_item: true } } : null,
    version: vendor.version,
    created_at: vendor.created_at,
    updated_at: vendor.updated_at,
  };
}

export type VendorDraftInput = {
  name?: string;
  service_type?: string;
  contact: Partial<Record<keyof ContactInfo, string | null>>;
  cost?: number | null;
  currency?: string;
  status?: VendorStatus;
  notes?: string | null;
};

export type VendorPlan =
  | { outcome: 'invalid'; problems: Problem[] }
  | { outcome: 'refused'; from: VendorStatus; to: VendorStatus }
  | { outcome: 'change'; vendor: VendorRecord };

const emptyContact = (): ContactInfo => ({ contact_person: null, email: null, phone: null, website: null, line: null });

/** A new vendor (`current` null) or the vendor after a partial change; null clears an optional field. */
export function planVendor(
  current: VendorRecord | null,
  input: VendorDraftInput,
  context: { id: string; eventId: string; eventCurrency: string; now: string },
): VendorPlan {
  const problems: Problem[] = [];
  const currency = input.currency ?? current?.currency ?? context.eventCurrency;
  // A new currency re-reads the stored cost in it, so the cost must fit the new currency too.
  const costInput = input.cost !== undefined ? input.cost : current?.cost_minor !== undefined ? toMajorUnits(current.cost_minor, current.currency) : undefined;
  const cost = vendorCost(costInput, currency, problems);
  if (problems.length > 0) return { outcome: 'invalid', problems };
  const from = current?.status ?? 'contacted';
  const status = input.status ?? from;
  if (current && vendorTransition(from, status) === 'invalid') return { outcome: 'refused', from, to: status };
  const contact = { ...(current?.contact_info ?? emptyContact()), ...input.contact } as ContactInfo;
  const vendor: VendorRecord = {
    id: current?.id ?? context.id,
    event_id: context.eventId,
    name: input.name ?? current?.name ?? '',
    service_type: input.service_type ?? current?.service_type ?? '',
    contact_info: contact,
    cost_minor: cost ?? undefined,
    currency,
    status,
    notes: input.notes === null ? undefined : (input.notes ?? current?.notes),
    budget_item_ids: current?.budget_item_ids ?? [],
    links_version: current?.links_version ?? 0,
    version: (current?.version ?? 0) + 1,
    created_at: current?.created_at ?? context.now,
    updated_at: context.now,
  };
  return { outcome: 'change', vendor };
}
