/**
 * What a careless but compliant server does when it refuses a request: it quotes the credentials
 * it received. The reference's echo variants use it to show that Attesta's reports never carry
 * what a peer sends back (src/core/redact.ts).
 */

/** `received NAME "VALUE"` for each credential present, joined; empty when none was sent. */
export function quoteReceived(received: Record<string, string | undefined>): string {
  return Object.entries(received)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([name, v]) => `received ${name} ${v}`)
    .join('; ');
}

/** A challenge with the quote added as an error_description, or the challenge as it was. */
export function challengeQuoting(challenge: string | undefined, quote: string): string | undefined {
  if (!challenge || !quote) return challenge;
  return `${challenge}, error_description="${quote.replace(/["\\]/g, "'")}"`;
}
