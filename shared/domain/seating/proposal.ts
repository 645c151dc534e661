import { type ConstraintKind, type Person, personKey, type SeatingConstraint } from './rules.ts';

/**
 * The seating proposal (docs/seating.md): places the attending people who have no seat yet into free
 * seats, leaving everyone already seated where they are. It is bin packing with conflicts (NP-hard), solved
 * by a deterministic greedy heuristic, best-fit decreasing:
 * - groups are made with union-find: a guest with their plus-ones, a party's attending members (keep
 *   together by default) and each "together" constraint's guests are one group;
 * - groups are placed largest first (ties: list order), each whole at the table it already sits at if it
 *   fits, else the unblocked table with the fewest free seats that still holds it (best fit); a table is
 *   blocked for a group when it seats someone a member must be kept apart from;
 * - a group no unblocked table holds whole is split over the unblocked tables (fullest free first); if they
 *   lack the room, it goes whole to a blocked table; failing that it is split over any table, and whoever is
 *   left has no seat.
 * The result is then checked against every rule, so `unhonoured` names each together (constraint, party,
 * guest with plus-ones) and apart constraint the final layout breaks, whoever placed the people.
 */
export type ProposalTable = { id: string; seats: number; taken: readonly (Person & { seat_number: number })[] };
export type ProposalGuest = { id: string; plus_one_count: number; party_id?: string | null };
export type ProposedSeat = Person & { table_id: string; seat_number: number };
export type Unhonoured = { kind: ConstraintKind; source: 'constraint' | 'party' | 'plus_ones'; guest_ids: string[]; message: string };
export type Proposal = { assignments: ProposedSeat[]; unplaced: Person[]; unhonoured: Unhonoured[] };

class UnionFind {
  private readonly parent = new Map<string, string>();
  find(id: string): string {
    const up = this.parent.get(id) ?? id;
    if (up === id) return id;
    const root = this.find(up);
    this.parent.set(id, root);
    return root;
  }
  union(a: string, b: string): void {
    const [ra, rb] = [this.find(a), this.find(b)];
    if (ra !== rb) this.parent.set(rb, ra);
  }
}

/** The pairs of guests kept apart, both ways. */
function apartPairs(constraints: readonly SeatingConstraint[]): Map<string, Set<string>> {
  const pairs = new Map<string, Set<string>>();
  for (const constraint of constraints.filter((entry) => entry.kind === 'apart')) {
    for (const a of constraint.guest_ids) {
      for (const b of constraint.guest_ids) if (a !== b) pairs.set(a, (pairs.get(a) ?? new Set()).add(b));
    }
  }
  return pairs;
}

