/**
 * The most bytes each function's bundle (index.mjs, minified) may weigh besides the AWS SDK it carries
 * (bundled since 2026-12-06, see apiFunctionBundling; the SDK's share is reported by the bench, not
 * budgeted here: it follows the clients a function uses), keyed by its folder under functions/. tests/infra/bundle-budget.test.ts bundles every function of the
 * stack as `cdk deploy` does and fails with the figures when one is over budget or has none; `npm run bench`
 * reports the same sizes with their import times. Each budget is about 20% above the size measured when it
 * was set (the figure beside it, 2026-11-24), so ordinary growth passes and a new heavy dependency does not:
 * raise a budget deliberately, saying why, or keep route-only code out of the cold start (a dynamic
 * import()). Functions whose code was still changing on 2026-11-24 (new ones, email-events) got 35%.
 * Powertools (issue 16) raised every budget once, by what it measured: Logger and Metrics about 36 KB on
 * every function; the Tracer's X-Ray SDK another 125 KB, loaded only by the scheduled jobs and event
 * consumers (docs/alarms.md#traces says why the API's functions are left without it).
 */
export const bundleBudgets: Readonly<Record<string, number>> = {
  admin: 385_024, // 117,211 bytes (new on 2026-12-06: the operator's end-sessions, issue 20): 20% above that; 292,309 on 2026-12-06 with Powertools Logger, Metrics and Tracer (+161,436 bytes, of which the X-Ray SDK with semver and cls-hooked about 117 KB, issue 16): 8% above that; 373,942 on 2026-12-07 with migration 0005 (issue 17), whose sub-event reminder markers are filed in the event's zone by the same code as a create's (the event rules, luxon): 3% above that (an operator's function: no guest waits on its cold start)
  accounts: 317_440, // new (squatting expiry), set like privacy's until measured; 293,755 on 2026-12-06 with Powertools Logger, Metrics and Tracer (+161,493 bytes, of which the X-Ray SDK with semver and cls-hooked about 117 KB, issue 16): 8% above that
  auth: 389_120, // 196,349 bytes; 237,334 on 2026-12-05 with verification, reset, email change and the session list (issues 14 and 20); 285,705 on 2026-12-06 with the second factor (otpauth 8 KB; qrcode's SVG-only browser build 23 KB, loaded only by the enrolment): 8% above that; 312,148 with account deletion as well: 8% above that; 359,768 on 2026-12-06 with Powertools Logger and Metrics (+35,803 bytes, issue 16): 8% above that
  authorizer: 173_056, // 111,121 bytes; 159,967 on 2026-12-06 with Powertools Logger and Metrics (+38,672 bytes, issue 16): 8% above that
  budget: 294_912, // 196,677 bytes; 236,614 on 2026-12-06: the route table every function carries (the RSVP header and mailed-link routes), the egress allowlist and the sealing key set behind stored answers (issue 20): 8% above that; 272,678 on 2026-12-06 with Powertools Logger and Metrics (+35,830 bytes, issue 16): 8% above that
  checklist: 352_256, // 251,318 bytes; 326,043 on 2026-12-06 with Powertools Logger and Metrics (+35,838 bytes, issue 16): 8% above that
  docs: 534_528, // 342,241 bytes (new, still changing: +35%); 455,428 on 2026-12-06 with Powertools Logger and Metrics (+36,810 bytes, issue 16): 8% above that; 494,484 on 2026-12-07 with the seating routes' contract (issue 18): 8% above that
  'document-scan': 305_152, // 118,628 bytes on 2026-12-06 (new, the malware scan recorder of issue 20: +35%); 281,933 on 2026-12-06 with Powertools Logger, Metrics and Tracer (+161,465 bytes, of which the X-Ray SDK with semver and cls-hooked about 117 KB, issue 16): 8% above that
  documents: 354_304, // 176,974 bytes; 267,666 on 2026-12-05 with file-type (sniffing an upload's real type on confirm, issue 20), loaded only by the confirmation: 9% above that; 291,439 on 2026-12-06 with the route table, egress allowlist and sealing key set every function got (issue 20): 8% above that; 327,478 on 2026-12-06 with Powertools Logger and Metrics (+35,809 bytes, issue 16): 8% above that
  'domain-event-stream': 295_936, // 267,681 bytes on 2026-12-07 (new, the table stream's consumer of issue 15): 10% above that
  'email-events': 299_008, // 111,054 bytes (being changed today: +35%); 276,336 on 2026-12-06 with Powertools Logger, Metrics and Tracer (+161,557 bytes, of which the X-Ray SDK with semver and cls-hooked about 117 KB, issue 16): 8% above that
  events: 386_048, // 274,598 bytes; 357,151 on 2026-12-06 with Powertools Logger and Metrics (+35,839 bytes, issue 16): 8% above that
  'guest-import': 450_560, // new on 2026-12-07 (the background guest import of issue 15), set until measured
  guests: 488_960, // 316,457 bytes; 395,969 on 2026-12-06 with Powertools Logger and Metrics (+35,995 bytes, issue 16): 8% above that; 438,187 on 2026-12-07 with the custom questions' routes and the parties' (issue 17): 3% above that; 454,955 on 2026-12-07 with check-in at the door and the seat on a scan (issue 18): 3% above that; 474,548 on 2026-12-07 with the sub-events' routes (issue 17): 3% above that
  health: 242_688, // 151,034 bytes; 182,177 on 2026-12-06: the route table every function carries grew by the second factor, account deletion and the WebSocket ticket (issue 20); 224,010 on 2026-12-06 with Powertools Logger and Metrics (+35,775 bytes, issue 16): 8% above that
  invitations: 362_496, // 254,941 bytes: send_date in the event's zone reads the event rules (luxon); 272,320 on 2026-12-06 with ES256 verification against the published keys (jose's JWKS and JWK import, issue 20): 8% above that; 320,436 on 2026-12-06 with Powertools Logger and Metrics (+35,834 bytes, issue 16): 8% above that; 351,949 on 2026-12-07 with the announcements' sub-event and table segments, scheduling, cancel and pages (issue 18): 3% above that
  'invitation-opens': 310_272, // new on 2026-12-06 (the open recorder of issue 15), set like notify's until measured
  'key-rotation': 314_368, // 124,034 bytes on 2026-12-06 (new: +21%); 290,296 on 2026-12-06 with Powertools Logger, Metrics and Tracer (+161,058 bytes, of which the X-Ray SDK with semver and cls-hooked about 117 KB, issue 16): 8% above that
  notifications: 248_832, // 157,531 bytes (new, still changing: +35%); 230,055 on 2026-12-06 with Powertools Logger and Metrics (+35,775 bytes, issue 16): 8% above that
  notify: 308_224, // 118,596 bytes (new, still changing: +35%); 284,498 on 2026-12-06 with Powertools Logger, Metrics and Tracer (+161,477 bytes, of which the X-Ray SDK with semver and cls-hooked about 117 KB, issue 16): 8% above that
  outbox: 644_096, // 354,049 bytes; 542,110 on 2026-12-06 with Powertools Logger, Metrics and Tracer (+160,801 bytes, of which the X-Ray SDK with semver and cls-hooked about 117 KB, issue 16): 8% above that; 625,114 on 2026-12-07 with the confirmation's check-in QR code as PNG (qrcode's PNG writer with pngjs, issue 18): 3% above that
  overspend: 325_632, // 129,185 bytes; 300,582 on 2026-12-06 with Powertools Logger, Metrics and Tracer (+161,461 bytes, of which the X-Ray SDK with semver and cls-hooked about 117 KB, issue 16): 8% above that
  privacy: 310_272, // 121,179 bytes (new, still changing: +35%); 286,913 on 2026-12-06 with Powertools Logger, Metrics and Tracer (+161,457 bytes, of which the X-Ray SDK with semver and cls-hooked about 117 KB, issue 16): 8% above that
  realtime: 177_152, // 120,354 bytes (new, still changing: +35%); 163,637 on 2026-12-06 with Powertools Logger and Metrics (+38,489 bytes, issue 16): 8% above that
  'realtime-authorizer': 169_984, // 114,957 bytes (new, still changing: +35%); 157,060 on 2026-12-06 with Powertools Logger and Metrics (+38,673 bytes, issue 16): 8% above that
  'realtime-push': 301_056, // 112,167 bytes (new, still changing: +35%); 277,970 on 2026-12-06 with Powertools Logger, Metrics and Tracer (+161,079 bytes, of which the X-Ray SDK with semver and cls-hooked about 117 KB, issue 16): 8% above that
  reminders: 308_224, // 116,630 bytes; 284,457 on 2026-12-06 with Powertools Logger, Metrics and Tracer (+161,447 bytes, of which the X-Ray SDK with semver and cls-hooked about 117 KB, issue 16): 8% above that
  rsvp: 479_232, // 258,080 bytes; 334,706 on 2026-12-06 with Powertools Logger and Metrics (+35,991 bytes, issue 16): 8% above that; 367,272 on 2026-12-07 with the custom RSVP questions (+11,209 bytes from 356,063: the answers' checks and counters, the page's fields, issue 17): 3% above that; 380,286 with the parties' answer routes and named plus-ones too: 3% above that; 408,312 with the attending guest's check-in QR code on the page (qrcode's SVG build, issue 18): 3% above that; 465,157 on 2026-12-07 with the sub-events' answers and the guest's .ics (ical-generator, +39,615 bytes, issue 17): 3% above that
  seating: 336_896, // 280,261 bytes on 2026-12-07 (new: seating, issue 18): 20% above that
  'seating-release': 335_872, // 279,661 bytes on 2026-12-07 (new: the seating consumer, issue 18; Powertools Logger, Metrics and Tracer): 20% above that
  team: 286_720, // 178,006 bytes; 215,113 on 2026-12-06 with ES256 verification and the per-user throttle (issue 20): 8% above that; 265,466 on 2026-12-06 with Powertools Logger and Metrics (+35,834 bytes, issue 16): 8% above that
  timeline: 409_600, // 254,273 bytes; 329,093 on 2026-12-06 with Powertools Logger and Metrics (+35,834 bytes, issue 16): 8% above that; 379,111 on 2026-12-07 with the calendar feeds (issue 18: ical-generator, about 37 KB, loaded by the feed route only): 8% above that
  'webhook-dispatch': 342_016, // 284,775 bytes on 2026-12-07 (new: webhooks, issue 18; Powertools Logger, Metrics and Tracer): 20% above that
  'webhook-retries': 340_992, // 283,813 bytes on 2026-12-07 (new: webhooks, issue 18; Powertools Logger, Metrics and Tracer): 20% above that
  webhooks: 288_768, // 240,034 bytes on 2026-12-07 (new: webhooks, issue 18; Powertools Logger and Metrics): 20% above that
  vendors: 316_416, // 195,598 bytes; 271,034 on 2026-12-06 with Powertools Logger and Metrics (+35,833 bytes, issue 16): 8% above that; 293,347 on 2026-12-07: the route table every function carries grew by the seating routes (issue 18): 8% above that
};
