/**
 * The critical path of an event's timeline (the critical path method, CPM), by duration.
 *
 * Definition. Only unfinished items take part: a completed item constrains nothing any more. Each
 * unfinished item takes its duration (see plan.ts `durationMinutes`) and may start once every
 * unfinished item it depends on has finished. Scheduling every item as early as possible from "now"
 * (time 0) gives its earliest start and finish; the planned end is the latest earliest finish. The
 * critical path is a longest chain of dependent unfinished items: following it back to front, each item
 * starts exactly when its predecessor finishes, and its total duration is the planned end. An item's
 * slack is how long it can slip without moving the planned end: latest start minus earliest start, where
 * latest finish is the earliest latest start of the items that depend on it (the planned end if none).
 * Slack is never negative and is zero exactly on critical items. Due dates do not enter the computation:
 * they decide "overdue", which is shown next to the slack, not mixed into it.
 *
 * Durations are whole minutes so the arithmetic is exact (no floating-point ties).
 */
export type PathNode = { id: string; durationMinutes: number; dependsOn: readonly string[] };

export type NodeSchedule = {
  earliestStart: number;
  earliestFinish: number;
  latestStart: number;
  latestFinish: number;
  slack: number;
};

export type CriticalPath = {
  /** First to last; empty when there is nothing unfinished. */
  path: string[];
  /** The planned end: total duration of the path, in minutes. */
  lengthMinutes: number;
  schedule: Map<string, NodeSchedule>;
};

/**
 * A dependency cycle among the nodes, as the ids around it with the first repeated at the end
 * (`[a, b, c, a]`: a depends on b, b on c, c on a), or null when the graph is acyclic. Dependencies on
 * ids that are not nodes are ignored. Iterative depth-first search, so long chains cannot overflow the stack.
 */
export function findCycle(nodes: readonly PathNode[]): string[] | null {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const state = new Map<string, 'open' | 'done'>();
  for (const root of nodes) {
    if (state.has(root.id)) continue;
    const stack: { id: string; next: number }[] = [{ id: root.id, next: 0 }];
    state.set(root.id, 'open');
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as { id: string; next: number };
      const deps = (byId.get(frame.id) as PathNode).dependsOn;
      if (frame.next >= deps.length) {
        state.set(frame.id, 'done');
        stack.pop();
        continue;
      }
      const dep = deps[frame.next] as string;
      frame.next += 1;
      if (!byId.has(dep) || state.get(dep) === 'done') continue;
      if (state.get(dep) === 'open') {
        const start = stack.findIndex((entry) => entry.id === dep);
        return [...stack.slice(start).map((entry) => entry.id), dep];
      }
      state.set(dep, 'open');
      stack.push({ id: dep, next: 0 });
    }
  }
  return null;
}

/** Nodes in an order where every node comes after the nodes it depends on (Kahn's algorithm). */
function topologicalOrder(nodes: readonly PathNode[], byId: Map<string, PathNode>): PathNode[] {
  const remaining = new Map(nodes.map((node) => [node.id, node.dependsOn.filter((dep) => byId.has(dep)).length]));
  const dependents = dependentsOf(nodes, byId);
  const ready = nodes.filter((node) => remaining.get(node.id) === 0);
  const order: PathNode[] = [];
  while (ready.length > 0) {
    const node = ready.shift() as PathNode;
    order.push(node);
    for (const dependent of dependents.get(node.id) ?? []) {
      const left = (remaining.get(dependent) as number) - 1;
      remaining.set(dependent, left);
      if (left === 0) ready.push(byId.get(dependent) as PathNode);
    }
  }
  if (order.length !== nodes.length) throw new Error(`dependency cycle: ${findCycle(nodes)?.join(' -> ')}`);
  return order;
}

function dependentsOf(nodes: readonly PathNode[], byId: Map<string, PathNode>): Map<string, string[]> {
  const dependents = new Map<string, string[]>();
  for (const node of nodes) {
    for (const dep of new Set(node.dependsOn)) {
      if (byId.has(dep)) dependents.set(dep, [...(dependents.get(dep) ?? []), node.id]);
    }
  }
  return dependents;
}

/** The critical path and every node's slack. Throws on a cycle: callers refuse cycles before storing them. */
export function criticalPath(nodes: readonly PathNode[]): CriticalPath {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const order = topologicalOrder(nodes, byId);
  const dependents = dependentsOf(nodes, byId);
  const earliestFinish = new Map<string, number>();
  const earliestStart = new Map<string, number>();
  for (const node of order) {
    const start = Math.max(0, ...node.dependsOn.filter((dep) => byId.has(dep)).map((dep) => earliestFinish.get(dep) as number));
    earliestStart.set(node.id, start);
    earliestFinish.set(node.id, start + node.durationMinutes);
  }
  const end = Math.max(0, ...earliestFinish.values());

  const latestStart = new Map<string, number>();
  const schedule = new Map<string, NodeSchedule>();
  for (const node of [...order].reverse()) {
    const latestFinish = Math.min(end, ...(dependents.get(node.id) ?? []).map((dependent) => latestStart.get(dependent) as number));
    const start = latestFinish - node.durationMinutes;
    latestStart.set(node.id, start);
    const es = earliestStart.get(node.id) as number;
    schedule.set(node.id, { earliestStart: es, earliestFinish: es + node.durationMinutes, latestStart: start, latestFinish, slack: start - es });
  }

  return { path: longestChain(order, byId, earliestStart, earliestFinish, end), lengthMinutes: end, schedule };
}

/**
 * Walks back from an item finishing at the planned end through predecessors that finish exactly when it
 * starts. Ties (several such items) take the earliest in topological order, so the answer is stable.
 */
function longestChain(
  order: PathNode[],
  byId: Map<string, PathNode>,
  earliestStart: Map<string, number>,
  earliestFinish: Map<string, number>,
  end: number,
): string[] {
  let current = order.find((node) => earliestFinish.get(node.id) === end);
  const chain: string[] = [];
  while (current) {
    chain.push(current.id);
    const start = earliestStart.get(current.id) as number;
    const predecessors = current.dependsOn.filter((dep) => byId.has(dep) && earliestFinish.get(dep) === start);
    current = order.find((node) => predecessors.includes(node.id));
  }
  return chain.reverse();
}
