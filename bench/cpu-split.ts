import { readdirSync, readFileSync } from 'node:fs';

/**
 * Where a load run's CPU went (issue 15, goal 2): this process's (the local server, the handlers, the SDK
 * and autocannon, or the raw calls' loop and the SDK) and DynamoDB Local's JVM (the emulator the local
 * stack started as a child of this process), in CPU milliseconds per request. Read from /proc, so Linux
 * only; elsewhere the JVM's share is null. On a 2-core machine the two, and whatever else runs, share the
 * cores: a route's latency under load follows the CPU all of them spend per request.
 */
export type CpuSplit = { benchProcessMsPerRequest: number; dynamoDbLocalMsPerRequest: number | null };

/** The CPU time of a process in ms from /proc/<pid>/stat (utime + stime, in clock ticks of 10 ms). */
function processCpuMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** DynamoDB Local's JVM among this process's children, or null (another OS, or emulators reused from elsewhere). */
function dynamoDbLocalPid(): number | null {
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const parent = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
        if (parent === process.pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('DynamoDBLocal')) return Number(entry);
      } catch {
        // A process that ended while the list was read.
      }
    }
  } catch {
    // No /proc.
  }
  return null;
}

/** Starts counting; `stop(requests)` answers the CPU per request since. */
export function startCpuSplit(): { stop: (requests: number) => CpuSplit } {
  const jvm = dynamoDbLocalPid();
  const jvmStart = jvm === null ? null : processCpuMs(jvm);
  const started = process.cpuUsage();
  return {
    stop(requests) {
      const own = process.cpuUsage(started);
      const jvmEnd = jvm === null ? null : processCpuMs(jvm);
      const per = (ms: number) => Math.round((ms / Math.max(1, requests)) * 100) / 100;
      return {
        benchProcessMsPerRequest: per((own.user + own.system) / 1000),
        dynamoDbLocalMsPerRequest: jvmStart === null || jvmEnd === null ? null : per(jvmEnd - jvmStart),
      };
    },
  };
}
