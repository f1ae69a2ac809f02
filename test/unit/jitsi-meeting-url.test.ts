import { describe, expect, it } from "@jest/globals";
import { meetingUrl } from "../../src/media/jitsi/meeting-url.js";

const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJyb29tIjoiciJ9.c2ln-_";

describe("meetingUrl", () => {
  it("puts the room in the path and the token in the jwt parameter", () => {
    expect(meetingUrl("meet.example.com", "teamqdsync", jwt)).toBe(`https://meet.example.com/teamqdsync?jwt=${jwt}`);
    expect(meetingUrl("meet.example.com:8443", "room", jwt)).toBe(`https://meet.example.com:8443/room?jwt=${jwt}`);
  });

  it("percent-encodes room and token characters that would change the URL", () => {
    const url = meetingUrl("meet.example.com", "a b/c?d#e", "x+y&z=1#");
    expect(url).toBe("https://meet.example.com/a%20b%2Fc%3Fd%23e?jwt=x%2By%26z%3D1%23");
    expect(new URL(url).searchParams.get("jwt")).toBe("x+y&z=1#");
  });

  it.each(["meet.example.com/tenant", "https://meet.example.com", "user@meet.example.com", "meet.example.com?x=1", ""])(
    "refuses %j as a domain",
    (domain) => {
      expect(() => meetingUrl(domain, "room", jwt)).toThrow();
    },
  );
});
