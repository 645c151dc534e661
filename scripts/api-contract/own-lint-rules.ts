import type { Oas3Rule, Plugin, UserContext } from '@redocly/openapi-core';

/**
 * Our own lint rules, next to Redocly's recommended-strict set (scripts/api-contract/lint.ts). They look
 * at each operation's answers after resolving `$ref`s, so a shared problem response is judged for every
 * status it is used under.
 */
type Media = { example?: unknown; examples?: Record<string, object> };
type Response = { content?: Record<string, Media>; headers?: Record<string, unknown> };
type Operation = { responses?: Record<string, object> };

const PROBLEM_MEDIA_TYPE = 'application/problem+json';

const answersOf = (operation: Operation, ctx: UserContext) =>
  Object.entries(operation.responses ?? {}).map(([status, entry]) => ({
    status,
    response: (ctx.resolve(entry).node ?? {}) as Response,
    location: ctx.location.child(['responses', status]),
  }));

const exampleValues = (media: Media, ctx: UserContext): unknown[] => [
  ...(media.example === undefined ? [] : [media.example]),
  ...Object.values(media.examples ?? {}).map((entry) => (ctx.resolve(entry).node as { value?: unknown } | undefined)?.value),
];

/**
 * Every problem answer (4xx, 5xx) shows at least one example, and each example is a problem of that very
 * status with a `code`: a frontend developer reads the examples to learn what to branch on.
 */
const problemExamples: Oas3Rule = () => ({
  Operation(operation: Operation, ctx: UserContext) {
    for (const { status, response, location } of answersOf(operation, ctx)) {
      const media = /^[45]\d\d$/.test(status) ? response.content?.[PROBLEM_MEDIA_TYPE] : undefined;
      if (!media) continue;
      const examples = exampleValues(media, ctx);
      if (examples.length === 0) ctx.report({ message: `The ${status} problem answer has no example.`, location: location.key() });
      for (const example of examples) {
        const { status: exampleStatus, code } = (example ?? {}) as { status?: unknown; code?: unknown };
        if (exampleStatus !== Number(status) || typeof code !== 'string') {
          ctx.report({ message: `An example of the ${status} problem answer is not a problem of status ${status} with a code.`, location: location.key() });
        }
      }
    }
  },
});

/** 429 and 503 answers declare the Retry-After header the API sends with them, so clients can wait for it. */
const retryAfterDeclared: Oas3Rule = () => ({
  Operation(operation: Operation, ctx: UserContext) {
    for (const { status, response, location } of answersOf(operation, ctx)) {
      if ((status === '429' || status === '503') && !response.headers?.['Retry-After']) {
        ctx.report({ message: `The ${status} answer does not declare its Retry-After header.`, location: location.key() });
      }
    }
  },
});

const PLUGIN_ID = 'event-planning';

/** Rule ids as the config names them; a ready plugin object is not prefixed by Redocly, so they are here. */
export const ownRuleIds = { problemExamples: `${PLUGIN_ID}/problem-examples`, retryAfterDeclared: `${PLUGIN_ID}/retry-after-declared` } as const;

export const ownLintRules: Plugin = {
  id: PLUGIN_ID,
  rules: { oas3: { [ownRuleIds.problemExamples]: problemExamples, [ownRuleIds.retryAfterDeclared]: retryAfterDeclared } },
};
