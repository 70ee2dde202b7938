/**
 * The negatives of PDND3-SCHEMA-02: invalid KeySeeds, each breaking one rule of the schema.
 *
 * KeySeed is a schema of the PDND Interop gateway's own API description (m2mGatewayApiV3), not
 * of a standard other suites share, so its table lives with the suite; `src/openapi/` reads and
 * validates any description and knows no API's schemas.
 */
export interface KeySeedMutation {
  /** What differs from a valid KeySeed, in a report's words. */
  label: string;
  mutate(seed: Record<string, unknown>): Record<string, unknown>;
}

export const KEYSEED_MUTATIONS = {
  'name-too-short': { label: 'name of 4 characters', mutate: (s) => ({ ...s, name: 'abcd' }) },
  'name-too-long': { label: 'name of 61 characters', mutate: (s) => ({ ...s, name: 'a'.repeat(61) }) },
  'use-lower-case': { label: 'use "sig" (lower case)', mutate: (s) => ({ ...s, use: 'sig' }) },
  'use-unknown': { label: 'use "VERIFY"', mutate: (s) => ({ ...s, use: 'VERIFY' }) },
  'extra-property': { label: 'an extra property', mutate: (s) => ({ ...s, kid: 'attesta-extra' }) },
} satisfies Record<string, KeySeedMutation>;

export type KeySeedMutationId = keyof typeof KEYSEED_MUTATIONS;

/** The ids of the table, in the order the campaign sends them. */
export const KEYSEED_MUTATION_IDS = Object.keys(KEYSEED_MUTATIONS) as KeySeedMutationId[];
