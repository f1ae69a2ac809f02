// The key an address is counted under. One IPv6 subscriber usually holds a whole /64, so counting
// single IPv6 addresses would hand an attacker 2^64 budgets; IPv4-mapped IPv6 is the IPv4 it maps.
import ipaddr from "ipaddr.js";

export function addressKey(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip; // "unknown" or similar: counted as given
  const address = ipaddr.process(ip); // ::ffff:192.0.2.1 → 192.0.2.1
  if (address.kind() === "ipv4") return address.toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/64`).toRFC5952String()}/64`;
}
