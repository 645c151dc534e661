import * as z from 'zod';
import { vendorStatuses } from '../domain/budget/vendors.ts';
import { categorySlug } from './budget.ts';
import { email, pageQuery, phone, text, webUrl } from './common.ts';
import { amountInput, currencyInput } from './money.ts';

/**
 * What the vendor routes accept. Contact details come as `contact_info` or as the same fields flat on the
 * body (`contact_info` wins per field), or as `contact_info` text (a contact line); all fold into
 * `contact_info` here, so nothing after parsing sees the flat names.
 */
export const vendorLimits = { name: 200, serviceType: 100, person: 200, website: 500, line: 500, notes: 5000 } as const;

const contactFields = {
  contact_person: text(vendorLimits.person).nullish(),
  email: email.nullish(),
  phone: phone.nullish(),
  website: webUrl(vendorLimits.website).nullish(),
};
type ContactPatch = { [K in keyof typeof contactFields]?: string | null } & { line?: string | null };

/**
 * `contact_info` as plain text (the original spec's TEXT, such as "Ana Ruiz, ana@example.com, +34 600 000 000"):
 * kept as the contact line, with an email and a phone taken out of it when it holds them.
 */
const contactText = text(vendorLimits.line).transform((line): ContactPatch => {
  const mail = email.safeParse(/[^\s,;<>()]+@[^\s,;<>()]+\.[A-Za-z]{2,}/.exec(line)?.[0]);
  const tel = phone.safeParse(/\+?\d[\d ()\-.]{3,28}\d/.exec(line)?.[0]);
  return { line: line === '' ? null : line, ...(mail.success ? { email: mail.data } : {}), ...(tel.success ? { phone: tel.data } : {}) };
});

const vendorFields = {
  name: text(vendorLimits.name, 1),
  service_type: text(vendorLimits.serviceType, 1),
  contact_info: z
    .union([z.object(contactFields), contactText])
    .optional()
    .meta({ description: 'An object, or plain text kept as contact_info.line (an email and a phone in it are taken out too)' }),
  ...contactFields,
  cost: amountInput.nullish(),
  currency: currencyInput.optional(),
  status: z.enum(vendorStatuses).optional(),
  notes: text(vendorLimits.notes).nullish(),
  /** Booking with a cost: also create the matching budget item (in this category, default from the service). */
  create_budget_item: z.boolean().optional(),
  budget_category: categorySlug.optional(),
};

const foldContact = <T extends ContactPatch & { contact_info?: ContactPatch }>(body: T) => {
  const { contact_person, email: mail, phone: tel, website, contact_info, ...rest } = body;
  const flat: ContactPatch = { contact_person, email: mail, phone: tel, website };
  // What a contact line yields is a guess: a field sent by its own name wins over it.
  const fromText = contact_info !== undefined && 'line' in contact_info;
  const contact = Object.fromEntries(
    ([...Object.keys(contactFields), 'line'] as (keyof ContactPatch)[]).flatMap((field) => {
      const sent = contact_info?.[field];
      const value = sent !== undefined && !(fromText && flat[field] !== undefined) ? sent : flat[field];
      return value === undefined ? [] : [[field, value]];
    }),
  ) as ContactPatch;
  return { ...rest, contact };
};

/** POST /api/events/{id}/vendors. */
export const createVendorBody = z.object(vendorFields).transform(foldContact);
export type NewVendorInput = z.output<typeof createVendorBody>;

/** PUT /api/vendors/{id}: every field optional; null clears an optional field. */
export const updateVendorBody = z
  .object({ ...vendorFields, name: vendorFields.name.optional(), service_type: vendorFields.service_type.optional(), version: z.number().int().min(1).optional() })
  .transform(foldContact);
export type VendorPatch = z.output<typeof updateVendorBody>;

/** GET /api/events/{id}/vendors. */
export const listVendorsQuery = pageQuery.extend({
  status: z.enum(vendorStatuses).optional(),
  service_type: text(vendorLimits.serviceType, 1).optional(),
});
