import type { JobHandler, Route } from '../context.js';
import { customerRoutes } from './customers.js';
import { eventRoutes } from './events.js';
import { helperRoutes } from './helpers.js';
import { v2AccountRoutes } from './v2accounts.js';

export const allRoutes: Route[] = [...customerRoutes, ...v2AccountRoutes, ...eventRoutes, ...helperRoutes];

export const allJobs: Record<string, JobHandler> = {};
