import { html } from './html.ts';
import { page } from './layout.ts';

/**
 * The printable escort cards of one table (docs/seating.md): one card per seated person, in seat order,
 * with their name, the table's name and the seat. Everything typed by a planner or a guest is escaped by
 * the `html` template; the page is the public pages' frame (its stylesheet allowed by hash, nothing else).
 */
export type EscortCard = { name: string; seat_number: number };

export function escortCardsPage(input: { eventName: string; tableName: string; seats: number; cards: EscortCard[] }): string {
  const cards = input.cards.map((card) => html`<li class="card"><h2>${card.name}</h2><p class="meta">${input.tableName} · seat ${card.seat_number}</p></li>`);
  const body = html`<h1>${input.tableName}</h1>
<p class="meta">${input.eventName} · ${input.cards.length} of ${input.seats} seats taken</p>
${input.cards.length ? html`<ol>${cards}</ol>` : html`<p>Nobody sits at this table yet.</p>`}`;
  return page(`Escort cards: ${input.tableName}`, body);
}
