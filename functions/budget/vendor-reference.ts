import { listVendors } from '#shared/data/vendors.ts';
import { vendorIdFor } from '#shared/domain/budget/vendor-reference.ts';
import { ValidationError } from '#shared/http/errors.ts';

/** Resolves a budget item body's `vendor` alias into `vendor_id` (the model's name wins when both are sent). */
export async function withVendorReference<T extends { vendor?: string | null; vendor_id?: string | null }>(body: T, eventId: string): Promise<T> {
  const { vendor, ...rest } = body;
  if (vendor === undefined || body.vendor_id !== undefined) return rest as T;
  if (vendor === null) return { ...rest, vendor_id: null } as T;
  const resolved = vendorIdFor(vendor, await listVendors(eventId));
  if ('problem' in resolved) throw new ValidationError([resolved.problem]);
  return { ...rest, vendor_id: resolved.vendorId } as T;
}
