import { readFileSync } from 'node:fs';

/** The harness version, from package.json, for reports. */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
