/**
 * The sandbox's test banks, modelled on Stripe test mode (API.md §5.5). Accounts are
 * templates: linking one creates a financial_connections.account whose data comes
 * from here, so the same template always yields the same balances, owners and history.
 */
export type PaymentOutcome = 'success' | 'insufficient_funds' | 'account_closed' | 'no_account' | 'debit_not_authorized' | 'processing';

export interface OwnerTemplate {
  name: string;
  email: string | null;
  phone: string | null;
  raw_address: string | null;
}

export type HistoryKind = 'checking' | 'savings' | 'credit_card';

export interface HistoryProfile {
  kind: HistoryKind;
  /** Biweekly income (checking kinds): a fixed amount in cents under a fixed description. */
  payroll?: { description: string; amount: number };
  /** Monthly rent in cents (checking kinds), paid on the 1st. */
  rent?: number;
  /** Chance per day of an "OVERDRAFT FEE": higher for accounts that run low. */
  overdraftChance?: number;
}

export interface AccountTemplate {
  key: string;
  display_name: string;
  category: 'cash' | 'credit';
  subcategory: 'checking' | 'savings' | 'credit_card';
  last4: string;
  /** Null when the account cannot be debited (no ACH account number is shared). */
  account_number: string | null;
  supports_payments: boolean;
  payment_outcome: PaymentOutcome;
  /** Cents. Cash: current/available; credit: used (current is its negative). */
  balance: { current: number; available?: number; used?: number };
  owners: OwnerTemplate[];
  /** Every refresh of this account ends `failed`. */
  refreshFails?: boolean;
  history: HistoryProfile;
}

export interface Institution {
  id: string;
  name: string;
  country: 'US';
  /** `down`: logging in fails, so a session cannot be completed with it. */
  status: 'up' | 'down';
  accounts: AccountTemplate[];
}

export const ROUTING_NUMBER = '110000000';

const owner = (name: string, email: string, phone: string, raw_address: string): OwnerTemplate => ({ name, email, phone, raw_address });
const TOWNSEND_ST = '510 Townsend St, San Francisco, CA 94103, US';
const JENNY = owner('Jenny Rosen', 'jenny.rosen@example.com', '+1 415-555-0142', TOWNSEND_ST);
const MATEO = owner('Mateo Rosen', 'mateo.rosen@example.com', '+1 415-555-0178', TOWNSEND_ST);
const SAM = owner('Samuel Okafor', 'sam.okafor@example.com', '+1 312-555-0199', '233 S Wacker Dr, Chicago, IL 60606, US');

const PERSONAL: HistoryProfile = {
  kind: 'checking',
  payroll: { description: 'ACME CORP PAYROLL', amount: 245_000 },
  rent: 185_000,
  overdraftChance: 0.012,
};

/** A checking account whose ACH debits end in `outcome` (account numbers are Stripe's test numbers). */
function achOutcome(key: PaymentOutcome, display: string, accountNumber: string, current: number, history: HistoryProfile = PERSONAL): AccountTemplate {
  return {
    key,
    display_name: display,
    category: 'cash',
    subcategory: 'checking',
    last4: accountNumber.slice(-4),
    account_number: accountNumber,
    supports_payments: true,
    payment_outcome: key,
    balance: { current, available: current },
    owners: [JENNY],
    history,
  };
}

