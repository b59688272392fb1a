// Parsing of user input lives in src/validate.ts, where domain modules can use it too.
export * from '../../validate.js';
