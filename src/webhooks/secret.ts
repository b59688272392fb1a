import { randomBytes } from 'node:crypto';
import { loadConfWriter } from '../config/store.js';
import type { Context } from '../context.js';

/**
 * The secret `fc listen` and `fc events resend --to` sign with: made once per
 * profile and kept in its config (0600), so a handler's `.env` keeps working across
 * runs. It is a local secret, like the one `stripe listen` prints, never Stripe's.
 */
export async function listenSecret(ctx: Context): Promise<string> {
  const name = ctx.profileName();
  const config = ctx.config();
  const profile = config.profile(name) ?? {};
  if (profile.webhookSecret) return profile.webhookSecret;
  const secret = `whsec_${randomBytes(32).toString('hex')}`;
  await loadConfWriter();
  config.setProfile(name, { ...profile, webhookSecret: secret });
  return secret;
}
