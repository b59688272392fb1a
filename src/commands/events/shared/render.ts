import type { StripeEvent } from '../../../api/events.js';
import { formatTimestamp } from '../../../io/format.js';
import type { IO } from '../../../io/io.js';
import { printTable } from '../../../io/render.js';
import { forDisplay } from '../../../io/sanitize.js';

/** The id of the object an event is about (`cus_…`, `fca_…`, `pi_…`). */
export function objectIdOf(e: StripeEvent): string {
  const obj = e.data.object as { id?: unknown };
  return typeof obj.id === 'string' ? obj.id : '—';
}

export function printEventTable(io: IO, events: readonly StripeEvent[]): void {
  events = forDisplay(events);
  printTable(
    io,
    ['ID', 'Type', 'Object', 'Created'],
    events.map((e) => [e.id, e.type, objectIdOf(e), formatTimestamp(e.created)]),
    'No events found.',
  );
}

/** One line per event as it arrives: time, type, object, id. */
export function eventLine(io: IO, e: StripeEvent): string {
  const c = io.color;
  return `${c.dim(formatTimestamp(e.created))}  ${c.bold(e.type)}  ${objectIdOf(e)}  ${c.dim(e.id)}`;
}
