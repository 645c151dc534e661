// @ts-nocheck
import { randomUUID } from 'node:crypto';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import type { HttpEvent } from '../../shared/http/types.ts';
import { routeKey, type RouteDefinition } from '../../shared/routes.ts';

/**
 * The one builder of API Gateway HTTP API (payload format 2.0) events, used by the local server and by
 * the tests' makeHttpEvent, so what the handlers see locally and in tests is what API Gateway sends:
 * lower-cased headers with repeats joined by commas, cookies moved out of the headers into `cookies`,
 * query parameters decoded with repeats joined by commas, a text body as is and a binary one in base64.
 */
export type HttpRequestParts = {
  method: string;
  /** The path as the client sent it, still percent-encoded. */
  rawPath: string;
  /** The query string without its leading `?`. */
  rawQueryString: string;
  /** Header names in any case; a list holds the values of a header sent more than once. */
  headers: Record<string, string | readonly string[] | undefined>;
  body?: Buffer | string;
  sourceIp: string;
  requestId?: string;
  receivedAt?: Date;
};

export type LambdaAuthorizerContext = Record<string, unknown>;

export type GatewayHttpEvent = HttpEvent & {
  requestContext: HttpEvent['requestContext'] & { authorizer?: { lambda: LambdaAuthorizerContext } };
};

/** Local stand-ins for the ids API Gateway puts in every event. */
const LOCAL_ACCOUNT_ID = '000000000000';
const LOCAL_API_ID = 'local';

/** Content types API Gateway HTTP APIs pass through as text; every other body arrives base64-encoded. */
const TEXT_CONTENT_TYPE = /^(text\/|application\/(json|javascript|xml|x-www-form-urlencoded|[\w.+-]+\+(json|xml))\b)/i;

export function isTextContentType(contentType: string | undefined): boolean {
  return TEXT_CONTENT_TYPE.test(contentType?.trim() ?? '');
}

function lowerCaseHeaders(headers: HttpRequestParts['headers']): Record<string, string> {
  const joined: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    joined[name.toLowerCase()] = typeof value === 'string' ? value : value.join(',');
  }
  return joined;
}

/** Repeated keys joined with commas, as API Gateway does in payload 2.0; undefined when there are none. */
export function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    parameters[name] = name in parameters ? `${parameters[name]},${value}` : value;
  }
  return Object.keys(parameters).length > 0 ? parameters : undefined;
}

/** API Gateway's `requestContext.time`: `12/Mar/2020:19:03:58 +0000`. */
function gatewayTime(date: Date): string {
  const [, day, month, year, time] = /^\w+, (\d+) (\w+) (\d+) ([\d:]+)/.exec(date.toUTCString()) ?? [];
  return `${day?.padStart(2, '0')}/${month}/${year}:${time} +0000`;
}

function requestContextFor(route: RouteDefinition, parts: HttpRequestParts, headers: Record<string, string>) {
  const receivedAt = parts.receivedAt ?? new Date();
  const domainName = headers.host ?? 'localhost';
  return {
    accountId: LOCAL_ACCOUNT_ID,
    apiId: LOCAL_API_ID,
    domainName,
    domainPrefix: domainName.split('.')[0] ?? domainName,
    http: {
      method: parts.method,
      path: parts.rawPath,
      protocol: 'HTTP/1.1',
      sourceIp: parts.sourceIp,
      userAgent: headers['user-agent'] ?? '',
    },
    requestId: parts.requestId ?? randomUUID(),
    routeKey: routeKey(route),
    stage: '$default',
    time: gatewayTime(receivedAt),
    timeEpoch: receivedAt.getTime(),
  };
}

export function buildHttpEvent(route: RouteDefinition, pathParameters: Record<string, string>, parts: HttpRequestParts): GatewayHttpEvent {
  const { cookie, ...headers } = lowerCaseHeaders(parts.headers);
  const cookies = cookie?.split(/;\s*/).filter(Boolean);
  const body = parts.body === undefined || parts.body.length === 0 ? undefined : parts.body;
  const asText = isTextContentType(headers['content-type']);
  return {
    version: '2.0',
    routeKey: routeKey(route),
    rawPath: parts.rawPath,
    rawQueryString: parts.rawQueryString,
    ...(cookies?.length ? { cookies } : {}),
    headers,
    queryStringParameters: queryParameters(parts.rawQueryString),
    pathParameters: Object.keys(pathParameters).length > 0 ? pathParameters : undefined,
    requestContext: requestContextFor(route, parts, headers),
    ...(body === undefined
      ? {}
      : { body: asText ? body.toString() : Buffer.from(body).toString('base64') }),
    isBase64Encoded: body !== undefined && !asText,
  };
}

/**
 * The event a REQUEST Lambda authorizer (payload 2.0) receives: the request without its body, plus the
 * identity sources (here the Authorization header) and the ARN of the route being called.
 */
export function buildAuthorizerEvent(event: GatewayHttpEvent, identitySource: string[]): APIGatewayRequestAuthorizerEventV2 {
  const { body: _body, isBase64Encoded: _isBase64Encoded, version, ...request } = event;
  const { method, path } = event.requestContext.http;
  return {
    ...request,
    version,
    type: 'REQUEST',
    routeArn: `arn:aws:execute-api:${process.env.AWS_REGION ?? 'us-east-1'}:${LOCAL_ACCOUNT_ID}:${LOCAL_API_ID}/$default/${method}${path}`,
    identitySource,
    cookies: event.cookies ?? [],
  };
}

/** The request with the authorizer's context, as API Gateway passes it on to the route's function. */
export function withAuthorizerContext(event: GatewayHttpEvent, context: LambdaAuthorizerContext): GatewayHttpEvent {
  return { ...event, requestContext: { ...event.requestContext, authorizer: { lambda: context } } };
}
