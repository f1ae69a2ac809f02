// The HTTP server for an express app, with requests and responses built with the app's prototypes.
//
// express 5 gives every request and response its app's prototypes with Object.setPrototypeOf
// (app.handle). Done to an object Node has already built, that is expensive in V8: in a minimal
// express app it cut throughput to about a third and made about 7 KiB of every request outlive
// young-generation garbage collections (Node 20, 8 connections; README, "Benchmark").
// Node can build them with those prototypes from the start (http.createServer's IncomingMessage
// and ServerResponse options, meant for extending the two classes); express's setPrototypeOf then
// finds the prototype already in place and changes nothing.
import http from "node:http";
import type { Socket } from "node:net";
import type { Express } from "express";

/** Node's two constructors as the functions they are (they run on `this`, as subclasses call them). */
const initRequest = http.IncomingMessage as unknown as (this: http.IncomingMessage, socket: Socket) => void;
const initResponse = http.ServerResponse as unknown as (this: http.ServerResponse, request: http.IncomingMessage, options?: unknown) => void;

export function createExpressServer(app: Express): http.Server {
  function ExpressRequest(this: http.IncomingMessage, socket: Socket) {
    initRequest.call(this, socket);
  }
  ExpressRequest.prototype = app.request;
  function ExpressResponse(this: http.ServerResponse, request: http.IncomingMessage, options?: unknown) {
    initResponse.call(this, request, options);
  }
  ExpressResponse.prototype = app.response;
  return http.createServer(
    {
      IncomingMessage: ExpressRequest as unknown as typeof http.IncomingMessage,
      ServerResponse: ExpressResponse as unknown as typeof http.ServerResponse,
    },
    app,
  );
}
