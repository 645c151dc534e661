import { httpGroup } from '#shared/http/group.ts';
import { listVendors } from './list.ts';
import { getVendorPaymentPlan, recordInstallmentPayment, updateVendorPaymentPlan } from './payment-plan.ts';
import { createVendor, deleteVendor, updateVendor } from './write.ts';

/** The vendors group: one Lambda for every vendor route (see shared/routes.ts). */
export const handler = httpGroup('vendors', {
  listVendors, createVendor, updateVendor, deleteVendor, getVendorPaymentPlan, updateVendorPaymentPlan, recordInstallmentPayment,
});
