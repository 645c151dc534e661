// @ts-nocheck
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** Success bodies per CONVENTIONS: {data} for one, {data, meta} for lists. */
export type HttpResult = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string> };

const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult => ({
  statusCode,
  headers: { 'Content-Type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

export const ok = (data: unknown): HttpResult => json(200, { data });

export const created = (data: unknown, location: string): HttpResult => json(201, { data }, { Location: location });

/** A bulk create (guest lists): 201 with what was created and, in `meta`, what happened to the rest. */
export const createdMany = (data: unknown[], meta: Record<string, unknown>, location: string): HttpResult =>
  json(201, { data, meta: { count: data.length, ...meta } }, { Location: location });

export const accepted = (data: unknown): HttpResult => json(202, { data });

export const deleted = (id: string): HttpResult => json(200, { data: { id, deleted: true } });

export const list = (
  data: unknown[],
  meta: { next_cursor: string | null } & Record<string, unknown>,
): HttpResult => json(200, { data, meta: { count: data.length, ...meta } });

export const text = (statusCode: number, body: string, contentType: string): HttpResult => ({
  statusCode,
  headers: { 'Content-Type': contentType },
  body,
});
