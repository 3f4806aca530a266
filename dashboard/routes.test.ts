import { describe, expect, it } from 'vitest';
import { resolveRoute } from './routes';

describe('resolveRoute', () => {
  it.each([
    ['/app/leads', 'unknown', { page: 'loading' }],
    ['/app/login', 'signed-out', { page: 'login' }],
    ['/app/login', 'signed-in', { redirect: '/app/leads' }],
    ['/app/leads', 'signed-in', { page: 'leads' }],
    ['/app/leads/', 'signed-in', { page: 'leads' }],
    ['/app/leads', 'signed-out', { redirect: '/app/login' }],
    ['/app/', 'signed-in', { redirect: '/app/leads' }],
    ['/app/', 'signed-out', { redirect: '/app/login' }],
    ['/app', 'signed-in', { redirect: '/app/leads' }],
    ['/app/nowhere', 'signed-out', { redirect: '/app/login' }],
  ] as const)('%s while %s', (path, status, expected) => {
    expect(resolveRoute(path, status)).toEqual(expected);
  });
});
