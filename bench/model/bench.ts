import { writeFile } from 'node:fs/promises';
import type { BenchContext } from '../scenario.ts';
import { unitsOf } from './capacity.ts';
import { checkMixAgainstModel, measureRouteCosts, type MeasureStack } from './measure.ts';
import { goalsMissed, modelReport, parseShards, shardingPreview } from './report.ts';

/**
 * `npm run bench -- --model [--shards=FAMILY=N,...]`: measures each route of the profile against DynamoDB
 * Local, checks the model's sum against a measured mix, saves the costs (bench/model/measured-costs.json,
 * which `npm run model` reads) and prints the model today and with the shard counts given (or a preview).
 */
export async function runModelBench(context: BenchContext, stack: MeasureStack, shardsArg: string | undefined): Promise<void> {
  const { costs, world } = await measureRouteCosts(context, stack);
  process.stdout.write('\n# measured per request (DynamoDB Local)\n');
  for (const cost of costs) {
    process.stdout.write(`${cost.route}: ${cost.calls} calls, ${unitsOf(cost, 'read').toFixed(2)} RCU, ${unitsOf(cost, 'write').toFixed(2)} WCU, ${cost.durationMs} ms — ${cost.touches.map((touch) => `${touch.index} ${touch.family} ${touch.op} ${touch.units}`).join('; ')}\n`);
  }
  const check = await checkMixAgainstModel(context, stack, costs, world);
  process.stdout.write('\n# model vs DynamoDB Local: a mix of 10 RSVPs, 10 event reads, 5 budget changes, 5 guest pages at once (units)\n');
  for (const row of check) {
    const ratio = row.modelled > 0 ? (row.measured / row.modelled).toFixed(2) : '-';
    process.stdout.write(`${row.index} ${row.family} ${row.op}: modelled ${row.modelled}, measured ${row.measured}, measured/modelled ${ratio}\n`);
  }
  const file = new URL('./measured-costs.json', import.meta.url);
  await writeFile(file, `${JSON.stringify({ at: new Date().toISOString(), costs, check }, null, 2)}\n`);
  process.stdout.write(`\n${modelReport(costs).join('\n')}\n`);
  const shards = shardsArg ? parseShards(shardsArg) : shardingPreview;
  process.stdout.write(`\n${modelReport(costs, shards).join('\n')}\n\nwrote ${file.pathname}\n`);
  const missed = goalsMissed(costs, shards);
  if (missed.length > 0) {
    process.stdout.write(`\nMISSED: ${missed.join('; ')}\n`);
    process.exitCode = 1;
  }
}
