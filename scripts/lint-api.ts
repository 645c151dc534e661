import { formatProblems, getTotals } from '@redocly/openapi-core';
import { buildOpenApiDocument } from '../shared/api-contract/openapi-document.ts';
import { acknowledged, lintApiDocument } from './api-contract/lint.ts';

/**
 * `npm run lint:api`: lints the OpenAPI document the API serves (scripts/api-contract/lint.ts), prints
 * every finding with where it is in the document, and fails on any finding (error or warning) or stale acknowledgement.
 */
const { problems, staleAcknowledgements } = await lintApiDocument(buildOpenApiDocument());
const totals = getTotals(problems);
formatProblems(problems, { format: 'codeframe', totals, color: process.stdout.isTTY, command: 'lint' });
for (const stale of staleAcknowledgements) console.error(`Stale acknowledgement (nothing to acknowledge any more; delete it): ${stale}`);
console.log(
  `API lint: ${totals.errors} errors, ${totals.warnings} warnings, ${acknowledged.length - staleAcknowledgements.length} acknowledged findings (scripts/api-contract/lint.ts)`,
);
process.exit(problems.length > 0 || staleAcknowledgements.length > 0 ? 1 : 0);
