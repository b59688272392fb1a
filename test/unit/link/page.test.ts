import { describe, expect, it } from 'vitest';
import type { SandboxInstitution } from '../../../src/api/sandbox-helpers.js';
import { contentSecurityPolicy, escapeHtml, jsonForScript, renderPage, slug, type PageSession } from '../../../src/link/page.js';

const session: PageSession = {
  id: 'fcsess_123',
  holder: 'cus_123',
  permissions: ['balances', 'payment_method'],
  subcategories: null,
  requirePayments: false,
};

function account(key: string, subcategory = 'checking', supports = true) {
  return { key, display_name: key, category: 'cash', subcategory, last4: '6789', supports_payments: supports, payment_outcome: 'success' };
}

const institutions: SandboxInstitution[] = [
  { id: 'fcinst_down', object: 'sandbox.institution', name: 'Down Bank', status: 'down', accounts: [account('checking')] },
  {
    id: 'fcinst_test',
    object: 'sandbox.institution',
    name: 'Test Institution',
    status: 'up',
    accounts: [account('checking'), account('savings', 'savings'), account('credit_card', 'credit_card', false)],
  },
];

const opts = { token: 'tok_abc', nonce: 'nonce123' };

describe('the link page', () => {
  it('renders each institution and account with stable ids, selecting the first working bank', () => {
    const html = renderPage({ mode: 'sandbox', session, institutions }, opts);
    expect(html).toContain('id="institution-test-institution"');
    expect(html).toContain('id="institution-down-bank"');
    expect(html).toMatch(/id="institution-test-institution" data-testid="institution-test-institution" value="fcinst_test" checked>/);
    expect(html).not.toMatch(/id="institution-down-bank"[^>]*checked/);
    for (const id of ['account-test-institution-checking', 'account-test-institution-savings', 'account-down-bank-checking', 'link-button', 'cancel-button']) {
      expect(html).toContain(`data-testid="${id}"`);
    }
    expect(html).toMatch(/<fieldset id="accounts-down-bank"[^>]* hidden disabled>/);
    expect(html).toContain('<meta name="fc-token" content="tok_abc">');
    expect(html).toContain('role="alert"');
    expect(html).toContain('<label class="choice" for="account-test-institution-savings">');
    expect(html).not.toContain('js.stripe.com');
  });

  it("disables accounts the session's filters exclude", () => {
    const html = renderPage({ mode: 'sandbox', session: { ...session, subcategories: ['checking'], requirePayments: true }, institutions }, opts);
    expect(html).toMatch(/data-testid="account-test-institution-savings" value="savings" disabled>/);
    expect(html).toMatch(/data-testid="account-test-institution-credit_card" value="credit_card" disabled>/);
    expect(html).toMatch(/data-testid="account-test-institution-checking" value="checking">/);
    expect(html).toContain("Not allowed by this session&#39;s account filters");
  });

  it('escapes everything that comes from the API', () => {
    const evil: SandboxInstitution = { ...institutions[1]!, name: '<img src=x onerror=alert(1)>', accounts: [{ ...account('checking'), display_name: '"><script>x</script>' }] };
    const html = renderPage({ mode: 'sandbox', session: { ...session, holder: '<b>cus</b>' }, institutions: [evil] }, opts);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>x</script>');
    expect(html).not.toContain('<b>cus</b>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('loads Stripe.js with the publishable key for a real key, and puts only nonce scripts on the page', () => {
    const html = renderPage({ mode: 'stripe', session, publishableKey: 'pk_test_123', clientSecret: 'fcsess_1_secret_</script>', live: false }, opts);
    expect(html).toContain('<script src="https://js.stripe.com/v3" nonce="nonce123"></script>');
    expect(html).toContain('"publishableKey":"pk_test_123"');
    expect(html).toContain('collectFinancialConnectionsAccounts');
    expect(html).not.toContain('_secret_</script>');
    expect(html).toContain('Stripe test mode');
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toContain('nonce="nonce123"');
    expect(renderPage({ mode: 'stripe', session, publishableKey: 'pk_live_1', clientSecret: 's', live: true }, opts)).toContain('Live mode');
  });

  it('has helpers that keep markup and script data inert', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const json = jsonForScript({ s: '</script><!-- \u2028 &' });
    expect(json).not.toMatch(/<|>|&|\u2028/);
    expect(JSON.parse(json)).toEqual({ s: '</script><!-- \u2028 &' });
    expect(slug('Test Institution')).toBe('test-institution');
    expect(slug('Invalid Payment Accounts')).toBe('invalid-payment-accounts');
    expect(slug('credit_card')).toBe('credit-card');
  });

  it('locks the sandbox page to itself and the Stripe page to Stripe hosts', () => {
    const sandbox = contentSecurityPolicy('sandbox', 'n1');
    expect(sandbox).toContain("default-src 'none'");
    expect(sandbox).toContain("script-src 'nonce-n1'");
    expect(sandbox).toContain("connect-src 'self'");
    expect(sandbox).not.toContain('stripe.com');
    const stripe = contentSecurityPolicy('stripe', 'n1');
    expect(stripe).toContain("script-src 'nonce-n1' https://js.stripe.com");
    expect(stripe).toContain('frame-src https://js.stripe.com');
    expect(stripe).toContain("frame-ancestors 'none'");
  });
});
