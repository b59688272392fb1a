/**
 * Compares what a business knows about a person with the owners a bank reports
 * for an account (fraud checks before debiting, KYC). Values are normalised
 * first — case, accents, punctuation, spacing, phone formats, address
 * abbreviations and state names — so only real differences count.
 */
import { editDistance } from '../similar.js';

export type FieldResult = 'match' | 'partial' | 'no_match' | 'no_data';
export type Verdict = 'match' | 'partial' | 'no_match' | 'no_data';
export type Field = 'name' | 'email' | 'phone' | 'address';
export const FIELDS: readonly Field[] = ['name', 'email', 'phone', 'address'];

export type Known = Partial<Record<Field, string | null | undefined>>;

/** The owner fields this needs; a stripe-node AccountOwner fits. */
export interface OwnerLike {
  name: string | null;
  email: string | null;
  phone: string | null;
  raw_address: string | null;
}

export interface FieldCheck {
  field: Field;
  given: string;
  /** The owner's value as the bank gave it. */
  bank: string | null;
  result: FieldResult;
}

export interface OwnerCheck {
  /** Index in the owners list. */
  owner: number;
  fields: FieldCheck[];
  verdict: Verdict;
}

// ---------------------------------------------------------------------------
// Names

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'jr', 'sr', 'ii', 'iii', 'iv', 'esq', 'phd', 'md']);

