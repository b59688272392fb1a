import { defineNoun } from '../define.js';

export default defineNoun("fc's embedded Stripe-compatible sandbox: serve it, finish sessions, move its clock, reset it", {
  serve: () => import('./serve.js'),
  log: () => import('./log.js'),
  deliveries: () => import('./deliveries.js'),
  history: () => import('./history.js'),
  complete: () => import('./complete.js'),
  institutions: () => import('./institutions.js'),
  reset: () => import('./reset.js'),
  advance: () => import('./advance.js'),
});
