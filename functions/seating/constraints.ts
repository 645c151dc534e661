import { loadEventAccess } from '#shared/data/events/access.ts';
import { readSettings, saveConstraints } from '#shared/data/seating/tables.ts';
import type { SeatingSettings } from '#shared/data/seating/tables.ts';
import { VersionConflictError } from '#shared/http/errors.ts';
import { operation } from '#shared/http/group.ts';
import { expectedVersion } from '#shared/http/if-match.ts';
import { ok } from '#shared/http/responses.ts';
import { idParam } from '#shared/schemas/common.ts';
import { constraintsBody } from '#shared/schemas/seating.ts';

/**
 * The event's seating constraints (docs/seating.md): "together" and "apart" lists of guests, kept whole on
 * one settings item and replaced whole under its version. A party is kept together without a constraint.
 */
const presentConstraints = (eventId: string, settings: Pick<SeatingSettings, 'constraints' | 'version'>) => ({ event_id: eventId, constraints: settings.constraints, version: settings.version });

/** GET /api/events/{id}/seating/constraints */
export const getSeatingConstraints = operation({
  params: idParam,
  session: 'with-first-read',
  handle: async ({ params, caller }) => {
    await loadEventAccess(caller, params.id, 'guests', 'read');
    return ok(presentConstraints(params.id, await readSettings(params.id)));
  },
});

/** PUT /api/events/{id}/seating/constraints: the whole list, at the version read (If-Match or `version`). */
export const updateSeatingConstraints = operation({
  params: idParam,
  body: constraintsBody,
  session: 'with-first-read',
  handle: async ({ params, body, caller, request }) => {
    await loadEventAccess(caller, params.id, 'guests', 'write');
    const current = await readSettings(params.id);
    const expected = expectedVersion(request.headers, body.version) ?? current.version;
    if (expected !== current.version) throw new VersionConflictError();
    if (!(await saveConstraints(params.id, body.constraints, current.version, caller.userId))) throw new VersionConflictError();
    return ok(presentConstraints(params.id, { constraints: body.constraints, version: current.version + 1 }));
  },
});
