/**
 * The AWS list prices the cost model uses: us-east-1, on-demand, no free tier, no savings plans. Recorded on
 * 2026-12-06 from the public pricing pages as last known here (this machine cannot reach AWS): DynamoDB
 * on-demand after the November 2024 price cut. Check them against https://aws.amazon.com/pricing before
 * quoting a figure; every cost in the report is linear in these numbers.
 */
export const prices = {
  asOf: '2026-12-06',
  region: 'us-east-1',
  dynamoDb: {
    /** On-demand write request unit (1 KB written; a transactional write costs 2). */
    perMillionWriteUnits: 0.625,
    /** On-demand read request unit (4 KB strongly consistent; half for eventually consistent). */
    perMillionReadUnits: 0.125,
    /** Standard table class storage, items and indexes. */
    perGbMonth: 0.25,
  },
  lambdaArm64: {
    /** Duration on Graviton (arm64), first 7.5 billion GB-s a month. */
    perGbSecond: 0.0000133334,
    perMillionRequests: 0.2,
  },
  apiGatewayHttp: {
    /** HTTP API, first 300 million requests a month (per 512 KB). */
    perMillionRequests: 1.0,
  },
  ses: {
    /** Outbound email from a Lambda (no EC2 free tier), attachments aside. */
    perThousandEmails: 0.1,
  },
  eventBridge: {
    /** Custom events published to a bus (per 64 KB chunk); rules' deliveries to Lambda cost nothing more. */
    perMillionCustomEvents: 1.0,
  },
} as const;

export type Prices = typeof prices;
