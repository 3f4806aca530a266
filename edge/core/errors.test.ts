import { describe, expect, it } from 'vitest';
import { AppError, ERROR_CODES } from './errors';

describe('AppError', () => {
  it('reads as its code’s title when no detail is given, and carries nothing else', () => {
    const error = new AppError('version-required');
    expect(error).toMatchObject({ name: 'AppError', code: 'version-required' });
    expect(error.message).toBe(ERROR_CODES['version-required']);
    expect(error.detail).toBeUndefined();
    expect(error.errors).toBeUndefined();
    expect(error.version).toBeUndefined();
    expect(error.retryAfterSeconds).toBeUndefined();
    expect('cause' in error).toBe(false);
  });

  it('carries its detail, field errors, extensions and domain facts as given', () => {
    const errors = [{ pointer: '/email', detail: 'Taken', code: 'duplicate' as const }];
    const error = new AppError('version-conflict', {
      detail: 'The lead is at version 3.',
      errors,
      extensions: { current: { id: 'lead_1' } },
      version: 3,
      retryAfterSeconds: 10,
    });
    expect(error.message).toBe('The lead is at version 3.');
    expect(error).toMatchObject({
      detail: 'The lead is at version 3.',
      errors,
      extensions: { current: { id: 'lead_1' } },
      version: 3,
      retryAfterSeconds: 10,
    });
  });

  it('keeps the error it wraps as its cause', () => {
    const cause = Object.assign(new Error('duplicate key'), { code: '23505' });
    expect(new AppError('duplicate-lead', { cause }).cause).toBe(cause);
  });
});
