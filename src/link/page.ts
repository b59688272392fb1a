import type { SandboxInstitution, SandboxInstitutionAccount } from '../api/sandbox-helpers.js';

/**
 * The page `fc link` serves on 127.0.0.1: plain HTML from a template string, with
 * a small inline script (no build step). Two variants share one frame: the sandbox
 * picker, and a Stripe.js launcher for real keys. Everything the browser sees is
 * rendered here; it never sees an API key.
 */

export interface PageSession {
  id: string;
  holder: string | null;
  permissions: string[];
  /** Subcategories the session allows (filters[account_subcategories]); null means any. */
  subcategories: string[] | null;
  /** filters[require_payment_method_support] === 'all': accounts without payments can't be linked. */
  requirePayments: boolean;
}

export type PageData =
  | { mode: 'sandbox'; session: PageSession; institutions: SandboxInstitution[] }
  | { mode: 'stripe'; session: PageSession; publishableKey: string; clientSecret: string; live: boolean };

/** What the page shows after a successful link. */
export interface LinkedSummary {
  id: string;
  display_name: string | null;
  institution_name: string;
  last4: string | null;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** JSON that is safe inside a <script> element: no way to close the element or start a comment. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A stable, readable id fragment for test selectors: "Test Institution" → "test-institution". */
export function slug(value: string): string {
  return (
    value
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'x'
  );
}

export function contentSecurityPolicy(mode: PageData['mode'], nonce: string): string {
  const common = ["default-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"];
  if (mode === 'sandbox') {
    return [...common, `script-src 'nonce-${nonce}'`, `style-src 'nonce-${nonce}'`, "connect-src 'self'", "img-src 'self' data:"].join('; ');
  }
  // Stripe.js's documented needs, plus what its modal loads; kept to Stripe's hosts.
  return [
    ...common,
    `script-src 'nonce-${nonce}' https://js.stripe.com https://*.js.stripe.com`,
    "style-src 'self' 'unsafe-inline'",
    "connect-src 'self' https://api.stripe.com https://*.stripe.com",
    'frame-src https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com https://*.stripe.com',
    "img-src 'self' data: https://*.stripe.com",
    'font-src https://*.stripe.com',
  ].join('; ');
}

const STYLE = `
:root { color-scheme: light dark; --bg: #f6f8fa; --card: #fff; --text: #1a1f36; --muted: #5b6478; --border: #d8dee8;
  --accent: #4f46e5; --accent-text: #fff; --error-bg: #fdecec; --error: #a4161a; --ok-bg: #e8f6ee; --ok: #136c3a; --focus: #2563eb; }
@media (prefers-color-scheme: dark) { :root { --bg: #0f1320; --card: #171c2c; --text: #e6e9f2; --muted: #a3abc0; --border: #2c3550;
  --accent: #818cf8; --accent-text: #0f1320; --error-bg: #3a1517; --error: #ffb4b4; --ok-bg: #12301f; --ok: #9be2b8; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--bg); color: var(--text); }
main { max-width: 42rem; margin: 2rem auto; padding: 0 1rem; }
.card { background: var(--card); border: 1px solid var(--border); border-radius: 12px; padding: 1.5rem; }
header { display: flex; align-items: baseline; justify-content: space-between; gap: 1rem; margin-bottom: 1rem; }
h1 { font-size: 1.4rem; margin: 0; }
h2 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
.badge { font-size: .75rem; padding: .1rem .5rem; border-radius: 999px; border: 1px solid var(--border); color: var(--muted); white-space: nowrap; }
.badge.live { color: var(--error); border-color: var(--error); }
.meta { color: var(--muted); font-size: .9rem; margin: 0; }
.meta code { font-size: .85rem; }
fieldset { border: 0; margin: 0; padding: 0; }
legend { font-weight: 600; padding: 0; margin: 1.25rem 0 .5rem; }
.choices { display: grid; gap: .5rem; }
.choice { display: flex; gap: .75rem; align-items: flex-start; padding: .75rem; border: 1px solid var(--border); border-radius: 8px; cursor: pointer; }
.choice:has(input:checked) { border-color: var(--accent); box-shadow: 0 0 0 1px var(--accent); }
.choice:has(input:disabled) { opacity: .55; cursor: not-allowed; }
.choice input { margin-top: .3rem; accent-color: var(--accent); }
.choice .name { font-weight: 600; display: block; }
.choice .detail { color: var(--muted); font-size: .875rem; display: block; }
.actions { display: flex; gap: .75rem; margin-top: 1.5rem; flex-wrap: wrap; }
button { font: inherit; padding: .6rem 1.1rem; border-radius: 8px; border: 1px solid var(--border); background: var(--card); color: var(--text); cursor: pointer; }
button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-text); font-weight: 600; }
button:disabled { opacity: .5; cursor: not-allowed; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
[tabindex="-1"]:focus { outline: none; }
.notice { border-radius: 8px; padding: .75rem 1rem; margin: 1rem 0; }
.notice p { margin: .75rem 0 0; }
.notice.error { background: var(--error-bg); color: var(--error); }
.notice.ok { background: var(--ok-bg); color: var(--ok); }
.status { color: var(--muted); margin-top: .75rem; }
.status:empty { margin: 0; }
ul.linked { margin: .5rem 0 0; padding-left: 1.25rem; }
footer { color: var(--muted); font-size: .8rem; margin-top: 1rem; text-align: center; }
[hidden] { display: none !important; }
`;

function sessionLine(session: PageSession): string {
  const holder = session.holder ? ` for <code>${escapeHtml(session.holder)}</code>` : '';
  return `<p class="meta" id="session-info" data-testid="session-info">Session <code>${escapeHtml(session.id)}</code>${holder} · asks for ${escapeHtml(session.permissions.join(', '))}</p>`;
}

function accountProblem(session: PageSession, a: SandboxInstitutionAccount): string | undefined {
  if (session.subcategories && !session.subcategories.includes(a.subcategory)) return "Not allowed by this session's account filters";
  if (session.requirePayments && !a.supports_payments) return 'This session only accepts accounts usable for payments';
  return undefined;
}

const OUTCOME_LABELS: Record<string, string> = {
  success: 'ACH debits succeed',
  processing: 'ACH debits stay processing',
  insufficient_funds: 'ACH debits fail: insufficient funds',
  account_closed: 'ACH debits fail: account closed',
  no_account: 'ACH debits fail: no account',
  debit_not_authorized: 'ACH debits fail: debit not authorized',
};

function accountChoice(session: PageSession, inst: SandboxInstitution, a: SandboxInstitutionAccount): string {
  // The key stays as the sandbox spells it (credit_card), so ids match `--accounts` keys.
  const id = `account-${slug(inst.name)}-${a.key.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const problem = accountProblem(session, a);
  const facts = [`${a.subcategory.replace(/_/g, ' ')} ····${a.last4}`];
  facts.push(a.supports_payments ? (OUTCOME_LABELS[a.payment_outcome] ?? `ACH: ${a.payment_outcome}`) : 'Not usable for payments');
  if (problem) facts.push(problem);
  return `<label class="choice" for="${id}">
        <input type="checkbox" name="account" id="${id}" data-testid="${id}" value="${escapeHtml(a.key)}"${problem ? ' disabled' : ''}>
        <span><span class="name">${escapeHtml(a.display_name)}</span><span class="detail">${escapeHtml(facts.join(' · '))}</span></span>
      </label>`;
}

function sandboxBody(data: Extract<PageData, { mode: 'sandbox' }>): string {
  const firstUp = data.institutions.find((i) => i.status === 'up') ?? data.institutions[0];
  const institutions = data.institutions
    .map((inst) => {
      const id = `institution-${slug(inst.name)}`;
      const detail = `${inst.accounts.length} test account${inst.accounts.length === 1 ? '' : 's'}${inst.status === 'down' ? ' · its login fails, to test errors' : ''}`;
      return `<label class="choice" for="${id}">
        <input type="radio" name="institution" id="${id}" data-testid="${id}" value="${escapeHtml(inst.id)}"${inst === firstUp ? ' checked' : ''}>
        <span><span class="name">${escapeHtml(inst.name)}</span><span class="detail">${escapeHtml(detail)}</span></span>
      </label>`;
    })
    .join('\n      ');
  const accountSets = data.institutions
    .map((inst) => {
      const id = `accounts-${slug(inst.name)}`;
      const hidden = inst === firstUp ? '' : ' hidden disabled';
      return `<fieldset id="${id}" data-testid="${id}" data-institution="${escapeHtml(inst.id)}"${hidden}>
      <legend>2. Choose accounts at ${escapeHtml(inst.name)}</legend>
      <div class="choices">
      ${inst.accounts.map((a) => accountChoice(data.session, inst, a)).join('\n      ')}
      </div>
    </fieldset>`;
    })
    .join('\n    ');
  return `<form id="link-form" data-testid="link-form" novalidate>
    <fieldset id="institutions" data-testid="institutions">
      <legend>1. Choose your bank</legend>
      <div class="choices">
      ${institutions}
      </div>
    </fieldset>
    ${accountSets}
    <div class="actions">
      <button type="submit" class="primary" id="link-button" data-testid="link-button" disabled>Link accounts</button>
      <button type="button" id="cancel-button" data-testid="cancel-button">Cancel</button>
    </div>
  </form>`;
}

function stripeBody(): string {
  return `<div id="link-form" data-testid="link-form">
    <p>Stripe's window opens to connect a bank. When you finish, fc prints the linked accounts in your terminal.</p>
    <div class="actions">
      <button type="button" class="primary" id="link-button" data-testid="link-button">Connect a bank with Stripe</button>
      <button type="button" id="cancel-button" data-testid="cancel-button">Cancel</button>
    </div>
  </div>`;
}

/**
 * Browser side. Every request carries the run's token in a header, which also makes
 * the browser preflight any cross-site attempt — and the server answers no preflight.
 */
const COMMON_SCRIPT = `
const token = document.querySelector('meta[name="fc-token"]').content;
const errorBox = document.getElementById('error');
const statusBox = document.getElementById('status');
const doneBox = document.getElementById('done');
const form = document.getElementById('link-form');
const linkButton = document.getElementById('link-button');
const cancelButton = document.getElementById('cancel-button');
let busy = false;
let finished = false;
function showError(message) {
  errorBox.textContent = message;
  errorBox.hidden = false;
  errorBox.focus();
}
function clearError() { errorBox.hidden = true; errorBox.textContent = ''; }
function setStatus(text) { statusBox.textContent = text; }
async function post(path, body) {
  let res;
  try {
    res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-fc-token': token }, body: JSON.stringify(body) });
  } catch (e) {
    return { ok: false, error: { message: 'fc is no longer running (it may have timed out or been stopped). Run fc link again.' } };
  }
  let data = null;
  try { data = await res.json(); } catch (e) { /* not JSON */ }
  if (res.ok) return { ok: true, data: data };
  return { ok: false, error: (data && data.error) || { message: 'fc answered ' + res.status + '.' } };
}
function finish(kind, message, accounts) {
  finished = true;
  form.hidden = true;
  setStatus('');
  doneBox.className = 'notice ' + (kind === 'linked' ? 'ok' : 'error');
  doneBox.dataset.result = kind;
  doneBox.textContent = message;
  if (accounts && accounts.length) {
    const ul = document.createElement('ul');
    ul.className = 'linked';
    for (const a of accounts) {
      const li = document.createElement('li');
      li.textContent = (a.display_name || a.id) + (a.last4 ? ' ····' + a.last4 : '') + ' at ' + a.institution_name;
      ul.appendChild(li);
    }
    doneBox.appendChild(ul);
  }
  const p = document.createElement('p');
  p.textContent = 'You can close this tab and go back to your terminal.';
  doneBox.appendChild(p);
  doneBox.hidden = false;
  doneBox.focus();
}
cancelButton.addEventListener('click', async () => {
  if (busy || finished) return;
  busy = true;
  const r = await post('/api/cancel', {});
  busy = false;
  if (r.ok) finish('cancelled', 'Cancelled: nothing was linked.');
  else showError(r.error.message);
});
`;

const SANDBOX_SCRIPT = `
function current() { return form.querySelector('input[name="institution"]:checked'); }
function sync() {
  const inst = current();
  let picked = 0;
  for (const set of form.querySelectorAll('fieldset[data-institution]')) {
    const on = Boolean(inst) && set.dataset.institution === inst.value;
    set.hidden = !on;
    set.disabled = !on;
    if (on) picked = set.querySelectorAll('input[name="account"]:checked').length;
  }
  linkButton.disabled = busy || picked === 0;
  linkButton.textContent = picked > 1 ? 'Link ' + picked + ' accounts' : picked === 1 ? 'Link 1 account' : 'Link accounts';
}
form.addEventListener('change', (e) => {
  if (e.target.name === 'institution') clearError();
  sync();
});
form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const inst = current();
  if (busy || finished || !inst) return;
  const set = form.querySelector('fieldset[data-institution="' + CSS.escape(inst.value) + '"]');
  const accounts = Array.from(set.querySelectorAll('input[name="account"]:checked'), (i) => i.value);
  if (!accounts.length) return;
  busy = true;
  clearError();
  sync();
  setStatus('Linking…');
  const r = await post('/api/complete', { institution: inst.value, accounts: accounts });
  busy = false;
  setStatus('');
  if (r.ok) {
    const linked = r.data.accounts || [];
    finish('linked', 'Linked ' + linked.length + ' account' + (linked.length === 1 ? '' : 's') + '.', linked);
  } else {
    showError(r.error.message);
    sync();
  }
});
sync();
`;

const STRIPE_SCRIPT = `
const config = JSON.parse(document.getElementById('fc-config').textContent);
async function report(body) {
  const r = await post('/api/result', body);
  if (!r.ok) showError(r.error.message);
  return r.ok;
}
async function start() {
  if (busy || finished) return;
  clearError();
  if (typeof Stripe !== 'function') {
    const message = 'Stripe.js could not be loaded from js.stripe.com. Check your connection and run fc link again.';
    if (await report({ status: 'error', error: { message: message } })) finish('failed', message);
    return;
  }
  busy = true;
  linkButton.disabled = true;
  setStatus("Waiting for Stripe's window…");
  let result;
  try {
    result = await Stripe(config.publishableKey).collectFinancialConnectionsAccounts({ clientSecret: config.clientSecret });
  } catch (e) {
    result = { error: { message: String((e && e.message) || e) } };
  }
  busy = false;
  linkButton.disabled = false;
  setStatus('');
  if (result.error) {
    const err = { message: result.error.message || 'Stripe reported an error.', type: result.error.type, code: result.error.code };
    if (await report({ status: 'error', error: err })) finish('failed', 'Linking failed: ' + err.message);
    return;
  }
  const session = result.financialConnectionsSession;
  const accounts = (session && session.accounts) || [];
  if (!accounts.length) {
    if (await report({ status: 'cancel' })) finish('cancelled', 'Cancelled: nothing was linked.');
    return;
  }
  const ids = accounts.map((a) => a.id);
  if (await report({ status: 'success', accounts: ids })) {
    finish('linked', 'Linked ' + ids.length + ' account' + (ids.length === 1 ? '' : 's') + '.', accounts);
  }
}
linkButton.addEventListener('click', start);
start();
`;

export function renderPage(data: PageData, opts: { token: string; nonce: string }): string {
  const sandbox = data.mode === 'sandbox';
  const badge = sandbox
    ? '<span class="badge" data-testid="mode">Sandbox · test data</span>'
    : `<span class="badge${data.live ? ' live' : ''}" data-testid="mode">${data.live ? 'Live mode' : 'Stripe test mode'}</span>`;
  const stripeHead =
    data.mode === 'stripe'
      ? `<script src="https://js.stripe.com/v3" nonce="${opts.nonce}"></script>
  <script type="application/json" id="fc-config" nonce="${opts.nonce}">${jsonForScript({ publishableKey: data.publishableKey, clientSecret: data.clientSecret })}</script>`
      : '';
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <meta name="fc-token" content="${escapeHtml(opts.token)}">
  <title>Link bank accounts · fc</title>
  <style nonce="${opts.nonce}">${STYLE}</style>
  ${stripeHead}
</head>
<body>
<main>
  <div class="card">
    <header><h1>Link bank accounts</h1>${badge}</header>
    ${sessionLine(data.session)}
    <div id="error" data-testid="error" class="notice error" role="alert" tabindex="-1" hidden></div>
    ${sandbox ? sandboxBody(data) : stripeBody()}
    <div id="status" data-testid="status" class="status" role="status" aria-live="polite"></div>
    <div id="done" data-testid="done" class="notice" role="status" tabindex="-1" hidden></div>
  </div>
  <footer>Served by fc on this computer only. Closing this tab does not cancel; use Cancel or Ctrl-C in the terminal.</footer>
</main>
<script nonce="${opts.nonce}">
(() => {${COMMON_SCRIPT}${sandbox ? SANDBOX_SCRIPT : STRIPE_SCRIPT}})();
</script>
</body>
</html>
`;
}

/** The answer to a request without the run's token. */
export function renderForbidden(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>fc link</title></head>
<body><main><h1>This link is not valid</h1><p>Open the exact URL that <code>fc link</code> printed in your terminal; it carries a one-time token.</p></main></body></html>
`;
}
