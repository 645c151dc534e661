/**
 * The most bytes each function's bundle (index.mjs, minified) may weigh besides the AWS SDK it carries
 * (bundled since 2026-12-06, see apiFunctionBundling; the SDK's share is reported by the bench, not
 * budgeted here: it follows the clients a function uses), keyed by its folder under functions/. tests/infra/bundle-budget.test.ts bundles every function of the
 * stack as `cdk deploy` does and fails with the figures when one is over budget or has none; `npm run bench`
 * reports the same sizes with their import times. Each budget is about 20% above the size measured when it
 * was set (the figure beside it, 2026-11-24), so ordinary growth passes and a new heavy dependency does not:
 * raise a budget deliberately, saying why, or keep route-only code out of the cold start (a dynamic
 * import()). Functions whose code was still changing on 2026-11-24 (new ones, email-events) got 35%.
 */
export const bundleBudgets: Readonly<Record<string, number>> = {
  admin: 141_312, // 117,211 bytes (new on 2026-12-06: the operator's end-sessions, issue 20): 20% above that
  accounts: 163_840, // new (squatting expiry), set like privacy's until measured
  auth: 337_920, // 196,349 bytes; 237,334 on 2026-12-05 with verification, reset, email change and the session list (issues 14 and 20); 285,705 on 2026-12-06 with the second factor (otpauth 8 KB; qrcode's SVG-only browser build 23 KB, loaded only by the enrolment): 8% above that; 312,148 with account deletion as well: 8% above that
  authorizer: 134_144, // 111,121 bytes
  budget: 256_000, // 196,677 bytes; 236,614 on 2026-12-06: the route table every function carries (the RSVP header and mailed-link routes), the egress allowlist and the sealing key set behind stored answers (issue 20): 8% above that
  checklist: 302_080, // 251,318 bytes
  docs: 462_848, // 342,241 bytes (new, still changing: +35%)
  'document-scan': 160_768, // 118,628 bytes on 2026-12-06 (new, the malware scan recorder of issue 20: +35%)
  documents: 315_392, // 176,974 bytes; 267,666 on 2026-12-05 with file-type (sniffing an upload's real type on confirm, issue 20), loaded only by the confirmation: 9% above that; 291,439 on 2026-12-06 with the route table, egress allowlist and sealing key set every function got (issue 20): 8% above that
  'email-events': 150_528, // 111,054 bytes (being changed today: +35%)
  events: 329_728, // 274,598 bytes
  guests: 379_904, // 316,457 bytes
  health: 196_608, // 151,034 bytes; 182,177 on 2026-12-06: the route table every function carries grew by the second factor, account deletion and the WebSocket ticket (issue 20)
  invitations: 294_912, // 254,941 bytes: send_date in the event's zone reads the event rules (luxon); 272,320 on 2026-12-06 with ES256 verification against the published keys (jose's JWKS and JWK import, issue 20): 8% above that
  'invitation-opens': 150_528, // new on 2026-12-06 (the open recorder of issue 15), set like notify's until measured
  'key-rotation': 150_528, // 124,034 bytes on 2026-12-06 (new: +21%)
  notifications: 212_992, // 157,531 bytes (new, still changing: +35%)
  notify: 160_768, // 118,596 bytes (new, still changing: +35%)
  outbox: 424_960, // 354,049 bytes
  overspend: 155_648, // 129,185 bytes
  privacy: 163_840, // 121,179 bytes (new, still changing: +35%)
  realtime: 162_816, // 120,354 bytes (new, still changing: +35%)
  'realtime-authorizer': 155_648, // 114,957 bytes (new, still changing: +35%)
  'realtime-push': 151_552, // 112,167 bytes (new, still changing: +35%)
  reminders: 140_288, // 116,630 bytes
  rsvp: 310_272, // 258,080 bytes
  team: 233_472, // 178,006 bytes; 215,113 on 2026-12-06 with ES256 verification and the per-user throttle (issue 20): 8% above that
  timeline: 305_152, // 254,273 bytes
  vendors: 235_520, // 195,598 bytes
};
