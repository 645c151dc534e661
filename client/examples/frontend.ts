import { ApiProblem, createEventPlanningClient, type ItemOf, type LiveCounters } from '../src/index.ts';

/**
 * The README's frontend example, kept here so `tsc` checks it against the generated types
 * (tests/unit/client/readme-example.test.ts holds the README's copy equal to the part between the markers).
 */
type Ui = {
  password: string;
  showGuest: (guest: ItemOf<'/api/events/{id}/guests'>) => void;
  showCounters: (counters: LiveCounters['counters']) => void;
  goToSignIn: () => void;
  reloadEvent: () => void;
};

export async function plannerPage({ password, showGuest, showCounters, goToSignIn, reloadEvent }: Ui) {
  // example:start
  const api = createEventPlanningClient({
    baseUrl: 'http://localhost:3000',
    webSocketUrl: 'ws://localhost:3001',
    onSessionEnded: goToSignIn, // the refresh token was refused: sign in again
  });
  await api.signIn({ login: 'ada', password }); // tokens kept and refreshed for you
  const event = await api.post('/api/events', { body: { name: 'Ada & Grace', event_date: '2031-06-20T17:00:00Z' } });
  const id = event.id; // typed from the OpenAPI document, `{"data"}` already taken off
  await api.post('/api/events/{id}/guests', { params: { path: { id } }, body: { guest_list: [{ name: 'Grace', email: 'grace@example.com' }] } });
  await api.post('/api/events/{id}/invitations', { params: { path: { id } }, body: { invitation_template: 'formal' } });
  for await (const guest of api.paginate('/api/events/{id}/guests', { params: { path: { id } } })) showGuest(guest);

  const live = api.live(); // a single-use ticket per (re)connect; a late push never rolls counters back
  live.follow(id, ({ counters }) => showCounters(counters));

  try {
    await api.put('/api/events/{id}', { params: { path: { id }, header: { 'If-Match': String(event.version) } }, body: { capacity: 80 } });
  } catch (error) {
    if (error instanceof ApiProblem && error.code === 'version_conflict') reloadEvent();
    else throw error;
  }
  // example:end
  return live;
}
