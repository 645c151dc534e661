import { readFile } from 'node:fs/promises';
import type { RouteCost } from './capacity.ts';
import { modelReport, parseShards, shardingPreview } from './report.ts';

/**
 * `npm run model [-- --shards=OUTBOX#PENDING=1,DUE#=1,BUDGETCHANGE#=1]`: the capacity model from the costs the last
 * `npm run bench -- --model` measured (bench/model/measured-costs.json), without starting anything; the shard
 * counts are the code's (shared/data/keys.ts) unless `--shards` names others (1: unsharded).
 */
const shardsArg = process.argv.slice(2).find((arg) => arg.startsWith('--shards='))?.slice('--shards='.length);
const measured = JSON.parse(await readFile(new URL('./measured-costs.json', import.meta.url), 'utf8')) as { costs: RouteCost[] };
process.stdout.write(`${modelReport(measured.costs, shardsArg === undefined ? shardingPreview : parseShards(shardsArg)).join('\n')}\n`);
