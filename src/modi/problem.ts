import { headerValue, type HttpResponse } from '../http/client.js';

/**
 * RFC 9457 problem details, as PDND v3 answers every error: application/problem+json with type,
 * status (the HTTP status) and title. The description's own Problem schema is applied on top by
 * the schema check; this is the floor every error must meet even where the file documents none.
 */
export function problemDetailsProblems(
  response: Pick<HttpResponse, 'status' | 'headers' | 'body'>,
): string[] {
  if (response.status < 400) return [];
  const type = mediaType(headerValue(response.headers, 'content-type'));
  const problems: string[] = [];
  if (type !== 'application/problem+json')
    problems.push(`error Content-Type is "${type || '(none)'}", not application/problem+json`);
  let body: unknown;
  try {
    body = JSON.parse(response.body.toString('utf8'));
  } catch {
    return [...problems, 'error body is not JSON'];
  }
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return [...problems, 'error body is not a JSON object'];
  const p = body as Record<string, unknown>;
  if (typeof p['type'] !== 'string') problems.push('problem has no type');
  if (typeof p['title'] !== 'string') problems.push('problem has no title');
  if (typeof p['status'] !== 'number') problems.push('problem has no numeric status');
  else if (p['status'] !== response.status)
    problems.push(`problem status ${p['status']} differs from the HTTP status ${response.status}`);
  return problems;
}

/** The media type of a Content-Type value, lower case, without parameters. */
function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';', 1).join('').trim().toLowerCase();
}
