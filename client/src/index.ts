export { createEventPlanningClient, type ClientOptions, type DataOf, type EventPlanningClient, type ItemOf, type PagedPath, type PageOf } from './client.ts';
export type { components, operations, paths } from './generated/api.ts';
export type { DomainEventType, DoorCounts, EventCounters, GuestImportProgress, LiveClientMessage, LiveErrorCode, LiveServerMessage } from './live-messages.ts';
export { LiveUpdates, type LiveCounters, type LiveError, type LiveOptions, type WebSocketConstructor, type WebSocketLike } from './live.ts';
export { ApiProblem, type Problem, type ProblemCode } from './problem.ts';
export { memorySessionStore, type SessionStore, type SessionTokens } from './session.ts';
export type { FetchLike, RetryPolicy } from './transport.ts';
