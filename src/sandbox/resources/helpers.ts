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

export const helperRoutes: Route[] = [
  { method: 'POST', path: '/_sandbox/clock/advance', handler: advanceClock },
  { method: 'GET', path: '/_sandbox/clock', handler: clock },
  { method: 'POST', path: '/_sandbox/reset', handler: reset },
];
