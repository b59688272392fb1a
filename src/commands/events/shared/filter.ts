import type { EventFilter } from '../../../api/events.js';
import { UsageError } from '../../../errors.js';
import { checkKnownEventType } from '../../../webhooks/match.js';
import { shown } from '../../shared/validate.js';

const NAME = /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*$/;
const GROUP = /^(?:[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*\.)?\*$/;

/** `--type a.b` / `--type a.*` / `--type a.b,c.d`: checked here, so a typo costs no request. */
export function parseTypeFilter(value: string | undefined): EventFilter {
  if (value === undefined) return {};
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new UsageError('--type needs an event type such as customer.created or financial_connections.account.*.');
  for (const t of items) {
    if (!NAME.test(t) && !GROUP.test(t)) throw new UsageError(`--type must be event types such as customer.created or financial_connections.account.*, got ${shown(t)}.`);
    checkKnownEventType(t, '--type');
  }
  if (items.length === 1) return items[0] === '*' ? {} : { type: items[0] };
  if (items.some((t) => t.includes('*'))) throw new UsageError('--type takes one wildcard group on its own, not in a list (the API takes either one type or a list of exact names).');
  if (items.length > 20) throw new UsageError(`--type takes at most 20 names, got ${items.length}.`);
  return { types: [...new Set(items)] };
}

/** Seconds, decimals allowed: 0.2 to 3600. */
export function parseInterval(value: string | undefined): number {
  const v = (value ?? '2').trim();
  if (!/^\d+(?:\.\d+)?$/.test(v) || Number(v) < 0.2 || Number(v) > 3600) {
    throw new UsageError(`--interval must be a number of seconds from 0.2 to 3600, got ${shown(v)}.`);
  }
  return Number(v);
}