export function proposeSeating(tables: readonly ProposalTable[], guests: readonly ProposalGuest[], constraints: readonly SeatingConstraint[]): Proposal {
  const attending = new Map(guests.map((guest, index) => [guest.id, { guest, index }]));
  const seatOf = new Map<string, { table_id: string; seat_number: number }>();
  const free = new Map<string, number[]>();
  const guestsAt = new Map<string, Set<string>>();
  for (const table of tables) {
    const taken = new Set(table.taken.map((seat) => seat.seat_number));
    free.set(table.id, Array.from({ length: table.seats }, (_, index) => index + 1).filter((number) => !taken.has(number)));
    guestsAt.set(table.id, new Set(table.taken.map((seat) => seat.guest_id)));
    for (const seat of table.taken) seatOf.set(personKey(seat), { table_id: table.id, seat_number: seat.seat_number });
  }

  const groups = new UnionFind();
  const parties = new Map<string, string[]>();
  for (const guest of guests) if (guest.party_id) parties.set(guest.party_id, [...(parties.get(guest.party_id) ?? []), guest.id]);
  for (const members of parties.values()) for (const member of members.slice(1)) groups.union(members[0] as string, member);
  for (const constraint of constraints.filter((entry) => entry.kind === 'together')) {
    const present = constraint.guest_ids.filter((id) => attending.has(id));
    for (const id of present.slice(1)) groups.union(present[0] as string, id);
  }
  const byRoot = new Map<string, ProposalGuest[]>();
  for (const guest of guests) {
    const root = groups.find(guest.id);
    const members = byRoot.get(root);
    if (members) members.push(guest);
    else byRoot.set(root, [guest]);
  }

  const apart = apartPairs(constraints);
  const blocked = (tableId: string, members: readonly ProposalGuest[]) => {
    const at = guestsAt.get(tableId);
    if (apart.size === 0 || !at || at.size === 0) return false;
    const own = new Set(members.map((member) => member.id));
    return members.some((member) => [...(apart.get(member.id) ?? [])].some((other) => at.has(other) && !own.has(other)));
  };

  const pending = [...byRoot.values()]
    .map((members) => ({
      members,
      people: members.flatMap((guest) => Array.from({ length: guest.plus_one_count + 1 }, (_, slot) => ({ guest_id: guest.id, slot }))).filter((person) => !seatOf.has(personKey(person))),
      first: Math.min(...members.map((member) => attending.get(member.id)?.index ?? 0)),
    }))
    .filter((group) => group.people.length > 0)
    .sort((a, b) => b.people.length - a.people.length || a.first - b.first);

  const assignments: ProposedSeat[] = [];
  const unplaced: Person[] = [];
  const room = (tableId: string) => free.get(tableId)?.length ?? 0;
  const place = (tableId: string, people: Person[]) => {
    const seats = free.get(tableId) as number[];
    for (const person of people) {
      const seat_number = seats.shift() as number;
      assignments.push({ ...person, table_id: tableId, seat_number });
      seatOf.set(personKey(person), { table_id: tableId, seat_number });
      guestsAt.get(tableId)?.add(person.guest_id);
    }
  };
  const spread = (tableIds: string[], people: Person[]) => {
    const left = [...people];
    for (const tableId of [...tableIds].sort((a, b) => room(b) - room(a))) place(tableId, left.splice(0, room(tableId)));
    return left;
  };

  for (const { members, people } of pending) {
    const home = members.flatMap((member) => Array.from({ length: member.plus_one_count + 1 }, (_, slot) => seatOf.get(personKey({ guest_id: member.id, slot }))?.table_id ?? [])).flat();
    const open = tables.map((table) => table.id).filter((id) => !blocked(id, members));
    const fits = (id: string) => room(id) >= people.length;
    const bestFit = (ids: string[]) => ids.filter(fits).sort((a, b) => room(a) - room(b))[0];
    const whole = home.find((id) => open.includes(id) && fits(id)) ?? bestFit(open);
    if (whole) { place(whole, people); continue; }
    if (open.reduce((sum, id) => sum + room(id), 0) >= people.length) { spread(open, people); continue; }
    const anyWhole = bestFit(tables.map((table) => table.id));
    if (anyWhole) { place(anyWhole, people); continue; }
    unplaced.push(...spread(tables.map((table) => table.id), people));
  }

  return { assignments, unplaced, unhonoured: checkRules(guests, parties, constraints, seatOf) };
}

/** Every rule the layout breaks: together rules whose people sit at several tables or not at all, apart rules with two at one table. */
function checkRules(
  guests: readonly ProposalGuest[],
  parties: Map<string, string[]>,
  constraints: readonly SeatingConstraint[],
  seatOf: Map<string, { table_id: string }>,
): Unhonoured[] {
  const present = new Map(guests.map((guest) => [guest.id, guest]));
  const tablesOf = (ids: string[]) => ids.flatMap((id) => Array.from({ length: (present.get(id)?.plus_one_count ?? -1) + 1 }, (_, slot) => seatOf.get(personKey({ guest_id: id, slot }))?.table_id ?? 'none'));
  const apartBroken = (ids: string[]) => {
    const tables = ids.filter((id) => present.has(id)).map((id) => new Set(tablesOf([id]).filter((table) => table !== 'none')));
    return tables.some((a, i) => tables.some((b, j) => j > i && [...a].some((table) => b.has(table))));
  };
  const out: Unhonoured[] = [];
  for (const guest of guests) {
    if (guest.plus_one_count > 0 && new Set(tablesOf([guest.id])).size > 1) out.push({ kind: 'together', source: 'plus_ones', guest_ids: [guest.id], message: 'A guest and their plus-ones sit at different tables (or some have no seat)' });
  }
  for (const members of parties.values()) {
    if (members.length > 1 && new Set(tablesOf(members)).size > 1) out.push({ kind: 'together', source: 'party', guest_ids: members, message: "The party's attending members sit at different tables (or some have no seat)" });
  }
  for (const constraint of constraints) {
    const ids = constraint.guest_ids.filter((id) => present.has(id));
    if (constraint.kind === 'together' && ids.length > 1 && new Set(tablesOf(ids)).size > 1) out.push({ kind: 'together', source: 'constraint', guest_ids: constraint.guest_ids, message: 'Kept together, yet at different tables (or some have no seat): no table had room for all of them' });
    if (constraint.kind === 'apart' && apartBroken(ids)) out.push({ kind: 'apart', source: 'constraint', guest_ids: constraint.guest_ids, message: 'Kept apart, yet two of them share a table: the other tables had no room' });
  }
  return out;
}
