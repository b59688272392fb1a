import { defineNoun } from '../define.js';

// `fc payments <verb>` is payments/<verb>.ts; verbs in --help order.
export default defineNoun('ACH PaymentIntents: look up, list, wait for and cancel', ['get', 'list', 'wait', 'cancel']);
