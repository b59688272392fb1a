import { invalidRequest } from './errors.js';

/** The version whose object shapes the sandbox serves (stripe-node 23.1.0's pinned version). */
export const SANDBOX_API_VERSION = '2026-10-28.endive';

/**
 * API versions Stripe has released, as stripe-node's CHANGELOG records them ("pinned API
 * version" entries, node_modules/stripe/CHANGELOG.md of stripe@23.1.0). Since 2024-09-30
 * a version is `<date>.<release name>`; each release also has a `<date>.preview` for
 * preview APIs (v2). Older versions are plain dates.
 */
const RELEASES = [
  '2024-09-30.acacia', '2024-10-28.acacia', '2024-11-20.acacia', '2024-12-18.acacia', '2025-01-27.acacia', '2025-02-24.acacia',
  '2025-03-31.basil', '2025-04-30.basil', '2025-05-28.basil', '2025-06-30.basil', '2025-07-30.basil', '2025-08-27.basil',
  '2025-09-30.clover', '2025-10-29.clover', '2025-11-17.clover', '2025-12-15.clover', '2026-01-28.clover', '2026-02-25.clover',
  '2026-03-25.dahlia', '2026-04-22.dahlia', '2026-05-27.dahlia', '2026-06-24.dahlia', '2026-07-29.dahlia', '2026-08-26.dahlia',
  '2026-09-30.endive', '2026-10-28.endive',
] as const;
const LEGACY = ['2020-03-02', '2020-08-27', '2022-08-01', '2022-11-15', '2023-08-16', '2023-10-16', '2024-04-10', '2024-06-20'] as const;

const KNOWN = new Set<string>([...RELEASES, ...RELEASES.map((r) => `${r.slice(0, 10)}.preview`), ...LEGACY]);

const SHAPE = /^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/;

/**
 * A `Stripe-Version` the sandbox accepts (and echoes), or Stripe's 400 for a
 * malformed or unknown one. Objects always have the shape of SANDBOX_API_VERSION.
 */
export function checkApiVersion(header: string | string[] | undefined): string {
  if (header === undefined) return SANDBOX_API_VERSION;
  const value = Array.isArray(header) ? header.join(',') : header.trim();
  if (SHAPE.test(value) && KNOWN.has(value)) return value;
  const shown = value.replace(/[^\x20-\x7e]/g, '?').slice(0, 60);
  throw invalidRequest(
    SHAPE.test(value)
      ? `Invalid Stripe API version: ${shown}. That version does not exist; this sandbox serves ${SANDBOX_API_VERSION} and accepts the versions Stripe has released since 2020.`
      : `Invalid Stripe API version: ${shown}. A version looks like ${SANDBOX_API_VERSION}.`,
  );
}
