import { defineNoun } from '../define.js';

export default defineNoun('ACH PaymentIntents: look up, list, wait for and cancel', {
  get: () => import('./get.js'),
  list: () => import('./list.js'),
  wait: () => import('./wait.js'),
  cancel: () => import('./cancel.js'),
});
