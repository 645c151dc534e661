import { BlockList, isIP } from 'node:net';

/**
 * Which addresses a webhook may be delivered to (SSRF, docs/webhooks.md): public unicast only. Refused:
 * unspecified, loopback, private (RFC 1918), CGNAT (RFC 6598), link-local (cloud metadata's
 * 169.254.169.254 among them), the IETF and documentation ranges, benchmarking, multicast, reserved and
 * broadcast; for IPv6 the same plus unique-local (fc00::/7), site-local, and the forms that carry an IPv4
 * address (mapped ::ffff:0:0/96, NAT64 64:ff9b::/96, 6to4 2002::/16, Teredo 2001::/32), which could
 * smuggle a private one.
 */
// Two lists: node's BlockList also matches IPv4 addresses against IPv4-mapped IPv6 rules, and ::ffff:0:0/96 would refuse them all.
const refusedV4 = new BlockList();
const refusedV6 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) refusedV4.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128], ['::1', 128], ['::ffff:0:0', 96], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['100::', 64], ['2001::', 32], ['2001:db8::', 32],
  ['2002::', 16], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) refusedV6.addSubnet(network, prefix, 'ipv6');

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return family === 4 ? !refusedV4.check(address, 'ipv4') : !refusedV6.check(address, 'ipv6');
}
