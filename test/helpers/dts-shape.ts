import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type * as TS from 'typescript';

/**
 * Checks a JSON object against an interface in stripe-node's own .d.ts files, with
 * the TypeScript compiler: the expectations are Stripe's, not written here.
 * - every property the object has is declared by the type (nothing invented);
 * - every property the type requires (no `?`) is present;
 * - `null` only where the type says `| null`;
 * - the same, recursively, for nested objects whose type is a plain object type
 *   (an expandable `string | Customer` may be either; literal unions must match).
 */
const require = createRequire(import.meta.url);
const ts = require('typescript') as typeof TS;
const STRIPE = resolve(import.meta.dirname, '../../node_modules/stripe/cjs/resources');

let program: TS.Program | undefined;
let checker: TS.TypeChecker;

function load(files: string[]): void {
  if (program) return;
  program = ts.createProgram(
    files.map((f) => resolve(STRIPE, f)),
    { noEmit: true, strict: true, skipLibCheck: true, types: [], module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext },
  );
  checker = program.getTypeChecker();
}

export const TYPE_FILES = [
  'Customers.d.ts',
  'Accounts.d.ts',
  'BalanceTransactions.d.ts',
  'Charges.d.ts',
  'Events.d.ts',
  'Mandates.d.ts',
  'PaymentIntents.d.ts',
  'PaymentMethods.d.ts',
  'Refunds.d.ts',
  'SetupIntents.d.ts',
  'FinancialConnections/Accounts.d.ts',
  'FinancialConnections/AccountOwners.d.ts',
  'FinancialConnections/AccountOwnerships.d.ts',
  'FinancialConnections/Sessions.d.ts',
  'FinancialConnections/Transactions.d.ts',
  'V2/Core/Accounts.d.ts',
];

function findInterface(file: string, name: string): TS.Type {
  load(TYPE_FILES);
  const source = program!.getSourceFile(resolve(STRIPE, file));
  if (!source) throw new Error(`stripe-node has no ${file}`);
  for (const st of source.statements) {
    if (ts.isInterfaceDeclaration(st) && st.name.text === name) return checker.getTypeAtLocation(st);
  }
  throw new Error(`${file} declares no interface ${name}`);
}

function parts(t: TS.Type): TS.Type[] {
  return t.isUnion() ? t.types : [t];
}

function isNull(t: TS.Type): boolean {
  return (t.flags & ts.TypeFlags.Null) !== 0;
}

function accepts(t: TS.Type, value: unknown, path: string, problems: string[], depth: number): void {
  const options = parts(t).filter((p) => !isNull(p) && (p.flags & ts.TypeFlags.Undefined) === 0);
  if (value === null) {
    if (!parts(t).some(isNull)) problems.push(`${path}: null, but the type has no | null`);
    return;
  }
  if (options.some((p) => p.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown))) return;
  const literals = options.filter((p) => p.isStringLiteral()) as TS.StringLiteralType[];
  if (typeof value === 'string') {
    const plainString = options.some((p) => p.flags & ts.TypeFlags.String);
    if (!plainString && literals.length && !literals.some((l) => l.value === value)) {
      problems.push(`${path}: '${value}' is not one of ${literals.map((l) => `'${l.value}'`).join(', ')}`);
    }
    if (!plainString && !literals.length) problems.push(`${path}: a string where the type has none`);
    return;
  }
  if (typeof value === 'number') {
    if (!options.some((p) => p.flags & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral))) problems.push(`${path}: a number where the type has none`);
    return;
  }
  if (typeof value === 'boolean') {
    if (!options.some((p) => p.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral))) problems.push(`${path}: a boolean where the type has none`);
    return;
  }
  if (depth > 6) return;
  if (Array.isArray(value)) {
    const arr = options.find((p) => checker.isArrayType(p));
    if (!arr) return void problems.push(`${path}: an array where the type has none`);
    const element = checker.getTypeArguments(arr as TS.TypeReference)[0]!;
    value.forEach((v, i) => accepts(element, v, `${path}[${i}]`, problems, depth + 1));
    return;
  }
  if (typeof value === 'object') {
    const objects = options.filter((p) => p.flags & ts.TypeFlags.Object && !checker.isArrayType(p));
    if (objects.length === 0) return void problems.push(`${path}: an object where the type has none`);
    // A union of object types (an expandable, a deleted variant): the closest one decides.
    let best: string[] | undefined;
    for (const o of objects) {
      const mine: string[] = [];
      checkObject(o, value as Record<string, unknown>, path, mine, depth + 1);
      if (!best || mine.length < best.length) best = mine;
    }
    problems.push(...best!);
  }
}

function checkObject(t: TS.Type, obj: Record<string, unknown>, path: string, problems: string[], depth: number): void {
  const props = checker.getPropertiesOfType(t);
  // An index signature (metadata, balances keyed by currency) takes any key.
  const index = checker.getIndexInfosOfType(t)[0];
  const byName = new Map(props.map((p) => [p.name, p]));
  for (const [key, value] of Object.entries(obj)) {
    const prop = byName.get(key);
    if (!prop) {
      if (index) accepts(index.type, value, `${path}.${key}`, problems, depth);
      else problems.push(`${path}.${key}: not in stripe-node's type`);
      continue;
    }
    accepts(checker.getTypeOfSymbol(prop), value, `${path}.${key}`, problems, depth);
  }
  for (const p of props) {
    if (!(p.flags & ts.SymbolFlags.Optional) && !(p.name in obj)) problems.push(`${path}.${p.name}: required by the type, missing`);
  }
}

/** The problems of `obj` as an instance of `name` in stripe-node's `file`; empty when it conforms. */
export function conformance(file: string, name: string, obj: unknown): string[] {
  const problems: string[] = [];
  accepts(findInterface(file, name), obj, name, problems, 0);
  return problems;
}
