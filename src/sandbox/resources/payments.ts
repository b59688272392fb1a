import type { JobHandler, Route } from '../context.js';
import { SETTLE_JOB, settlePaymentIntent } from './ach-settlement.js';
import { balanceTransactionJobs, balanceTransactionRoutes } from './balance-transactions.js';
import { chargeRoutes } from './charges.js';
import { refundJobs, refundRoutes } from './refunds.js';
import { mandateRoutes } from './mandates.js';
import { paymentIntentRoutes } from './payment-intents.js';
import { paymentMethodRoutes } from './payment-methods.js';
import { setupIntentRoutes } from './setup-intents.js';

/** ACH Direct Debit on linked accounts: one entry point for the route and job registry. */
export const paymentRoutes: Route[] = [...paymentIntentRoutes, ...setupIntentRoutes, ...paymentMethodRoutes, ...mandateRoutes, ...chargeRoutes, ...balanceTransactionRoutes, ...refundRoutes];

export const paymentJobs: Record<string, JobHandler> = { [SETTLE_JOB]: settlePaymentIntent, ...balanceTransactionJobs, ...refundJobs };
