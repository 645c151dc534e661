import { httpGroup } from '#shared/http/group.ts';
import { createBudgetItem, deleteBudgetItem, updateBudgetItem } from './items.ts';
import { addPayment, deletePayment } from './payments.ts';
import { getBudget, updateBudget } from './budget.ts';
import { getCashFlow } from './cash-flow.ts';

/** The budget group: one Lambda for the budget, its items and payments (see shared/routes.ts). */
export const handler = httpGroup('budget', {
  getBudget,
  updateBudget,
  getCashFlow,
  createBudgetItem,
  updateBudgetItem,
  deleteBudgetItem,
  addPayment,
  deletePayment,
});
