import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { deliveryLine } from '../../../src/commands/sandbox/shared/webhook-log.js';
import { createIO } from '../../../src/io/io.js';

const io = createIO({ stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: { NO_COLOR: '1' } });
type Delivered = Parameters<typeof deliveryLine>[1];

describe('sandbox delivery line', () => {
  it('says when the next retry is in the same 24-hour HH:MM:SS as the line starts with', () => {
    const nextAt = new Date(2026, 10, 27, 16, 13, 55).getTime();
    const d = {
      event: { id: 'evt_1', type: 'customer.created' },
      endpoint: { id: 'we_1' },
      attempt: 7,
      nextAt,
      result: { ok: false, status: 500, error: null, ms: 3 },
    } as unknown as Delivered;
    const text = deliveryLine(io, d);
    expect(text).toMatch(/^\d\d:\d\d:\d\d {2}customer\.created {2}evt_1 {2}→ 500 {2}3ms {2}to we_1; retry 8 at 16:13:55$/);
  });
});
