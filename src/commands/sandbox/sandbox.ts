import { defineNoun } from '../define.js';

// `fc sandbox <verb>` is sandbox/<verb>.ts; verbs in --help order.
export default defineNoun("fc's embedded Stripe-compatible sandbox: serve it, finish sessions, move its clock, reset it", ['serve', 'log', 'deliveries', 'history', 'complete', 'institutions', 'reset', 'advance']);
