// @ts-nocheck
import { idParam } from '../schemas/common.ts';
import { deletedBody } from './envelopes.ts';
import type { OperationContract, RequestBodyContract, SuccessContract } from './operation-contract.ts';

/** The usual description of a partial update body (a PATCH-like PUT). */
export const PARTIAL_UPDATE_NOTE = 'Every field optional; null clears an optional one';

/** A change to one resource by id, under its version check (If-Match or `version`), answering 200 with it. */
export const versionedUpdate = (body: RequestBodyContract, answer: SuccessContract): OperationContract => ({
  params: idParam,
  body,
  ifMatch: true,
  responses: { 200: answer },
});

/** A delete of one resource by id, under its version check, answering `{data: {id, deleted}}`; `description` says what goes with it. */
export const versionedDelete = (description: string): OperationContract => ({
  params: idParam,
  ifMatch: true,
  responses: { 200: { description, schema: deletedBody } },
});
