import { describe, expect, it } from 'vitest';
import { clientAddress, parseTrustProxy, type TrustProxy } from './client-ip';

const trust = (value: string): TrustProxy => {
  const parsed = parseTrustProxy(value);
  if (!parsed) throw new Error(`unparsable: ${value}`);
  return parsed;
};

describe('the client address behind trusted proxies', () => {
  it('trusts no header without TRUST_PROXY', () => {
    for (const v of ['', '0', 'false'])
      expect(clientAddress('203.0.113.9', '198.51.100.1, 192.0.2.7', trust(v))).toBe('203.0.113.9');
  });

  it('with one trusted hop takes the address the proxy appended, not the one the client wrote', () => {
    // The client sent "X-Forwarded-For: 6.6.6.6"; the proxy appended the address it saw.
    expect(clientAddress('10.0.0.2', '6.6.6.6, 198.51.100.23', trust('1'))).toBe('198.51.100.23');
    expect(clientAddress('10.0.0.2', '198.51.100.23', trust('1'))).toBe('198.51.100.23');
    // No header (a request that bypassed the proxy): the socket.
    expect(clientAddress('198.51.100.23', undefined, trust('1'))).toBe('198.51.100.23');
  });

  it('rotating a forged first entry does not change the address (40 of 40 passed a per-IP limit before)', () => {
    const seen = new Set(
      Array.from({ length: 40 }, (_, i) =>
        clientAddress('10.0.0.2', `1.2.3.${i}, 198.51.100.23`, trust('1')),
      ),
    );
    expect([...seen]).toEqual(['198.51.100.23']);
  });

  it('with two hops (CDN, then a load balancer) takes the address the CDN appended', () => {
    expect(clientAddress('10.0.0.2', '6.6.6.6, 198.51.100.23, 172.16.0.5', trust('2'))).toBe('198.51.100.23');
    // A shorter chain than the hops: the left-most address there is.
    expect(clientAddress('10.0.0.2', '198.51.100.23', trust('5'))).toBe('198.51.100.23');
  });

  it('with a list of proxies walks from the right past the trusted ones, IPv4, IPv6 and mapped', () => {
    const proxies = trust('10.0.0.0/8, 172.16.0.0/12, ::1, fd00::/8');
    expect(clientAddress('10.1.2.3', '6.6.6.6, 198.51.100.23, 172.16.0.5', proxies)).toBe('198.51.100.23');
    expect(clientAddress('::ffff:10.1.2.3', '2001:db8::7', proxies)).toBe('2001:db8::7');
    expect(clientAddress('::1', 'fd12::3, 2001:db8::7', proxies)).toBe('2001:db8::7');
    // A socket that is not a trusted proxy: its own address, whatever the header says.
    expect(clientAddress('203.0.113.9', '6.6.6.6', proxies)).toBe('203.0.113.9');
    // Every hop trusted: the left-most.
    expect(clientAddress('10.0.0.1', '10.0.0.9', proxies)).toBe('10.0.0.9');
  });

  it('refuses values that are neither a count nor addresses', () => {
    for (const v of ['yes', '10.0.0.0/33', '300.1.1.1', 'fe80::/200', '1.2.3'])
      expect(parseTrustProxy(v)).toBeNull();
  });
});
