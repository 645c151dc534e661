import { Faker, en } from '@faker-js/faker';

/**
 * Everyone in the demo world, drawn from faker seeded with the run's seed, so the same seed always gives
 * the same people, households, answers and logins. Addresses are on example.com (RFC 2606: never a real
 * inbox), and every draw happens here, in one fixed order, before anything is sent.
 */
export type DemoUser = { role: 'organizer' | 'coordinator' | 'assistant'; username: string; email: string; password: string; full_name: string };

export type PlannedAnswer = 'yes' | 'no' | 'maybe' | 'pending';

export type DemoGuest = {
  name: string;
  email: string;
  party_name: string;
  dietary_restrictions: string[];
  plus_one_allowed: boolean;
  /** What the guest will answer (pending: no answer yet). */
  answer: PlannedAnswer;
  plus_ones: number;
};

export type DemoPeople = { users: DemoUser[]; pendingTeamEmail: string; couple: [string, string]; guests: DemoGuest[] };

const dietaryNeeds = ['vegetarian', 'vegan', 'gluten-free', 'nut allergy', 'halal', 'kosher', 'lactose-free', 'shellfish allergy'];

const firstAnswers: PlannedAnswer[] = ['yes', 'no', 'maybe', 'pending'];

function drawUser(faker: Faker, role: DemoUser['role'], seed: number): DemoUser {
  const firstName = faker.person.firstName();
  const lastName = faker.person.lastName();
  const handle = `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z.]/g, '');
  return {
    role,
    // The seed in the name keeps two seeds' worlds apart on one stack.
    username: `${handle}.${seed}`.slice(0, 32),
    email: `${handle}.${seed}@example.com`,
    password: `${faker.word.adjective()}-${faker.word.noun()}-${faker.string.numeric(4)}`,
    full_name: `${firstName} ${lastName}`,
  };
}

/** Households of one to five, most of two; the answer is one per household, as families answer. */
function drawHouseholds(faker: Faker, guestCount: number, seed: number): DemoGuest[] {
  const guests: DemoGuest[] = [];
  const taken = new Set<string>();
  let households = 0;
  while (guests.length < guestCount) {
    const size = Math.min(guestCount - guests.length, faker.helpers.weightedArrayElement([
      { weight: 3, value: 1 }, { weight: 5, value: 2 }, { weight: 2, value: 3 }, { weight: 2, value: 4 }, { weight: 1, value: 5 },
    ]));
    const lastName = faker.person.lastName();
    const partyName = size === 1 ? `${lastName} (single)` : `The ${lastName} household`;
    // The first households answer one of each, so every state shows even in a small world.
    const answer = firstAnswers[households] ?? faker.helpers.weightedArrayElement<PlannedAnswer>([
      { weight: 62, value: 'yes' }, { weight: 14, value: 'no' }, { weight: 9, value: 'maybe' }, { weight: 15, value: 'pending' },
    ]);
    households += 1;
    for (let member = 0; member < size; member += 1) {
      const firstName = faker.person.firstName();
      let local = `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z.]/g, '');
      while (taken.has(local)) local = `${local}${faker.string.numeric(1)}`;
      taken.add(local);
      const single = size === 1;
      guests.push({
        name: `${firstName} ${lastName}`,
        email: `${local}.${seed}@example.com`,
        party_name: partyName,
        dietary_restrictions: faker.datatype.boolean(0.22) ? faker.helpers.arrayElements(dietaryNeeds, { min: 1, max: 2 }) : [],
        plus_one_allowed: single,
        answer,
        plus_ones: single && answer === 'yes' && faker.datatype.boolean(0.5) ? 1 : 0,
      });
    }
  }
  return guests;
}

export function drawPeople(seed: number, guestCount: number): DemoPeople {
  const faker = new Faker({ locale: [en] });
  faker.seed(seed);
  const users = [drawUser(faker, 'organizer', seed), drawUser(faker, 'coordinator', seed), drawUser(faker, 'assistant', seed)];
  const pendingTeamEmail = `${faker.person.firstName().toLowerCase()}.${seed}@example.com`;
  const couple: [string, string] = [faker.person.firstName(), faker.person.firstName()];
  return { users, pendingTeamEmail, couple, guests: drawHouseholds(faker, guestCount, seed) };
}
