import type { ErrorRequestHandler, RequestHandler } from "express";
import type { Logger } from "../logger.js";

/**
 * Errors raised before GraphQL runs (malformed JSON, oversized bodies) answer as GraphQL-shaped
 * JSON with a contract code, never express's HTML page with a stack trace.
 */
export function httpErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    const status = typeof error?.status === "number" && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) logger.error({ err: error }, "unexpected HTTP error");
    const message =
      status === 413 ? "Request body is too large" : status === 500 ? "Internal server error" : `Malformed request: ${clientMessage(error)}`;
    res.status(status).json({ errors: [{ message, extensions: { code: status === 500 ? "INTERNAL_SERVER_ERROR" : "BAD_USER_INPUT" } }] });
  };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json({ errors: [{ message: `No route for ${req.method} ${req.path}`, extensions: { code: "NOT_FOUND" } }] });
};

function clientMessage(error: unknown): string {
  // body-parser marks its own errors as safe to show (expose: true); anything else stays generic.
  const exposed = error as { expose?: boolean; message?: string };
  return exposed.expose && exposed.message ? exposed.message : "the request could not be read";
}
