import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { RepeatableOption } from '../tree.js';

/**
 * A flag that takes one value and is given twice is a mistake, not a correction:
 * `fc pay … --amount 100 … --amount 250000` must not quietly debit the second
 * amount. Flags that take a list (`<key=value...>`, or `-d` of `fc api`) may repeat; plain switches
 * (`--yes --yes`) carry no value to disagree about.
 */
export function refuseRepeatedFlags(cmd: Command): void {
  for (const opt of cmd.options) {
    if (opt.variadic || opt instanceof RepeatableOption || !(opt.required || opt.optional)) continue;
    let first: string | undefined;
    cmd.on(`option:${opt.name()}`, (value: unknown) => {
      const shown = typeof value === 'string' ? value : String(value);
      if (first === undefined) {
        first = shown;
        return;
      }
      const flag = opt.long ?? opt.flags;
      throw new UsageError(`${flag} was given more than once ("${first.slice(0, 40)}", then "${shown.slice(0, 40)}"); give it once.`);
    });
  }
}
