import type { Problem } from '../events/rules.ts';
import { amountProblem, convertedAmountProblem, convertMinorUnits, toMajorUnits, toMinorUnits } from '../money.ts';
import type { PaymentRecord } from '../budget/ledger.ts';

/**
 * A vendor's payment plan (issue 18): the contract's status with the document that holds it, and the
 * payment schedule (a deposit and installments, each with a due date and an amount in the vendor's
 * currency) with the payments recorded against each installment. One record per vendor, rewritten
 * version-checked by every change, so an installment can never be paid beyond its amount, even by two
 * payments at once (the loser re-reads and tries again, or answers 409).
 *
 * The plan's currency and its rate to the event currency are fixed when the plan first holds an
 * installment (as a budget item fixes its rate): amounts are kept in the vendor's currency and converted once per
 * installment (half-even), so committed = Σ converted amounts and paid = Σ converted paid sums, in the
 * event's budget counters and in the cash-flow alike.
 */
export const contractStatuses = ['none', 'sent', 'signed'] as const;
export type ContractStatus = (typeof contractStatuses)[number];
export const installmentKinds = ['deposit', 'installment'] as const;
export type InstallmentKind = (typeof installmentKinds)[number];

/** Bounds that keep a plan's record and its write (plan, two reminder markers per installment) within DynamoDB's limits. */
export const MAX_INSTALLMENTS = 12;
export const MAX_PAYMENTS_PER_INSTALLMENT = 20;

/** A payment against an installment is recorded as one against a budget item is. */
export type InstallmentPayment = PaymentRecord;

export type Installment = {
  id: string;
  kind: InstallmentKind;
  label: string;
  /** YYYY-MM-DD (UTC day). */
  due_date: string;
  amount_minor: number;
  payments: InstallmentPayment[];
};

export type PaymentPlanRecord = {
  vendor_id: string;
  event_id: string;
  currency: string;
  /** 1 plan currency = `exchange_rate` event currency, an exact decimal string ('1' when the same). */
  exchange_rate: string;
  contract_status: ContractStatus;
  contract_document_id?: string;
  /** A team member who hears of the plan's reminders besides the organizer. */
  assignee_id?: string;
  installments: Installment[];
  version: number;
  created_at: string;
  updated_at: string;
};

export type Planned<T> = { ok: T } | { problems: Problem[] };

export const paidMinor = (installment: Installment): number => installment.payments.reduce((sum, payment) => sum + payment.amount_minor, 0);
export const outstandingMinor = (installment: Installment): number => installment.amount_minor - paidMinor(installment);

/** The plan's weight in the event's budget, in event-currency minor units (converted per installment). */
export type PlanCounters = { committed: number; paid: number };

export function planCounters(plan: PaymentPlanRecord | null, eventCurrency: string): PlanCounters {
  if (!plan) return { committed: 0, paid: 0 };
  const convert = (minor: number) => convertMinorUnits(minor, plan.currency, eventCurrency, plan.exchange_rate);
  return plan.installments.reduce(
    (sum, installment) => ({ committed: sum.committed + convert(installment.amount_minor), paid: sum.paid + convert(paidMinor(installment)) }),
    { committed: 0, paid: 0 },
  );
}

export type InstallmentInput = { id?: string; kind?: InstallmentKind; label?: string; due_date: string; amount: number };

export type PlanInput = {
  contract_status?: ContractStatus;
  contract_document_id?: string | null;
  assignee_id?: string | null;
  installments?: InstallmentInput[];
};

/**
 * The plan after a change (`current` null: the first save, in the vendor's currency at the event's rate
 * for it). Installments, when sent, replace the schedule: one sent with an existing id keeps its
 * payments, and may not fall below what was paid on it; an installment with payments cannot be left out.
 */
export function planChange(
  current: PaymentPlanRecord | null,
  input: PlanInput,
  context: { vendorId: string; eventId: string; currency: string; rate: string | null; eventCurrency: string; newId: () => string; now: string },
): Planned<PaymentPlanRecord> {
  const problems: Problem[] = [];
  // Fixed once the plan holds money: until then an empty plan follows the vendor's currency and the budget's rate.
  const fixed = current !== null && current.installments.length > 0;
  const currency = fixed ? current.currency : context.currency;
  const rate = fixed ? current.exchange_rate : context.rate;
  if (rate === null && (input.installments ?? []).length > 0) problems.push({ path: 'installments', message: `No exchange rate for ${currency}; set exchange_rates on the budget first` });
  const existing = new Map((current?.installments ?? []).map((installment) => [installment.id, installment]));
  const installments = input.installments === undefined
    ? (current?.installments ?? [])
    : input.installments.map((entry, index) => plannedInstallment(entry, index, { existing, currency, eventCurrency: context.eventCurrency, rate: rate ?? '1', newId: context.newId }, problems));
  if (input.installments !== undefined) {
    const kept = new Set(input.installments.flatMap((entry) => (entry.id ? [entry.id] : [])));
    for (const dropped of existing.values()) {
      if (!kept.has(dropped.id) && dropped.payments.length > 0) problems.push({ path: 'installments', message: `Installment ${dropped.id} has payments and cannot be removed` });
    }
    if (installments.filter((installment) => installment.kind === 'deposit').length > 1) problems.push({ path: 'installments', message: 'At most one deposit' });
    if (kept.size < input.installments.filter((entry) => entry.id).length) problems.push({ path: 'installments', message: 'An installment id appears twice' });
  }
  const documentId = input.contract_document_id === undefined ? current?.contract_document_id : (input.contract_document_id ?? undefined);
  // A contract may be sent or signed on paper: the document link is optional at every status.
  const status = input.contract_status ?? current?.contract_status ?? 'none';
  if (problems.length > 0) return { problems };
  const assignee = input.assignee_id === undefined ? current?.assignee_id : (input.assignee_id ?? undefined);
  return {
    ok: {
      vendor_id: context.vendorId,
      event_id: context.eventId,
      currency,
      exchange_rate: rate ?? '1',
      contract_status: status,
      ...(documentId ? { contract_document_id: documentId } : {}),
      ...(assignee ? { assignee_id: assignee } : {}),
      installments: [...installments].sort((a, b) => a.due_date.localeCompare(b.due_date) || a.id.localeCompare(b.id)),
      version: (current?.version ?? 0) + 1,
      created_at: current?.created_at ?? context.now,
      updated_at: context.now,
    },
  };
}

