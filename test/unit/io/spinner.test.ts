import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createIO } from '../../../src/io/io.js';

function bufferIO() {
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const io = createIO({ stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: {} });
  return { io, err: () => err };
}

describe('spinner off a TTY', () => {
  it('prints plain lines, one per change of text, then the final line', () => {
    const { io, err } = bufferIO();
    const s = io.spinner('Refreshing balance of fca_1…');
    s.update('Refreshing balance of fca_1…');
    s.update('Waiting for balance of fca_1…');
    s.update('Waiting for balance of fca_1…');
    s.succeed('Refreshed balance of fca_1');
    s.update('after the end');
    s.fail('ignored');
    expect(err()).toBe('Refreshing balance of fca_1…\nWaiting for balance of fca_1…\nRefreshed balance of fca_1\n');
  });

  it('stop ends quietly', () => {
    const { io, err } = bufferIO();
    const s = io.spinner('Working…');
    s.stop();
    s.succeed('done');
    expect(err()).toBe('Working…\n');
  });
});
