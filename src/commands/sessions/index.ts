import { defineNoun } from '../define.js';

export default defineNoun('Financial Connections Sessions: the start of linking a bank account', {
  create: () => import('./create.js'),
  get: () => import('./get.js'),
});