function plannedInstallment(
  entry: InstallmentInput,
  index: number,
  context: { existing: Map<string, Installment>; currency: string; eventCurrency: string; rate: string; newId: () => string },
  problems: Problem[],
): Installment {
  const path = `installments.${index}`;
  const before = entry.id === undefined ? undefined : context.existing.get(entry.id);
  if (entry.id !== undefined && !before) problems.push({ path: `${path}.id`, message: 'No such installment in this plan' });
  const problem = amountProblem(entry.amount, context.currency)
    ?? (entry.amount <= 0 ? 'Must be more than 0' : null);
  const amount = problem ? 0 : (toMinorUnits(entry.amount, context.currency) as number);
  if (problem) problems.push({ path: `${path}.amount`, message: problem });
  else {
    const converted = convertedAmountProblem(amount, context.currency, context.eventCurrency, context.rate);
    if (converted) problems.push({ path: `${path}.amount`, message: converted });
  }
  const paid = before ? paidMinor(before) : 0;
  if (!problem && amount < paid) problems.push({ path: `${path}.amount`, message: `Already paid ${toMajorUnits(paid, context.currency)}; the amount cannot be less` });
  const kind = entry.kind ?? before?.kind ?? 'installment';
  return {
    id: before?.id ?? context.newId(),
    kind,
    label: entry.label ?? before?.label ?? (kind === 'deposit' ? 'Deposit' : `Installment ${index + 1}`),
    due_date: entry.due_date,
    amount_minor: amount,
    payments: before?.payments ?? [],
  };
}

export type PaymentInput = { installment_id: string; amount: number; paid_at?: string; method?: string; note?: string };

export type PaymentOutcome =
  | { ok: PaymentPlanRecord; payment: InstallmentPayment }
  | { problems: Problem[] }
  | { overpaid: { outstanding: number; currency: string } };

/**
 * A payment against one installment. Overpaying is refused (409 `overpayment`, naming what is still
 * outstanding), never kept as a credit: a credit belongs to the vendor's next invoice, which the planner
 * records as a smaller installment.
 */
export function planPayment(
  plan: PaymentPlanRecord,
  input: PaymentInput,
  context: { id: string; actorId: string; now: string },
): PaymentOutcome {
  const problems: Problem[] = [];
  const installment = plan.installments.find((candidate) => candidate.id === input.installment_id);
  if (!installment) problems.push({ path: 'installment_id', message: 'No such installment in this plan' });
  const problem = amountProblem(input.amount, plan.currency) ?? (input.amount <= 0 ? 'Must be more than 0' : null);
  if (problem) problems.push({ path: 'amount', message: problem });
  if (installment && installment.payments.length >= MAX_PAYMENTS_PER_INSTALLMENT) {
    problems.push({ path: 'installment_id', message: `At most ${MAX_PAYMENTS_PER_INSTALLMENT} payments per installment` });
  }
  if (problems.length > 0 || !installment) return { problems };
  const amount = toMinorUnits(input.amount, plan.currency) as number;
  const outstanding = outstandingMinor(installment);
  if (amount > outstanding) return { overpaid: { outstanding: toMajorUnits(outstanding, plan.currency), currency: plan.currency } };
  const payment: InstallmentPayment = {
    id: context.id,
    amount_minor: amount,
    paid_at: input.paid_at ?? context.now.slice(0, 10),
    ...(input.method ? { method: input.method } : {}),
    ...(input.note ? { note: input.note } : {}),
    recorded_by: context.actorId,
    created_at: context.now,
  };
  return {
    ok: {
      ...plan,
      installments: plan.installments.map((candidate) => (candidate.id === installment.id ? { ...candidate, payments: [...candidate.payments, payment] } : candidate)),
      version: plan.version + 1,
      updated_at: context.now,
    },
    payment,
  };
}

export type CashFlowMonth = { month: string; due: number; paid: number; outstanding: number; installments: number };

/**
 * Cash-flow by month of the installments' due dates, in event-currency minor units: what falls due that
 * month, what of it is paid, and what is still outstanding. Each installment is converted once, the same
 * way as the budget counters, so the months add up to the counters exactly.
 */
export function cashFlow(plans: PaymentPlanRecord[], eventCurrency: string): CashFlowMonth[] {
  const months = new Map<string, CashFlowMonth>();
  for (const plan of plans) {
    const convert = (minor: number) => convertMinorUnits(minor, plan.currency, eventCurrency, plan.exchange_rate);
    for (const installment of plan.installments) {
      const month = installment.due_date.slice(0, 7);
      const row = months.get(month) ?? { month, due: 0, paid: 0, outstanding: 0, installments: 0 };
      const due = convert(installment.amount_minor);
      const paid = convert(paidMinor(installment));
      months.set(month, { month, due: row.due + due, paid: row.paid + paid, outstanding: row.outstanding + due - paid, installments: row.installments + 1 });
    }
  }
  return [...months.values()].sort((a, b) => a.month.localeCompare(b.month));
}
