import type { Problem } from '../events/rules.ts';

/**
 * The original spec's `vendor` on a budget item: a vendor id, or the name of a vendor of the same event
 * (any case). A name two vendors share is refused rather than guessed.
 */
export function vendorIdFor(reference: string, vendors: readonly { id: string; name: string }[]): { vendorId: string } | { problem: Problem } {
  const byId = vendors.find((vendor) => vendor.id === reference);
  if (byId) return { vendorId: byId.id };
  const wanted = reference.trim().toLowerCase();
  const named = vendors.filter((vendor) => vendor.name.trim().toLowerCase() === wanted);
  if (named.length === 1 && named[0]) return { vendorId: named[0].id };
  return {
    problem: {
      path: 'vendor',
      message: named.length > 1 ? 'Several vendors of this event have this name: send vendor_id' : 'No vendor of this event has this id or name',
    },
  };
}
