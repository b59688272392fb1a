import { defineNoun } from '../define.js';

export default defineNoun('what happened: list events, or follow them as they arrive', {
  list: () => import('./list.js'),
  get: () => import('./get.js'),
  follow: () => import('./follow.js'),
});
