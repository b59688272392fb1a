import type { RequestContext, Route } from '../context.js';
import { invalidParam } from '../wire/errors.js';

/**
 * Test helpers outside /v1: they exist only in the sandbox, so their names say so.
 * fc reaches them through stripe-node's rawRequest like any other endpoint.
 */
function advanceClock(ctx: RequestContext) {
  const ms = ctx.params.requireInt('ms');
  if (ms < 0) throw invalidParam('ms', 'The sandbox clock only moves forward.');
  ctx.clock.advance(ms);
  return { object: 'sandbox.clock', now: ctx.clock.now(), offset_ms: ctx.clock.offsetMs() };
}

function reset(ctx: RequestContext) {
  ctx.store.reset();
  return { object: 'sandbox.reset', reset: true };
}

function clock(ctx: RequestContext) {
  return { object: 'sandbox.clock', now: ctx.clock.now(), offset_ms: ctx.clock.offsetMs() };
}

/** The most recent requests (`fc sandbox log`), oldest first: persisted ones with --log-requests, else this server's own. */
function requests(ctx: RequestContext) {
  const limit = ctx.params.int('limit') ?? 100;
  if (limit < 1 || limit > 10_000) throw invalidParam('limit', `limit must be between 1 and 10000, got ${limit}.`);
  return { object: 'list', url: '/_sandbox/requests', has_more: false, data: ctx.store.requestLog(limit) };
}

export const helperRoutes: Route[] = [
  { method: 'GET', path: '/_sandbox/requests', handler: requests },
  { method: 'POST', path: '/_sandbox/clock/advance', handler: advanceClock },
  { method: 'GET', path: '/_sandbox/clock', handler: clock },
  { method: 'POST', path: '/_sandbox/reset', handler: reset },
];
