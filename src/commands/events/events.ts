import { defineNoun } from '../define.js';

// `fc events <verb>` is events/<verb>.ts; verbs in --help order.
export default defineNoun('what happened: list events, follow them as they arrive, send one again', ['list', 'get', 'follow', 'resend']);
