import { randomBytes } from 'node:crypto';
import type { HttpResult } from '../../http/client.js';
import { inParallel, runCampaign, type Campaign } from '../campaign/campaign.js';
import { oneCharacterChanged, type KeyTrial } from './api-key.js';

/** A ClientKey and ClientSecret (RFC 7617: user-id and password). */
export interface BasicCredentials {
  key: string;
  secret: string;
}

/** Sends the positive-control request with this Authorization value (undefined: no header). */
type AuthorizedRequest = (authorization: string | undefined) => Promise<HttpResult>;

const basic = (key: string, secret: string) => `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;

/**
 * The negatives of HTTP Basic authentication (RFC 7617), named by the suite YAML: each is the
 * control request with one thing changed in the Authorization header. The values are the real
 * attacks: the right key with another secret, a key the server cannot know with the right
 * secret, the right credentials in Base64 that a lenient decoder still reads (a character outside
 * the alphabet inserted), and the right credentials under another scheme.
 */
export const BASIC_AUTH_MUTATIONS: Record<
  string,
  { label: string; value(c: BasicCredentials): string | undefined }
> = {
  'no-header': { label: 'no Authorization header', value: () => undefined },
  'wrong-secret': {
    label: 'the ClientKey with a wrong ClientSecret (one character changed)',
    value: (c) => basic(c.key, oneCharacterChanged(c.secret)),
  },
  'wrong-key': {
    label: 'a ClientKey the server does not know, with the right ClientSecret',
    value: (c) => basic(`attesta-${randomBytes(8).toString('hex')}`, c.secret),
  },
  'malformed-base64': {
    label: 'the right credentials in malformed Base64 (a "*" inserted)',
    value: (c) => {
      const token = basic(c.key, c.secret).slice('Basic '.length);
      return `Basic ${token.slice(0, 4)}*${token.slice(4)}`;
    },
  },
  'other-scheme': {
    label: 'the right credentials under the Bearer scheme',
    value: (c) => basic(c.key, c.secret).replace(/^Basic/, 'Bearer'),
  },
};

/**
 * The right credentials, then every negative in parallel (each on its own connection), then
 * the right credentials again. Trials are judged as api-key trials are (./api-key.ts): a 401
 * is the refusal asked for, between two served controls.
 */
export function runBasicAuthCampaign(
  send: AuthorizedRequest,
  credentials: BasicCredentials,
): Promise<Campaign<KeyTrial>> {
  const trial = async (id: string, label: string, value: string | undefined): Promise<KeyTrial> => ({
    id,
    label,
    answer: await send(value),
  });
  return runCampaign<KeyTrial>({
    mutations: Object.keys(BASIC_AUTH_MUTATIONS),
    control: (when) =>
      trial(
        `control-${when}`,
        `positive control with the right ClientKey and ClientSecret${when === 'after' ? ' (after)' : ''}`,
        basic(credentials.key, credentials.secret),
      ),
    negatives: () =>
      inParallel(
        Object.entries(BASIC_AUTH_MUTATIONS).map(
          ([id, m]) =>
            () =>
              trial(id, m.label, m.value(credentials)),
        ),
      ),
  });
}
