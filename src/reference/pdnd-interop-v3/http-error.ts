/** A request the gateway refuses, answered as an RFC 9457 problem. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

export const badRequest = (detail: string) => new HttpError(400, 'Bad Request', detail);
export const notFound = (detail: string) => new HttpError(404, 'Not Found', detail);
