import { defineNoun } from '../define.js';

export default defineNoun('what happened: list events, follow them as they arrive, send one again', {
  list: () => import('./list.js'),
  get: () => import('./get.js'),
  follow: () => import('./follow.js'),
  resend: () => import('./resend.js'),
});
