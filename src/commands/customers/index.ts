import { defineNoun } from '../define.js';

export default defineNoun('create, look up and list customers (v1 Customers or v2 customer Accounts)', {
  create: () => import('./create.js'),
  get: () => import('./get.js'),
  list: () => import('./list.js'),
});
