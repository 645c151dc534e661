import type { Api } from './api.ts';
import type { DemoDates } from './dates.ts';

/**
 * Vendors and the budget: the event's currency is EUR, the band is paid in GBP (converted with the
 * event's own rate), deposits are paid, and the total is set last so that committed spending sits at
 * 88% of it: over the 80% warning line and under every other line (no category over its allocation, no
 * item over its estimate), so exactly one alert is crossed.
 */
export const demoCurrency = 'EUR';
const exchangeRates = { GBP: 1.17 };
const WARNING_PERCENT = 80;
const COMMITTED_SHARE = 0.88;

type VendorPlan = {
  name: string;
  service_type: string;
  contact_person: string;
  status: 'contacted' | 'quoted' | 'booked' | 'confirmed';
  item: { category: string; description: string; currency?: string; estimated_cost?: number; per_guest_cost?: number; actual_cost?: number; due_in_days: number };
  /** Shares of what the item costs, paid so many days ago. */
  payments: Array<{ share: number; method: string; days_ago: number }>;
};

const vendorPlans = (couple: string): VendorPlan[] => [
  {
    name: 'Château de Lumière', service_type: 'venue', contact_person: 'Amélie Laurent', status: 'confirmed',
    item: { category: 'venue', description: 'Venue hire, ceremony and reception', estimated_cost: 14000, actual_cost: 14000, due_in_days: 60 },
    payments: [{ share: 0.3, method: 'bank transfer', days_ago: 40 }, { share: 0.3, method: 'bank transfer', days_ago: 5 }],
  },
  {
    name: 'Saveurs & Co', service_type: 'catering', contact_person: 'Julien Moreau', status: 'booked',
    item: { category: 'catering', description: 'Wedding dinner (per attending guest)', per_guest_cost: 95, due_in_days: 90 },
    payments: [{ share: 0.25, method: 'card', days_ago: 20 }],
  },
  {
    name: 'The Harbour Swing Band', service_type: 'music', contact_person: 'Oliver Hughes', status: 'booked',
    item: { category: 'entertainment', description: 'Band, evening set', currency: 'GBP', estimated_cost: 3200, due_in_days: 120 },
    payments: [{ share: 0.25, method: 'bank transfer', days_ago: 12 }],
  },
  {
    name: 'Lumen Photography', service_type: 'photography', contact_person: 'Chloé Bernard', status: 'confirmed',
    item: { category: 'photography', description: `Photographs of ${couple}'s day`, estimated_cost: 2900, actual_cost: 3050, due_in_days: 150 },
    payments: [{ share: 0.3, method: 'card', days_ago: 30 }],
  },
  {
    name: 'Fleurs du Matin', service_type: 'florist', contact_person: 'Inès Petit', status: 'quoted',
    item: { category: 'decor', description: 'Bouquets, arch and table flowers', estimated_cost: 2100, due_in_days: 170 },
    payments: [],
  },
];

export type BudgetOutcome = { vendorIds: Record<string, string>; alerts: string[] };

export async function planBudget(api: Api, token: string, eventId: string, couple: string, dates: DemoDates): Promise<BudgetOutcome> {
  await api.call('PUT', `/api/events/${eventId}/budget`, { token, body: { currency: demoCurrency, exchange_rates: exchangeRates, warning_threshold_percent: WARNING_PERCENT } });
  const vendorIds: Record<string, string> = {};
  for (const plan of vendorPlans(couple)) {
    const slug = plan.name.toLowerCase().replace(/[^a-z]+/g, '');
    const { data: vendor } = await api.call('POST', `/api/events/${eventId}/vendors`, {
      token,
      body: {
        name: plan.name, service_type: plan.service_type, status: plan.status, contact_person: plan.contact_person,
        email: `bookings@${slug}.example.com`, website: `https://${slug}.example.com`,
      },
    });
    vendorIds[plan.service_type] = vendor.id;
    const { item } = plan;
    const { data: created } = await api.call('POST', `/api/events/${eventId}/budget/items`, {
      token,
      body: {
        category: item.category, description: item.description, vendor_id: vendor.id, due_date: dates.daysFromToday(item.due_in_days),
        ...(item.currency ? { currency: item.currency } : {}),
        ...(item.per_guest_cost === undefined ? { estimated_cost: item.estimated_cost } : { per_guest: true, unit_cost: item.per_guest_cost }),
        ...(item.actual_cost === undefined ? {} : { actual_cost: item.actual_cost }),
      },
    });
    // The catering's cost follows the attending headcount, so deposits are shares of what is due.
    const due: number = created.outstanding ?? 0;
    for (const payment of plan.payments) {
      const amount = Math.round(due * payment.share * 100) / 100;
      if (amount <= 0) continue;
      await api.call('POST', `/api/budget/items/${created.id}/payments`, { token, body: { amount, method: payment.method, paid_at: dates.daysFromToday(-payment.days_ago) } });
    }
  }
  const { data: budget } = await api.call('GET', `/api/events/${eventId}/budget`, { token });
  const allocations = Object.fromEntries(
    (budget.categories as Array<{ category: string; committed: number }>).map((category) => [category.category, Math.ceil(category.committed * 1.15)]),
  );
  const budgetTotal = Math.round(budget.totals.committed / COMMITTED_SHARE);
  await api.call('PUT', `/api/events/${eventId}/budget`, { token, body: { budget_total: budgetTotal, allocations } });
  const { data: after } = await api.call('GET', `/api/events/${eventId}/budget`, { token });
  return { vendorIds, alerts: (after.alerts as Array<{ kind: string }>).map((alert) => alert.kind) };
}
