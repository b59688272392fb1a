import type { IO } from '../io/io.js';
import type { DeliveryResult } from './deliver.js';

/** HH:MM:SS, 24-hour, as every delivery line starts (the locale's format would say 4:13:55 PM beside 16:09:39). */
export function clockTime(d: Date): string {
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** One line per delivery, for people: time, event type, id, the receiver's answer and latency. */
export function deliveryLine(io: IO, d: { at: Date; type: string; id: string; result: DeliveryResult; note?: string }): string {
  const c = io.color;
  const r = d.result;
  const answer = r.status !== null ? (r.ok ? c.green(String(r.status)) : c.red(String(r.status))) : c.red(r.error ?? 'no answer');
  return `${c.dim(clockTime(d.at))}  ${c.bold(d.type)}  ${c.dim(d.id)}  → ${answer}  ${r.ms}ms${d.note ? `  ${c.dim(d.note)}` : ''}`;
}
