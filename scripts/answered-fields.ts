import { writeFileSync } from 'node:fs';
import { answeredFieldsByRoute } from '../shared/api-contract/answered-fields.ts';

/** Writes shared/http/body/answered-fields.ts from the API contract (see shared/api-contract/answered-fields.ts). */
export const answeredFieldsModule = (): string =>
  `// Generated from the API contract by \`npm run contract:fields\`; do not edit (tests/unit/api-contract.test.ts checks it).\n\n` +
  `/** Per route with a JSON body, the fields its answers hold: sent back by a frontend, ignored on input. */\n` +
  `export const answeredFields: Readonly<Record<string, readonly string[]>> = {\n` +
  Object.entries(answeredFieldsByRoute()).map(([route, fields]) => `  '${route}': [${fields.map((field) => `'${field}'`).join(', ')}],\n`).join('') +
  `};\n`;

if (process.argv[1]?.endsWith('answered-fields.ts')) {
  writeFileSync(new URL('../shared/http/body/answered-fields.ts', import.meta.url), answeredFieldsModule());
}
