import { readFile } from 'node:fs/promises';
import { addCounts, summaryLine, type TestCounts } from './test-counts.ts';

/**
 * `tsx scripts/test-summary.ts <counts.json>...`: one summary line for several runs (.ci/run: `npm test`
 * and `npm run test:long`), from the files scripts/test.ts wrote (COUNTS_FILE). A run that wrote no file
 * counts as one failed test.
 */
let total: TestCounts = { passed: 0, failed: 0 };
for (const file of process.argv.slice(2)) {
  const counts = await readFile(file, 'utf8').then((text) => JSON.parse(text) as TestCounts, () => ({ passed: 0, failed: 1 }));
  total = addCounts(total, counts);
}
console.log(summaryLine(total));
process.exit(total.failed === 0 && total.passed > 0 ? 0 : 1);
