import { defineNoun } from '../define.js';

export default defineNoun('saved keys and profiles', {
  login: () => import('./login.js'),
  show: () => import('./show.js'),
  profiles: () => import('./profiles.js'),
  use: () => import('./use.js'),
  logout: () => import('./logout.js'),
});
