import { randomUUID } from 'node:crypto';
import type { Context, ScheduledEvent } from 'aws-lambda';
import type { Logger } from '../../shared/logger.ts';
import { schedules } from '../../shared/routes.ts';
import { functionEntryExists, loadHandler } from './function-entries.ts';
import { lambdaContext } from './lambda-context.ts';
import { invokeAsync } from './async-invoke.ts';
import type { LocalDeadLetters } from './dead-letters.ts';

/**
 * The EventBridge schedules of the stack, played by timers: each scheduled function gets the Scheduled
 * Event EventBridge would send, every `everyMinutes`, as an asynchronous invocation: a run that throws is
 * retried twice and then its event is dead-lettered (infra/local/async-invoke.ts), as in the stack; it is
 * never thrown, so one bad run cannot stop the local stack.
 */
export type ScheduleName = (typeof schedules)[number]['name'];

type ScheduledHandler = (event: ScheduledEvent, context: Context) => Promise<unknown>;

const LOCAL_ACCOUNT_ID = '000000000000';

export function scheduledEvent(name: string, at = new Date()): ScheduledEvent {
  const region = process.env.AWS_REGION ?? 'us-east-1';
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: LOCAL_ACCOUNT_ID,
    // EventBridge stamps whole seconds.
    time: `${at.toISOString().slice(0, 19)}Z`,
    region,
    resources: [`arn:aws:events:${region}:${LOCAL_ACCOUNT_ID}:rule/event-planning-local-${name}`],
    detail: {},
  };
}

function scheduleNamed(name: string) {
  const found = schedules.find((schedule) => schedule.name === name);
  if (!found) throw new Error(`No schedule named "${name}"; the schedules are: ${schedules.map((schedule) => schedule.name).join(', ')}`);
  return found;
}

/** Runs one schedule's function now and returns what it answered; throws what it throws. */
export async function runScheduleNow(name: string): Promise<unknown> {
  const schedule = scheduleNamed(name);
  if (!functionEntryExists(schedule.entry)) throw new Error(`functions/${schedule.entry}/handler.ts does not exist yet`);
  const handler = await loadHandler<ScheduledHandler>(schedule.entry);
  return handler(scheduledEvent(schedule.name), lambdaContext(`event-planning-local-${schedule.entry}`));
}

export type RunningSchedules = { names: string[]; stop: () => void };

export function startSchedules(log: Logger, deadLetters: LocalDeadLetters): RunningSchedules {
  const timers: NodeJS.Timeout[] = [];
  const names: string[] = [];
  for (const schedule of schedules) {
    if (!functionEntryExists(schedule.entry)) {
      log.warn('schedule skipped: its function does not exist yet', { schedule: schedule.name, entry: `functions/${schedule.entry}/handler.ts` });
      continue;
    }
    const tick = async () => {
      const startedAt = Date.now();
      // Throws only when the dead letter could not be written (a full disk).
      const run = await invokeAsync({ target: schedule.entry, event: scheduledEvent(schedule.name), deadLetters, log }).catch((error: Error) => {
        log.error('schedule failed', { schedule: schedule.name, message: error.message });
        return null;
      });
      if (run?.delivered) log.info('schedule ran', { schedule: schedule.name, durationMs: Date.now() - startedAt });
    };
    // unref: the timers alone must not keep a process alive (tests, one-off scripts).
    timers.push(setInterval(() => void tick(), schedule.everyMinutes * 60_000).unref());
    names.push(schedule.name);
  }
  return { names, stop: () => timers.forEach((timer) => clearInterval(timer)) };
}