export const TEST_INSTITUTION: Institution = {
  id: 'fcinst_Rb5TqL2vX9wN8kP3mH7sD4cJ',
  name: 'Test Institution',
  country: 'US',
  status: 'up',
  accounts: [
    {
      key: 'checking',
      display_name: 'Checking',
      category: 'cash',
      subcategory: 'checking',
      last4: '6789',
      account_number: '000123456789',
      supports_payments: true,
      payment_outcome: 'success',
      balance: { current: 1_184_632, available: 1_159_632 },
      owners: [JENNY],
      history: PERSONAL,
    },
    {
      key: 'savings',
      display_name: 'Savings',
      category: 'cash',
      subcategory: 'savings',
      last4: '4321',
      account_number: '000123454321',
      supports_payments: true,
      payment_outcome: 'success',
      balance: { current: 2_531_077, available: 2_531_077 },
      owners: [JENNY],
      history: { kind: 'savings' },
    },
    {
      key: 'credit_card',
      display_name: 'Credit Card',
      category: 'credit',
      subcategory: 'credit_card',
      last4: '1005',
      account_number: null,
      supports_payments: false,
      payment_outcome: 'success',
      balance: { current: -123_218, used: 123_218 },
      owners: [JENNY],
      history: { kind: 'credit_card' },
    },
    {
      key: 'joint',
      display_name: 'Joint Checking',
      category: 'cash',
      subcategory: 'checking',
      last4: '2468',
      account_number: '000123452468',
      supports_payments: true,
      payment_outcome: 'success',
      balance: { current: 864_210, available: 851_705 },
      owners: [JENNY, MATEO],
      history: { kind: 'checking', payroll: { description: 'GLOBEX INC PAYROLL', amount: 318_400 }, rent: 265_000, overdraftChance: 0.005 },
    },
    {
      key: 'no_ownership',
      display_name: 'Checking (no ownership data)',
      category: 'cash',
      subcategory: 'checking',
      last4: '3690',
      account_number: '000123453690',
      supports_payments: true,
      payment_outcome: 'success',
      balance: { current: 402_215, available: 402_215 },
      owners: [],
      history: PERSONAL,
    },
    {
      key: 'refresh_fails',
      display_name: 'Checking (refreshes fail)',
      category: 'cash',
      subcategory: 'checking',
      last4: '1357',
      account_number: '000123451357',
      supports_payments: true,
      payment_outcome: 'success',
      balance: { current: 150_000, available: 150_000 },
      owners: [JENNY],
      refreshFails: true,
      history: PERSONAL,
    },
    achOutcome('insufficient_funds', 'Checking (insufficient funds)', '000222222227', 1_240, { ...PERSONAL, overdraftChance: 0.05 }),
    achOutcome('account_closed', 'Checking (account closed)', '000111111113', 0),
    achOutcome('no_account', 'Checking (no account)', '000111111116', 52_300),
    achOutcome('debit_not_authorized', 'Checking (debit not authorized)', '000333333335', 731_900),
    achOutcome('processing', 'Checking (debits stay processing)', '000999999991', 512_050),
  ],
};

export const INVALID_PAYMENT_INSTITUTION: Institution = {
  id: 'fcinst_Wm8NcF3zQ6tY1gK5pA9hE2uV',
  name: 'Invalid Payment Accounts',
  country: 'US',
  status: 'up',
  accounts: [
    {
      key: 'checking',
      display_name: 'Checking (not usable for payments)',
      category: 'cash',
      subcategory: 'checking',
      last4: '0420',
      account_number: null,
      supports_payments: false,
      payment_outcome: 'success',
      balance: { current: 615_530, available: 615_530 },
      owners: [SAM],
      history: { kind: 'checking', payroll: { description: 'INITECH PAYROLL', amount: 198_750 }, rent: 142_500, overdraftChance: 0.008 },
    },
    {
      key: 'savings',
      display_name: 'Savings (not usable for payments)',
      category: 'cash',
      subcategory: 'savings',
      last4: '0421',
      account_number: null,
      supports_payments: false,
      payment_outcome: 'success',
      balance: { current: 1_020_000, available: 1_020_000 },
      owners: [SAM],
      history: { kind: 'savings' },
    },
  ],
};

export const DOWN_BANK: Institution = {
  id: 'fcinst_Dn4XbG7rJ2sL9eT6vC1kM8yP',
  name: 'Down Bank',
  country: 'US',
  status: 'down',
  accounts: [
    {
      key: 'checking',
      display_name: 'Checking',
      category: 'cash',
      subcategory: 'checking',
      last4: '9000',
      account_number: '000123459000',
      supports_payments: true,
      payment_outcome: 'success',
      balance: { current: 100_000, available: 100_000 },
      owners: [JENNY],
      history: PERSONAL,
    },
  ],
};

export const INSTITUTIONS: readonly Institution[] = [TEST_INSTITUTION, INVALID_PAYMENT_INSTITUTION, DOWN_BANK];

/** Linking without naming accounts picks these (those the session's filters allow). */
export const DEFAULT_ACCOUNT_KEYS = ['checking', 'savings'] as const;

/** By id, or by exact name (case-insensitive, so `--institution "down bank"` works). */
export function findInstitution(idOrName: string): Institution | undefined {
  const lower = idOrName.toLowerCase();
  return INSTITUTIONS.find((i) => i.id === idOrName || i.name.toLowerCase() === lower);
}

export function findInstitutionById(id: string): Institution | undefined {
  return INSTITUTIONS.find((i) => i.id === id);
}

export function findTemplate(institution: Institution, key: string): AccountTemplate | undefined {
  return institution.accounts.find((a) => a.key === key);
}

/** The seed of an account's generated data: its bank and template, so every link of it looks alike. */
export function templateSeed(institution: Institution, template: AccountTemplate): string {
  return `${institution.id}/${template.key}`;
}
