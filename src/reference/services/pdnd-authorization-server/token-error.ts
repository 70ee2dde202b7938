/** A refused token request: its status, its OAuth error (the problem's title) and why. */
export class TokenError extends Error {
  constructor(
    readonly status: 400 | 401,
    readonly title: string,
    detail: string,
  ) {
    super(detail);
  }
}

export const invalidRequest = (detail: string) => new TokenError(400, 'invalid_request', detail);
export const invalidClient = (detail: string) => new TokenError(401, 'invalid_client', detail);
