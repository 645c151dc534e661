import { readFile } from 'node:fs/promises';
import type { RouteCost } from './capacity.ts';
import { modelReport, parseShards } from './report.ts';

/**
 * `npm run model [-- --shards=OUTBOX#PENDING=16,DUE#=8]`: the capacity model from the costs the last
 * `npm run bench -- --model` measured (bench/model/measured-costs.json), without starting anything.
 */
const shardsArg = process.argv.slice(2).find((arg) => arg.startsWith('--shards='))?.slice('--shards='.length);
const measured = JSON.parse(await readFile(new URL('./measured-costs.json', import.meta.url), 'utf8')) as { costs: RouteCost[] };
process.stdout.write(`${modelReport(measured.costs, parseShards(shardsArg)).join('\n')}\n`);
