import { disconnectAccount, getAccount } from '../../api/accounts.js';
import { printJson } from '../../io/render.js';
import { confirmAction } from '../shared/confirm.js';
import { isLive, liveGuard, liveGuardPrecheck } from '../shared/live-guard.js';
import { accountLabel } from './shared/render.js';
import { safeText } from '../../io/sanitize.js';
import { stateWrite } from '../../api/write-journal.js';
import { argument, defineCommand, option } from '../define.js';
import { idOrPick, ACCOUNT_ID } from '../shared/pick.js';

export default defineCommand({
  description: 'disconnect an account: its data can no longer be read or refreshed (asks first)',
  args: [argument('[fca_…]', 'Financial Connections account id (asked for on a terminal when left out)')],
  options: [
    option('--live', 'confirm a live-mode disconnect in scripts (with --yes)'),
  ],
  examples: ['fc accounts disconnect fca_123', 'fc accounts disconnect fca_123 --yes'],
  run: async (ctx, given, opts) => {
    const id = await idOrPick(ctx, given, ACCOUNT_ID, `<fca_…>${ctx.globals.yes ? '' : ' and --yes'}: the account to disconnect`);
    // With a live key, a script needs --yes --live, a person types the id: checked before anything is sent.
    liveGuardPrecheck(ctx, opts, 'disconnect a bank account');
    if (isLive(ctx)) {
      await liveGuard(ctx, opts, `disconnect ${id}: the customer will have to link it again`, id);
      if (!ctx.globals.yes) ctx.globals.yes = true; // typing the id was the confirmation
    }
    let question = `Disconnect ${id}? Its data can no longer be read or refreshed, and it cannot be used for new payments.`;
    // Only when a person will be asked is the account looked up, to name it in the question; otherwise
    // confirmAction refuses (no --yes, no TTY) before anything is sent.
    if (!ctx.globals.yes && ctx.prompter.canPrompt()) {
      const account = await getAccount(await ctx.stripe(), id);
      if (account.status === 'disconnected') {
        if (opts.format === 'json') printJson(ctx.io, account);
        else ctx.io.out(`${accountLabel(account)} (${id}) is already disconnected.`);
        return;
      }
      question = `Disconnect ${safeText(account.institution_name)} ${accountLabel(account)} (${id})? Its data can no longer be read or refreshed.`;
    }
    await confirmAction(ctx, question);
    const stripe = await ctx.stripe();
    const account = await stateWrite(
      () => disconnectAccount(stripe, id),
      `Running it again is harmless: disconnecting a disconnected account changes nothing. Check with fc accounts get ${id}.`,
    );
    if (opts.format === 'json') printJson(ctx.io, account);
    else ctx.io.out(`Disconnected ${safeText(account.institution_name)} ${accountLabel(account)} (${id}).`);
  },
});