function basic(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** `Rosen, Jenny A.` → ['jenny', 'a', 'rosen']: "Last, First" is turned round, titles and suffixes dropped. */
export function nameTokens(value: string): string[] {
  let v = basic(value).trim();
  const comma = v.indexOf(',');
  if (comma > 0) {
    const after = v.slice(comma + 1).trim();
    // "Rosen, Jenny" but not "Jenny Rosen, Jr."
    if (after && !TITLES.has(after.replace(/[^a-z]/g, ''))) v = `${after} ${v.slice(0, comma)}`;
  }
  return v
    .replace(/['’.]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((t) => t !== '' && !TITLES.has(t));
}

/** A first name written differently but plausibly the same: an initial, a short form, one typo. */
function sameGivenName(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length === 1 || b.length === 1) return a[0] === b[0];
  if (a.length >= 3 && b.length >= 3 && (a.startsWith(b) || b.startsWith(a))) return true;
  return Math.min(a.length, b.length) >= 5 && editDistance(a, b) <= 1;
}

export function compareNames(given: string, bank: string): FieldResult {
  const a = nameTokens(given);
  const b = nameTokens(bank);
  if (a.length === 0 || b.length === 0) return 'no_data';
  const sorted = (xs: string[]) => [...xs].sort().join(' ');
  if (sorted(a) === sorted(b)) return 'match';
  // Same family name, and a compatible first name: a middle name or an initial missing, "Jen" for "Jenny".
  const lastA = a[a.length - 1]!;
  const lastB = b[b.length - 1]!;
  const surname = lastA === lastB || (Math.min(lastA.length, lastB.length) >= 5 && editDistance(lastA, lastB) <= 1);
  if (surname && (a.length === 1 || b.length === 1 || sameGivenName(a[0]!, b[0]!))) return 'partial';
  return 'no_match';
}

// ---------------------------------------------------------------------------
// Email

export function compareEmails(given: string, bank: string): FieldResult {
  const a = given.trim().toLowerCase();
  const b = bank.trim().toLowerCase();
  if (!a || !b) return 'no_data';
  if (a === b) return 'match';
  // The same mailbox written another way: a +tag, dots in the local part.
  const mailbox = (e: string) => {
    const at = e.lastIndexOf('@');
    if (at < 1) return e;
    return `${e.slice(0, at).replace(/\+.*$/, '').replace(/\./g, '')}@${e.slice(at + 1)}`;
  };
  return mailbox(a) === mailbox(b) ? 'partial' : 'no_match';
}

// ---------------------------------------------------------------------------
// Phone

/**
 * Digits with the country code, E.164 style without the `+`: `(415) 555-0142`,
 * `415.555.0142` and `+1 415 555 0142` are all `14155550142`. Numbers without a
 * country code are taken as North American when they have ten digits.
 */
export function normalizePhone(value: string): string {
  const main = value.replace(/\s*(?:ext\.?|extension|x|#)\s*\d+\s*$/i, '');
  const plus = main.trim().startsWith('+');
  let digits = main.replace(/\D/g, '');
  if (!plus && digits.startsWith('00')) digits = digits.slice(2);
  else if (!plus && digits.length === 10) digits = `1${digits}`;
  return digits;
}

export function comparePhones(given: string, bank: string): FieldResult {
  const a = normalizePhone(given);
  const b = normalizePhone(bank);
  if (a.length < 7 || b.length < 7) return a && b && a === b ? 'match' : 'no_data';
  if (a === b) return 'match';
  // The same national number under a different or missing country code.
  return a.slice(-10) === b.slice(-10) && a.length >= 10 && b.length >= 10 ? 'partial' : 'no_match';
}

// ---------------------------------------------------------------------------
// Addresses

const STREET_WORDS: Record<string, string> = {
  street: 'st', str: 'st', avenue: 'ave', av: 'ave', road: 'rd', boulevard: 'blvd', drive: 'dr', lane: 'ln', court: 'ct',
  place: 'pl', square: 'sq', terrace: 'ter', circle: 'cir', parkway: 'pkwy', highway: 'hwy', expressway: 'expy', freeway: 'fwy',
  trail: 'trl', way: 'way', alley: 'aly', center: 'ctr', centre: 'ctr', plaza: 'plz', point: 'pt', crossing: 'xing', heights: 'hts',
  mount: 'mt', fort: 'ft', suite: 'ste', apartment: 'apt', unit: 'unit', floor: 'fl', building: 'bldg', room: 'rm',
  department: 'dept', north: 'n', south: 's', east: 'e', west: 'w', northeast: 'ne', northwest: 'nw', southeast: 'se', southwest: 'sw',
};

const STATES: Record<string, string> = {
  alabama: 'al', alaska: 'ak', arizona: 'az', arkansas: 'ar', california: 'ca', colorado: 'co', connecticut: 'ct', delaware: 'de',
  'district of columbia': 'dc', florida: 'fl', georgia: 'ga', hawaii: 'hi', idaho: 'id', illinois: 'il', indiana: 'in', iowa: 'ia',
  kansas: 'ks', kentucky: 'ky', louisiana: 'la', maine: 'me', maryland: 'md', massachusetts: 'ma', michigan: 'mi', minnesota: 'mn',
  mississippi: 'ms', missouri: 'mo', montana: 'mt', nebraska: 'ne', nevada: 'nv', 'new hampshire': 'nh', 'new jersey': 'nj',
  'new mexico': 'nm', 'new york': 'ny', 'north carolina': 'nc', 'north dakota': 'nd', ohio: 'oh', oklahoma: 'ok', oregon: 'or',
  pennsylvania: 'pa', 'rhode island': 'ri', 'south carolina': 'sc', 'south dakota': 'sd', tennessee: 'tn', texas: 'tx', utah: 'ut',
  vermont: 'vt', virginia: 'va', washington: 'wa', 'west virginia': 'wv', wisconsin: 'wi', wyoming: 'wy', 'puerto rico': 'pr',
};

const COUNTRY_TAILS = ['united states of america', 'united states', 'usa', 'us'];

export interface AddressParts {
  tokens: string[];
  number?: string;
  /** Street name and type, e.g. `townsend st`. */
  street: string;
  unit?: string;
  zip?: string;
  state?: string;
}

/** `510 Townsend Street, Apt #4, San Francisco, California 94103-1234, USA` → tokens `510 townsend st apt 4 san francisco ca 94103`. */
export function normalizeAddress(value: string): AddressParts {
  let v = basic(value)
    .replace(/\b(apt|apartment|unit|ste|suite)\s*#\s*/g, '$1 ')
    .replace(/#\s*/g, ' apt ')
    .replace(/[.,;:'’]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  for (const tail of COUNTRY_TAILS) {
    if (v.endsWith(` ${tail}`)) {
      v = v.slice(0, -tail.length - 1).trim();
      break;
    }
  }
  // Multi-word state names first, so "new york" becomes one code; only before a ZIP or at the end, not "Washington Ave".
  v = ` ${v} `;
  for (const [name, code] of Object.entries(STATES).sort((a, b) => b[0].length - a[0].length)) {
    v = v.replace(new RegExp(` ${name} (?=\\d{5}|$)`, 'g'), ` ${code} `);
  }
  const tokens = v
    .replace(/\b(\d{5})-\d{4}\b/g, '$1')
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter(Boolean)
    .map((t) => STREET_WORDS[t] ?? t);
  const zip = [...tokens].reverse().find((t) => /^\d{5}$/.test(t));
  const stateCodes = new Set(Object.values(STATES));
  const zipAt = zip ? tokens.lastIndexOf(zip) : -1;
  const state = zipAt > 0 && stateCodes.has(tokens[zipAt - 1]!) ? tokens[zipAt - 1] : undefined;
  const number = /^\d+[a-z]?$/.test(tokens[0] ?? '') ? tokens[0] : undefined;
  const unitAt = tokens.findIndex((t, i) => i > 0 && (t === 'apt' || t === 'ste' || t === 'unit'));
  const unit = unitAt > 0 && tokens[unitAt + 1] ? tokens[unitAt + 1] : undefined;
  // The street runs from after the number to the first street type (st, ave…) or unit.
  const types = new Set(['st', 'ave', 'rd', 'blvd', 'dr', 'ln', 'ct', 'pl', 'sq', 'ter', 'cir', 'pkwy', 'hwy', 'expy', 'fwy', 'trl', 'way', 'aly', 'plz', 'xing']);
  const from = number ? 1 : 0;
  let to = tokens.findIndex((t, i) => i > from && types.has(t));
  if (to < 0) to = unitAt > 0 ? unitAt - 1 : Math.min(tokens.length - 1, from + 1);
  const street = tokens.slice(from, to + 1).join(' ');
  return { tokens, number, street, unit, zip, state };
}

export function compareAddresses(given: string, bank: string): FieldResult {
  const a = normalizeAddress(given);
  const b = normalizeAddress(bank);
  if (a.tokens.length === 0 || b.tokens.length === 0) return 'no_data';
  if (a.tokens.join(' ') === b.tokens.join(' ')) return 'match';
  const sameStreet = a.number !== undefined && a.number === b.number && a.street === b.street;
  const conflict = (x?: string, y?: string) => x !== undefined && y !== undefined && x !== y;
  if (sameStreet && !conflict(a.unit, b.unit) && !conflict(a.zip, b.zip) && !conflict(a.state, b.state)) {
    // What one side leaves out (a unit, the city, the ZIP) the other may add: every given word is there.
    const shorter = a.tokens.length <= b.tokens.length ? a.tokens : b.tokens;
    const longer = new Set(a.tokens.length <= b.tokens.length ? b.tokens : a.tokens);
    return shorter.every((t) => longer.has(t)) ? 'match' : 'partial';
  }
  if (sameStreet || (a.zip !== undefined && a.zip === b.zip && a.number !== undefined && a.number === b.number)) return 'partial';
  return 'no_match';
}

// ---------------------------------------------------------------------------
// Verdicts

const COMPARE: Record<Field, (given: string, bank: string) => FieldResult> = {
  name: compareNames,
  email: compareEmails,
  phone: comparePhones,
  address: compareAddresses,
};

const BANK_FIELD: Record<Field, keyof OwnerLike> = { name: 'name', email: 'email', phone: 'phone', address: 'raw_address' };

export function checkField(field: Field, given: string, owner: OwnerLike): FieldCheck {
  const bank = owner[BANK_FIELD[field]];
  const result = bank === null || bank.trim() === '' ? 'no_data' : COMPARE[field](given, bank);
  return { field, given, bank, result };
}

/**
 * `match` when every field the bank has data for matches (and there is at least
 * one); any mismatch makes it `no_match`; otherwise `partial`, or `no_data`
 * when nothing could be compared.
 */
export function verdictOf(fields: readonly FieldCheck[]): Verdict {
  const compared = fields.filter((f) => f.result !== 'no_data');
  if (compared.length === 0) return 'no_data';
  if (compared.some((f) => f.result === 'no_match')) return 'no_match';
  if (compared.some((f) => f.result === 'partial')) return 'partial';
  return 'match';
}

const RANK: Record<Verdict, number> = { match: 3, partial: 2, no_match: 1, no_data: 0 };
const SCORE: Record<FieldResult, number> = { match: 2, partial: 1, no_data: 0, no_match: -2 };

/**
 * Checks the known details against every owner (a joint account has several)
 * and returns the owner that fits best: one person must match on all fields, a
 * name from one owner and a phone from another do not add up.
 */
export function verifyOwner(known: Known, owners: readonly OwnerLike[]): { best: OwnerCheck | null; all: OwnerCheck[] } {
  const given = FIELDS.filter((f) => typeof known[f] === 'string' && known[f]!.trim() !== '');
  const all = owners.map((o, i) => {
    const fields = given.map((f) => checkField(f, known[f]!, o));
    return { owner: i, fields, verdict: verdictOf(fields) };
  });
  const score = (c: OwnerCheck) => RANK[c.verdict] * 100 + c.fields.reduce((s, f) => s + SCORE[f.result], 0);
  const best = all.reduce<OwnerCheck | null>((b, c) => (b === null || score(c) > score(b) ? c : b), null);
  return { best, all };
}
