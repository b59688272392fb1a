import { defineNoun } from '../define.js';

// `fc config <verb>` is config/<verb>.ts; verbs in --help order.
export default defineNoun('saved keys and profiles', ['login', 'show', 'profiles', 'use', 'logout']);
