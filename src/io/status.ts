import type { ChalkInstance } from 'chalk';

const GOOD = new Set(['active', 'succeeded', 'posted', 'ok', 'match', 'valid', 'verified']);
const WAITING = new Set(['pending', 'processing', 'inactive', 'requires_payment_method', 'requires_confirmation', 'requires_action', 'requires_capture', 'partial', 'warning', 'no_data']);
const BAD = new Set(['failed', 'canceled', 'disconnected', 'void', 'no_match', 'error', 'revoked']);

/** A status as people see it: green when done or fine, yellow while waiting, red when it ended badly (plain without colour). */
export function statusColor(color: ChalkInstance, status: string): string {
  const key = status.split(/[ :(]/)[0]!;
  if (GOOD.has(key)) return color.green(status);
  if (WAITING.has(key)) return color.yellow(status);
  if (BAD.has(key)) return color.red(status);
  return status;
}
