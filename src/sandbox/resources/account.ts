import type Stripe from 'stripe';
import type { RequestContext, Route } from '../context.js';

/**
 * `GET /v1/account`: the sandbox account the request's key belongs to. Every
 * distinct key is its own account, created the first time it is used; this
 * object describes it the way Stripe describes a US standard account that can
 * take ACH Direct Debit payments.
 */
function retrieveAccount(ctx: RequestContext): Stripe.Account {
  const created = Number(ctx.store.getMeta('account_created') ?? ctx.now);
  if (!ctx.store.getMeta('account_created')) ctx.store.setMeta('account_created', String(created));
  const noRequirements = {
    alternatives: [],
    current_deadline: null,
    currently_due: [],
    disabled_reason: null,
    errors: [],
    eventually_due: [],
    past_due: [],
    pending_verification: [],
  };
  return {
    id: ctx.account,
    object: 'account',
    business_profile: {
      annual_revenue: null,
      estimated_worker_count: null,
      mcc: null,
      minority_owned_business_designation: null,
      monthly_estimated_revenue: { amount: 0, currency: 'usd' },
      name: 'fc sandbox',
      product_description: null,
      support_address: null,
      support_email: null,
      support_phone: null,
      specified_commercial_transactions_act_url: null,
      support_url: null,
      url: null,
    },
    business_type: null,
    capabilities: { us_bank_account_ach_payments: 'active' },
    charges_enabled: true,
    controller: { type: 'account' },
    country: 'US',
    created,
    default_currency: 'usd',
    details_submitted: true,
    email: null,
    future_requirements: { ...noRequirements },
    metadata: {},
    payouts_enabled: true,
    requirements: { ...noRequirements },
    settings: null,
    tos_acceptance: { date: null, ip: null, user_agent: null },
    type: 'standard',
  };
}

export const accountRoutes: Route[] = [{ method: 'GET', path: '/v1/account', handler: retrieveAccount }];
