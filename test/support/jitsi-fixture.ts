import type { JitsiConfig } from "../../src/config.js";

/** A complete Jitsi configuration for unit tests of the Jitsi context. */
export const jitsiTestConfig: JitsiConfig = {
  appId: "roomkey-test",
  appSecret: "a-long-enough-shared-secret-for-hs256-tests",
  domain: "meet.example.com",
  tokenLifetimeSeconds: 86_400,
  jwtAudience: "jitsi",
  jwtSubject: "meet.example.com",
  jwtTtlSeconds: 3_600,
};
