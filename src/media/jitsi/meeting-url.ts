/** The link that opens `roomName` on `domain` (host, optionally with port) already authenticated. */
export function meetingUrl(domain: string, roomName: string, jwt: string): string {
  const url = new URL(`https://${domain}`);
  // Reject anything but a bare host[:port], so a misconfigured domain cannot smuggle a path or credentials.
  if (url.host !== domain.toLowerCase() || url.pathname !== "/" || url.search || url.hash) {
    throw new RangeError(`Not a bare Jitsi domain: ${JSON.stringify(domain)}`);
  }
  if (!roomName) throw new RangeError("roomName must not be empty");
  url.pathname = `/${encodeURIComponent(roomName)}`;
  url.searchParams.set("jwt", jwt);
  return url.toString();
}
