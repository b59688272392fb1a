import { describe, expect, it } from 'vitest';
import { stringify } from 'csv-stringify/sync';
import { csvCell, csvLine } from '../../../src/io/csv.js';

// Long exports write records with csvLine; short lists and the stripe-node baseline use csv-stringify.
// A file must not depend on which one wrote it.
describe('csvLine', () => {
  const hostile = [
    '',
    'plain',
    'comma, inside',
    'a "quoted" word',
    '"',
    '""',
    'line\nbreak',
    'carriage\rreturn',
    'crlf\r\n',
    ' leading and trailing spaces ',
    "'=SUM(A1:A9)",
    'tab\there',
    'unicode: café ☕ 𝄞',
    'semicolon; pipe | backslash \\',
  ];
  const numbers = [0, -0, 12, -785, 1234567890123, 0.5, -1.25];

  it('writes every text field as csv-stringify does', () => {
    for (const v of hostile) {
      expect(csvLine([v, 'x'])).toBe(stringify([[v, 'x']]));
      expect(csvLine(['x', v])).toBe(stringify([['x', v]]));
    }
  });

  it('writes numbers as csv-stringify does', () => {
    for (const n of numbers) expect(csvLine([n, 'usd'])).toBe(stringify([[n, 'usd']]));
  });

  it('writes a whole record of cells made safe for spreadsheets as csv-stringify does', () => {
    const row = ['fctxn_1', '2026-01-31T18:04:05Z', '=HYPERLINK("http://x")', -785, '-$7.85', 'usd', 'posted'].map((v) => csvCell(v));
    expect(csvLine(row)).toBe(stringify([row]));
    expect(csvLine(row)).toBe('fctxn_1,2026-01-31T18:04:05Z,"\'=HYPERLINK(""http://x"")",-785,-$7.85,usd,posted\n');
  });
});
