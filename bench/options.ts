/**
 * `npm run bench -- [name ...] [--connections=N] [--seconds=N] [--init-runs=N] [--route=TEXT] [--soak] [--minutes=N]`,
 * `npm run bench -- --model [--shards=OUTBOX#PENDING=16,DUE#=8]` (the capacity model: bench/model/).
 * Names pick scenarios and the `load` and `bundles` phases (none: everything); `--route=rsvp` keeps the load
 * phase to the routes whose `METHOD /path` contains the text (one route measured again, in a minute). The defaults keep a full run
 * to a few minutes: 7 routes x (5 s of load + 5 s of raw calls) at 10 connections, 5 import timings each.
 */
export type BenchOptions = {
  only: string[];
  connections: number;
  seconds: number;
  initRuns: number;
  soak: boolean;
  minutes: number;
  model: boolean;
  /** `FAMILY=COUNT,...` for the model's after-sharding figures (bench/model/report.ts parseShards). */
  shards?: string;
  /** The load phase's routes whose `METHOD /path` contains this text (none: all of them). */
  route?: string;
};

const defaults: Omit<BenchOptions, 'only' | 'soak' | 'model'> = { connections: 10, seconds: 5, initRuns: 5, minutes: 10 };

export function benchOptions(args: string[]): BenchOptions {
  const options: BenchOptions = { ...defaults, only: [], soak: false, model: false };
  for (const arg of args) {
    if (arg === '--soak' || arg === '--model') {
      options[arg === '--soak' ? 'soak' : 'model'] = true;
      continue;
    }
    if (arg.startsWith('--shards=') || arg.startsWith('--route=')) {
      const [flag, value] = [arg.slice(2, arg.indexOf('=')) as 'shards' | 'route', arg.slice(arg.indexOf('=') + 1)];
      if (value === '') throw new Error(`${arg}: needs a value`);
      options[flag] = value;
      continue;
    }
    const flag = /^--(connections|seconds|init-runs|minutes)=(\d+(?:\.\d+)?)$/.exec(arg);
    if (flag) {
      const value = Number(flag[2]);
      if (!(value > 0)) throw new Error(`${arg}: must be a positive number`);
      const name = flag[1] === 'init-runs' ? 'initRuns' : (flag[1] as 'connections' | 'seconds' | 'minutes');
      options[name] = name === 'connections' || name === 'initRuns' ? Math.round(value) : value;
      continue;
    }
    if (arg.startsWith('-')) throw new Error(`Unknown option ${arg}; see bench/options.ts`);
    options.only.push(arg);
  }
  return options;
}
