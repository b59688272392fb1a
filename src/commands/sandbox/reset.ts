import { resetSandbox } from '../../api/sandbox-helpers.js';
import { printJson } from '../../io/render.js';
import { outputFormat } from '../shared/output.js';
import { sandboxClient } from './require.js';
import { defineCommand } from '../define.js';

export default defineCommand({
  description: "delete the sandbox account's data and reset its clock (other keys' accounts keep theirs)",
  examples: ['fc sandbox reset'],
  run: async (ctx) => {
    const format = outputFormat(ctx);
    const result = await resetSandbox(await sandboxClient(ctx, 'reset'));
    if (format === 'json') printJson(ctx.io, result);
    else ctx.io.out('The sandbox is empty again: its data was deleted and its clock reset.');
  },
});
