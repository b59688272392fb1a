import { resetSandbox } from '../../api/sandbox-helpers.js';
import { printJson } from '../../io/render.js';
import { sandboxClient } from './shared/require.js';
import { defineCommand } from '../define.js';
import { confirmAction } from '../shared/confirm.js';

export default defineCommand({
  description: "delete the sandbox account's data and reset its clock (other keys' accounts keep theirs)",
  examples: ['fc sandbox reset'],
  run: async (ctx, opts) => {
    const client = await sandboxClient(ctx, 'reset');
    await confirmAction(ctx, 'Delete every customer, session, account, payment and event in the sandbox, and reset its clock?');
    const result = await resetSandbox(client);
    if (opts.format === 'json') printJson(ctx.io, result);
    else ctx.io.out('The sandbox is empty again: its data was deleted and its clock reset.');
  },
});
