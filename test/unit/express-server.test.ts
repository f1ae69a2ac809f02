// express 5 sets its app's prototypes on every request and response (app.handle). The server from
// createExpressServer builds them with those prototypes already, so that call changes nothing:
// these pin it, and that express works on them as usual.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from "@jest/globals";
import express from "express";
import { createExpressServer } from "../../src/http/express-server.js";

describe("createExpressServer", () => {
  const app = express();
  app.use(express.json());
  app.post("/echo", (req, res) => {
    res.set("X-Seen", String(req.get("x-probe"))).status(201).json({ body: req.body, query: req.query, ip: req.ip, path: req.path });
  });
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = createExpressServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterEach(() => {
    jest.restoreAllMocks();
  });

  const post = () =>
    fetch(`${url}/echo?n=1`, { method: "POST", headers: { "content-type": "application/json", "x-probe": "yes" }, body: JSON.stringify({ a: 1 }) });

  it("hands express requests and responses whose prototypes are already the app's: its setPrototypeOf changes none", async () => {
    const changed: string[] = [];
    const setPrototypeOf = Object.setPrototypeOf;
    jest.spyOn(Object, "setPrototypeOf").mockImplementation((target: object, prototype: object | null) => {
      if (target instanceof http.IncomingMessage || target instanceof http.ServerResponse) {
        if (Object.getPrototypeOf(target) !== prototype) changed.push(target.constructor.name);
      }
      return setPrototypeOf(target, prototype);
    });
    const response = await post();
    expect(response.status).toBe(201);
    expect(Object.setPrototypeOf).toHaveBeenCalled(); // express still makes the call
    expect(changed).toEqual([]);
  });

  it("serves express's request and response API on them: body, query, headers, ip, status, json", async () => {
    const response = await post();
    expect(response.status).toBe(201);
    expect(response.headers.get("x-seen")).toBe("yes");
    expect(await response.json()).toEqual({ body: { a: 1 }, query: { n: "1" }, ip: "127.0.0.1", path: "/echo" });
  });

  it("builds instances of Node's classes (instanceof holds for code that checks)", async () => {
    let seen: { request: boolean; response: boolean } | undefined;
    app.get("/kinds", (req, res) => {
      seen = { request: req instanceof http.IncomingMessage, response: res instanceof http.ServerResponse };
      res.end();
    });
    await fetch(`${url}/kinds`);
    expect(seen).toEqual({ request: true, response: true });
  });
});
