import type { JobHandler, Route } from '../context.js';
import { accountRoutes } from './account.js';
import { customerRoutes } from './customers.js';
import { eventRoutes } from './events.js';
import { fcAccountRoutes } from './fc-accounts.js';
import { fcHelperRoutes } from './fc-helpers.js';
import { fcJobs, fcRefreshRoutes } from './fc-refresh.js';
import { fcSessionRoutes } from './fc-sessions.js';
import { fcStatusRoutes } from './fc-status.js';
import { fcTransactionRoutes } from './fc-transactions.js';
import { helperRoutes } from './helpers.js';
import { paymentJobs, paymentRoutes } from './payments.js';
import { v2AccountRoutes } from './v2accounts.js';
import { eventRetryRoutes, webhookEndpointRoutes } from '../webhooks/endpoints.js';

export const allRoutes: Route[] = [...accountRoutes, ...customerRoutes, ...v2AccountRoutes, ...eventRoutes, ...eventRetryRoutes, ...webhookEndpointRoutes, ...helperRoutes, ...paymentRoutes, ...fcSessionRoutes, ...fcAccountRoutes, ...fcRefreshRoutes, ...fcTransactionRoutes, ...fcHelperRoutes, ...fcStatusRoutes];

export const allJobs: Record<string, JobHandler> = { ...paymentJobs, ...fcJobs };
