/**
 * A rule applied to one response. `compared: false` means the rule could not be applied because
 * what it compares is absent or malformed - another rule's finding - so the response is neither
 * conforming nor failing for this rule, and a verdict may not rest on it.
 */
export type Comparison = { compared: true; problems: string[] } | { compared: false; why: string };

export const compared = (problems: string[] | string | undefined = []): Comparison => ({
  compared: true,
  problems: [problems].flat(),
});

export const notCompared = (why: string): Comparison => ({ compared: false, why });
