import { describe, expect, it } from 'vitest';
import {
  compareAddresses,
  compareEmails,
  compareNames,
  comparePhones,
  nameTokens,
  normalizeAddress,
  normalizePhone,
  verdictOf,
  verifyOwner,
  type OwnerLike,
} from '../../../src/owners/verify.js';

// The sandbox's checking-account owner (src/sandbox/bank/institutions.ts).
const JENNY: OwnerLike = { name: 'Jenny Rosen', email: 'jenny.rosen@example.com', phone: '+1 415-555-0142', raw_address: '510 Townsend St, San Francisco, CA 94103, US' };
const MATEO: OwnerLike = { name: 'Mateo Rosen', email: 'mateo.rosen@example.com', phone: '+1 415-555-0178', raw_address: '510 Townsend St, San Francisco, CA 94103, US' };

describe('names', () => {
  it.each([
    ['jenny rosen', 'match'],
    ['JENNY ROSEN', 'match'],
    ['  Jenny   Rosen ', 'match'],
    ['Rosen, Jenny', 'match'],
    ['Ms. Jenny Rosen', 'match'],
    ['Jénny Rosen', 'match'],
    ['Jenny A. Rosen', 'partial'],
    ['J. Rosen', 'partial'],
    ['Jen Rosen', 'partial'],
    ['Jenny Rossen', 'partial'],
    ['Mateo Rosen', 'no_match'],
    ['Jenny Smith', 'no_match'],
    ['John Doe', 'no_match'],
  ] as const)('%s vs Jenny Rosen → %s', (given, expected) => {
    expect(compareNames(given, 'Jenny Rosen')).toBe(expected);
  });

  it('keeps suffixes out of the way', () => {
    expect(nameTokens('Rosen, Jenny')).toEqual(['jenny', 'rosen']);
    expect(nameTokens('Jenny Rosen, Jr.')).toEqual(['jenny', 'rosen']);
    expect(nameTokens("Dr. Mary O'Brien-Smith")).toEqual(['mary', 'obrien', 'smith']);
  });
});

describe('emails', () => {
  it('ignores case and spacing; a plus tag or dots are the same mailbox, partly', () => {
    expect(compareEmails(' Jenny.Rosen@Example.com ', 'jenny.rosen@example.com')).toBe('match');
    expect(compareEmails('jennyrosen+bank@example.com', 'jenny.rosen@example.com')).toBe('partial');
    expect(compareEmails('jenny@example.com', 'jenny.rosen@example.com')).toBe('no_match');
  });
});

describe('phones', () => {
  it('normalises formats to E.164-style digits', () => {
    for (const p of ['+1 415-555-0142', '(415) 555-0142', '415.555.0142', '4155550142', '1-415-555-0142', '+1 (415) 555 0142 ext. 12', '001 415 555 0142']) {
      expect(normalizePhone(p), p).toBe('14155550142');
    }
    expect(normalizePhone('+44 20 7946 0958')).toBe('442079460958');
  });

  it('matches, partly matches across country codes, or not', () => {
    expect(comparePhones('(415) 555-0142', '+1 415-555-0142')).toBe('match');
    expect(comparePhones('+44 415 555 0142', '+1 415-555-0142')).toBe('partial');
    expect(comparePhones('415-555-0178', '+1 415-555-0142')).toBe('no_match');
    expect(comparePhones('12', '+1 415-555-0142')).toBe('no_data');
  });
});

describe('addresses', () => {
  it('normalises abbreviations, state names, ZIP plus 4 and the country', () => {
    expect(normalizeAddress('510 Townsend Street, San Francisco, California 94103-1234, United States').tokens.join(' ')).toBe('510 townsend st san francisco ca 94103');
    expect(normalizeAddress('12 W. 3rd Avenue Apt #4B, New York, New York 10011').tokens.join(' ')).toBe('12 w 3rd ave apt 4b new york ny 10011');
    expect(normalizeAddress('99 Main St # 7, Springfield, IL 62701')).toMatchObject({ number: '99', street: 'main st', unit: '7', zip: '62701', state: 'il' });
  });

  it.each([
    ['510 Townsend Street, San Francisco, CA 94103', 'match'],
    ['510 townsend st san francisco california 94103 usa', 'match'],
    ['510 Townsend St', 'match'],
    ['510 Townsend St Apt 2, San Francisco, CA 94103', 'match'],
    ['510 Townsend St, San Francisco, CA 94107', 'partial'],
    ['512 Townsend St, San Francisco, CA 94103', 'no_match'],
    ['1 Market St, San Francisco, CA 94105', 'no_match'],
  ] as const)('%s → %s', (given, expected) => {
    expect(compareAddresses(given, JENNY.raw_address!)).toBe(expected);
  });

  it('a different unit in the same building is partial', () => {
    expect(compareAddresses('10 Elm Ave Apt 1, Boston, MA 02110', '10 Elm Avenue, Apartment 2, Boston, Massachusetts 02110')).toBe('partial');
    expect(compareAddresses('10 Elm Ave Apt 2, Boston, MA 02110', '10 Elm Avenue, Apartment 2, Boston, Massachusetts 02110')).toBe('match');
  });
});

describe('verdicts', () => {
  it('match needs every compared field to match; fields the bank lacks are no_data and do not count', () => {
    const r = verifyOwner({ name: 'jenny rosen', phone: '4155550142' }, [{ ...JENNY, phone: null }]);
    expect(r.best!.fields.map((f) => [f.field, f.result])).toEqual([
      ['name', 'match'],
      ['phone', 'no_data'],
    ]);
    expect(r.best!.verdict).toBe('match');
    expect(verdictOf([])).toBe('no_data');
    expect(verifyOwner({ phone: '4155550142' }, [{ ...JENNY, phone: null }]).best!.verdict).toBe('no_data');
    expect(verifyOwner({ name: 'jenny rosen', email: 'someone@else.com' }, [JENNY]).best!.verdict).toBe('no_match');
    expect(verifyOwner({ name: 'J Rosen' }, [JENNY]).best!.verdict).toBe('partial');
  });

  it('picks the owner who fits best on a joint account, never mixing two owners', () => {
    const r = verifyOwner({ name: 'Mateo Rosen', email: 'mateo.rosen@example.com' }, [JENNY, MATEO]);
    expect(r.best).toMatchObject({ owner: 1, verdict: 'match' });
    const mixed = verifyOwner({ name: 'Jenny Rosen', phone: '+1 415-555-0178' }, [JENNY, MATEO]);
    expect(mixed.best!.verdict).toBe('no_match');
    expect(mixed.all.map((c) => c.verdict)).toEqual(['no_match', 'no_match']);
  });

  it('has no best owner when the bank lists none', () => {
    expect(verifyOwner({ name: 'Jenny Rosen' }, []).best).toBeNull();
  });
});
