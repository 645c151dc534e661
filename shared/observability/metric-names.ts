/**
 * The business metrics' names (shared/observability/metrics.ts emits them; the stack's alarms and dashboard
 * read them), in a module of their own so the CDK app names them without loading Powertools.
 */
export const businessMetrics = {
  invitationsSent: 'InvitationsSent',
  rsvpAnswered: 'RsvpAnswered',
  emailsBounced: 'EmailsBounced',
  outboxBacklog: 'OutboxBacklog',
  outboxOldestAgeSeconds: 'OutboxOldestAgeSeconds',
  transactionConflictsRetried: 'TransactionConflictsRetried',
  serviceUnavailableGiven: 'ServiceUnavailableGiven',
} as const;
