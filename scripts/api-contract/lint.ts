import { createConfig, escapePointerFragment, lintFromString, type NormalizedProblem } from '@redocly/openapi-core';
import { contractOf } from '../../shared/api-contract/openapi-document.ts';
import { routes } from '../../shared/routes.ts';
import { ownLintRules, ownRuleIds } from './own-lint-rules.ts';

/**
 * The OpenAPI document's lint: Redocly's `recommended-strict` ruleset (every rule of `recommended` as an
 * error: operationId, summary, 2xx and 4xx answers, security on every operation, no unused components,
 * examples valid against their schemas...), a few of its optional rules turned on, and our own rules
 * (own-lint-rules.ts). `npm run lint:api` prints the result; tests/unit/api-lint.test.ts keeps it at 0.
 */
const DOCUMENT_REF = 'openapi.json';

const rules = {
  // Optional Redocly rules the contract keeps to: tags declared with a description, one tag per
  // operation (its function group), 4xx answers as RFC 9457 problems.
  'operation-tag-defined': 'error',
  'operation-singular-tag': 'error',
  'operation-4xx-problem-details-rfc7807': 'error',
  'operation-description': 'off',
  // A private API (package.json is private): there is no public licence to state.
  'info-license': 'off',
  'info-license-strict': 'off',
  [ownRuleIds.problemExamples]: 'error',
  [ownRuleIds.retryAfterDeclared]: 'error',
} as const;

/** Findings of a rule that are true of the API and not to be fixed, each with why (by route and rule). */
export const acknowledged: ReadonlyArray<{ rule: string; method: string; path: string; why: string }> = [
  ...['/api/health', '/api/openapi.json', '/docs'].map((path) => ({
    rule: 'operation-4xx-response',
    method: 'GET',
    path,
    why: 'No credentials, parameters or body: nothing a caller sends can be refused (the health check answers 503 when the table does not)',
  })),
  // The pages' redirects: a form post answers 303 to its page (post/redirect/get, works without
  // JavaScript), and a mailed link 303 (or an old page's form 307) to its page without the secret.
  ...routes
    .filter((route) => !Object.keys(contractOf(route).responses).some((status) => status.startsWith('2')))
    .map((route) => ({
      rule: 'operation-2xx-response',
      method: route.method,
      path: route.path,
      why: `A page's redirect, never a body: ${Object.values(contractOf(route).responses).map((success) => success.description).join('; ')}`,
    })),
];

const pointerOf = (method: string, path: string) => `#/paths/${escapePointerFragment(path)}/${method.toLowerCase()}/responses`;

export type LintResult = {
  /** What the rules found, less the acknowledged findings. */
  problems: NormalizedProblem[];
  /** Acknowledgements that no longer match a finding: stale, to delete. */
  staleAcknowledgements: string[];
};

export async function lintApiDocument(document: unknown): Promise<LintResult> {
  const ignored: Record<string, Set<string>> = {};
  for (const { rule, method, path } of acknowledged) (ignored[rule] ??= new Set()).add(pointerOf(method, path));
  const config = await createConfig({ extends: ['recommended-strict'], rules }, { plugins: [ownLintRules], ignore: { [DOCUMENT_REF]: ignored } });
  const findings = await lintFromString({ source: JSON.stringify(document, null, 2), absoluteRef: DOCUMENT_REF, config });
  const used = new Set(findings.filter((problem) => problem.ignored).map((problem) => `${problem.ruleId} ${problem.location[0]?.pointer}`));
  return {
    problems: findings.filter((problem) => !problem.ignored),
    staleAcknowledgements: acknowledged
      .filter(({ rule, method, path }) => !used.has(`${rule} ${pointerOf(method, path)}`))
      .map(({ rule, method, path }) => `${rule}: ${method} ${path}`),
  };
}
