import { defineNoun } from '../define.js';

// `fc customers <verb>` is customers/<verb>.ts; verbs in --help order.
export default defineNoun('create, look up and list customers (v1 Customers or v2 customer Accounts)', ['create', 'get', 'list']);
