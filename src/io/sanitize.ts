/**
 * Text from data (customer names, descriptions, bank-provided strings, metadata,
 * server error messages) is written by strangers. Before it reaches a person's
 * terminal every control character and escape sequence in it is shown escaped
 * (`\e[31m`, `\n`, `\x07`, `\u202e`), never interpreted, and anything shaped like a
 * secret key is masked. `--json` output never passes through here: it stays exact.
 */

// C0 controls, DEL, C1 controls, and the Unicode bidi/format controls that reorder or hide text.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const HAS_CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

/** `sk_test_…`, `rk_live_…`, `whsec_…` followed by their secret part. */
const SECRET = /\b((?:sk|rk)_(?:test|live)_|whsec_)([A-Za-z0-9+/=_]{4,})/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e', '\b': '\\b', '\f': '\\f', '\v': '\\v', '\0': '\\0' };

function escapeChar(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * The key fc sends a served sandbox when it has none (api/target.ts SANDBOX_KEY; a test holds them
 * equal): public, the
 * same in every fc, and shown whole so `fc sandbox serve`'s hints can be copied.
 */
export const PUBLIC_SANDBOX_KEY = 'sk_test_fcsandbox';

/** `sk_test_…wxyz`: the prefix and the last four characters, as fc shows its own keys. */
export function redactSecrets(text: string): string {
  if (!text.includes('sk_') && !text.includes('rk_') && !text.includes('whsec_')) return text;
  return text.replace(SECRET, (m, prefix: string, secret: string) => (m === PUBLIC_SANDBOX_KEY ? m : `${prefix}…${secret.length > 8 ? secret.slice(-4) : ''}`));
}

/** One value from data, safe to print: every control character escaped, secrets masked. */
export function safeText(text: string): string {
  const escaped = HAS_CONTROL.test(text) ? text.replace(CONTROL, escapeChar) : text;
  return redactSecrets(escaped);
}

/**
 * A deep copy of an API object (or list) with every string, keys included,
 * passed through safeText: what human renderers receive, so no field of it can
 * reach the terminal raw.
 */
export function forDisplay<T>(value: T): T {
  return clean(value, 0) as T;
}

function clean(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return safeText(value);
  if (value === null || typeof value !== 'object' || depth > 20) return value;
  if (Array.isArray(value)) return value.map((v) => clean(v, depth + 1));
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[safeText(k)] = clean(v, depth + 1);
  return out;
}

// fc's own colours are SGR sequences (`ESC [ … m`); everything else starting with ESC, and every other control
// character, is escaped. Lines (`\n`) survive only where the text is fc's own layout (`keepNewlines`).
const SGR = /\u001b\[[0-9;]*m/y;

/**
 * The last guard before a terminal, for text fc composed itself around data:
 * its colours survive, any other control sequence is shown escaped and secrets
 * are masked. Applied by IO to everything written through `out()`/`err()`, and
 * (without newlines) to every table cell.
 */
export function guardTerminal(text: string, keepNewlines = true): string {
  if (!HAS_CONTROL.test(text)) return redactSecrets(text);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\u001b') {
      SGR.lastIndex = i;
      const m = SGR.exec(text);
      if (m) {
        out += m[0];
        i += m[0].length - 1;
        continue;
      }
    }
    if ((ch === '\n' && keepNewlines) || (ch === '\t' && keepNewlines)) {
      out += ch;
      continue;
    }
    out += HAS_CONTROL.test(ch) ? escapeChar(ch) : ch;
  }
  return redactSecrets(out);
}

/** True when the text holds a character metadata and other single-line input may not contain. */
export function hasControl(text: string): boolean {
  return HAS_CONTROL.test(text);
}
