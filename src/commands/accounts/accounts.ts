import { defineNoun } from '../define.js';

// `fc accounts <verb>` is accounts/<verb>.ts; verbs in --help order.
export default defineNoun('linked Financial Connections accounts: list, read balances, owners and transactions, refresh, disconnect', ['list', 'get', 'balance', 'ownership', 'transactions', 'insights', 'verify-owner', 'refresh', 'subscribe', 'unsubscribe', 'disconnect']);
