// @ts-nocheck
import { routes as routeTable, type HttpMethod, type RouteDefinition } from '../../shared/routes.ts';

/**
 * Finds the route of the table for a request the way API Gateway HTTP APIs do: the method and the path
 * template must both match, and when several templates match a path the most specific one wins
 * (a literal segment beats a `{param}`, which beats a greedy `{param+}`).
 */
export type RouteMatch = { route: RouteDefinition; pathParameters: Record<string, string> };

export type RouteLookup =
  | { kind: 'found'; match: RouteMatch }
  /** The path is known but not for this method; `allowed` lists the methods that are. */
  | { kind: 'wrong-method'; allowed: HttpMethod[] }
  | { kind: 'unknown-path' };

type Segment = { literal: string } | { param: string; greedy: boolean };

const parsedTemplates = new Map<string, Segment[]>();

function segmentsOf(template: string): Segment[] {
  let segments = parsedTemplates.get(template);
  if (!segments) {
    segments = template
      .split('/')
      .slice(1)
      .map((part): Segment => {
        const param = /^\{(\w+)(\+?)\}$/.exec(part);
        return param ? { param: param[1] as string, greedy: param[2] === '+' } : { literal: part };
      });
    parsedTemplates.set(template, segments);
  }
  return segments;
}

/** The path parameters (URL-decoded, as API Gateway passes them) when `path` fits the template, else null. */
export function matchPath(template: string, path: string): Record<string, string> | null {
  const templateSegments = segmentsOf(template);
  const pathSegments = path.split('/').slice(1);
  const parameters: Record<string, string> = {};
  for (const [index, segment] of templateSegments.entries()) {
    if ('literal' in segment) {
      if (pathSegments[index] !== segment.literal) return null;
      continue;
    }
    const raw = segment.greedy ? pathSegments.slice(index).join('/') : pathSegments[index];
    if (!raw) return null;
    const decoded = safeDecode(raw);
    if (decoded === null) return null;
    parameters[segment.param] = decoded;
    if (segment.greedy) return parameters;
  }
  return templateSegments.length === pathSegments.length ? parameters : null;
}

function safeDecode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    // A malformed escape (`%E0%A4%A`) cannot name anything in the table.
    return null;
  }
}

/** Higher is more specific: literal segments count most, then plain parameters, greedy last. */
function specificity(template: string): number[] {
  return segmentsOf(template).map((segment) => ('literal' in segment ? 2 : segment.greedy ? 0 : 1));
}

function moreSpecificFirst(left: RouteDefinition, right: RouteDefinition): number {
  const a = specificity(left.path);
  const b = specificity(right.path);
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    const difference = (b[index] ?? -1) - (a[index] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}

export function findRoute(
  method: string,
  path: string,
  routes: readonly RouteDefinition[] = routeTable,
): RouteLookup {
  const candidates = routes
    .map((route) => ({ route, pathParameters: matchPath(route.path, path) }))
    .filter((candidate): candidate is RouteMatch => candidate.pathParameters !== null)
    .sort((left, right) => moreSpecificFirst(left.route, right.route));
  const found = candidates.find((candidate) => candidate.route.method === method);
  if (found) return { kind: 'found', match: found };
  if (candidates.length === 0) return { kind: 'unknown-path' };
  return { kind: 'wrong-method', allowed: [...new Set(candidates.map((candidate) => candidate.route.method))] };
}

/** A concrete path for a template, for probes and tests: every `{param}` becomes `value`. */
export const fillPath = (template: string, value: string): string =>
  template.replace(/\{\w+\+?\}/g, encodeURIComponent(value));
