import { defineNoun } from '../define.js';

// `fc sessions <verb>` is sessions/<verb>.ts; verbs in --help order.
export default defineNoun('Financial Connections Sessions: the start of linking a bank account', ['create', 'get']);
