import { defineNoun } from '../define.js';

export default defineNoun('linked Financial Connections accounts: list, read balances, owners and transactions, refresh, disconnect', {
  list: () => import('./list.js'),
  get: () => import('./get.js'),
  balance: () => import('./balance.js'),
  ownership: () => import('./ownership.js'),
  transactions: () => import('./transactions.js'),
  insights: () => import('./insights.js'),
  'verify-owner': () => import('./verify-owner.js'),
  refresh: () => import('./refresh.js'),
  subscribe: () => import('./subscribe.js'),
  unsubscribe: () => import('./unsubscribe.js'),
  disconnect: () => import('./disconnect.js'),
});
