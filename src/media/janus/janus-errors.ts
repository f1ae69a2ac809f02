// Errors from talking to Janus. JanusUnreachableError: no answer (refused, timed out, not JSON);
// JanusError: Janus answered with an error code (core `"janus":"error"` or a plugin `error_code`).

export class JanusUnreachableError extends Error {
  override name = "JanusUnreachableError";
  constructor(
    url: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    // Long-poll URLs carry apisecret and token in the query string: never keep them where logs look.
    this.url = url.split("?")[0]!;
  }
  readonly url: string;
}

export class JanusError extends Error {
  override name = "JanusError";
  constructor(
    /** Janus core codes (403 unauthorized, 458 no such session, 460 no such plugin, 490 token) or plugin error codes (426 no such room, 427 room exists, 428 no such feed/user, 433 not allowed). */
    readonly code: number,
    readonly reason: string,
    /** "core", "admin" or the plugin's package name. */
    readonly source: string,
  ) {
    super(`Janus ${source} error ${code}: ${reason}`);
  }
}

/** Janus core error codes roomkey reacts to (janus/apierror.h). */
export const JANUS_CORE = {
  UNAUTHORIZED: 403,
  SESSION_NOT_FOUND: 458,
  HANDLE_NOT_FOUND: 459,
  PLUGIN_NOT_FOUND: 460,
  TOKEN_NOT_FOUND: 470,
  /** JANUS_ERROR_UNKNOWN: also what remove_token answers for a token it does not hold. */
  UNKNOWN: 490,
} as const;

/** VideoRoom plugin error codes (plugins/janus_videoroom.c). */
export const VIDEOROOM = {
  NO_SUCH_ROOM: 426,
  ROOM_EXISTS: 427,
  NO_SUCH_FEED: 428,
  UNAUTHORIZED: 433,
} as const;

export const isJanusError = (error: unknown, code?: number): error is JanusError =>
  error instanceof JanusError && (code === undefined || error.code === code);
