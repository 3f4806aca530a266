import type { Db, DbProvider } from '../db/types';
import type { Role } from './contract/session';
import type { PiiVault } from './crypto/pii';

export type Logger = {
  info: (msg: string, data?: Record<string, unknown>) => void;
  error: (msg: string, data?: Record<string, unknown>) => void;
};

export type AppConfig = {
  /** Cookies get `Secure` (and the `__Host-` prefix) unless the request is to localhost over http. */
  sessionTtlHours: number;
  /** Maximum accepted request body, in bytes. */
  maxBodyBytes: number;
  /** The Node face serves a demo landing page for this form at /demo. */
  demoFormId?: string;
};

/** Everything the app needs from the outside world, injected; no globals, no process.env below the entries. */
export type Deps = {
  database: DbProvider;
  now: () => Date;
  newId: (prefix: string) => string;
  pii: PiiVault;
  config: AppConfig;
  logger: Logger;
};

export type Auth = {
  organizationId: string;
  userId: string | null;
  apiKeyId: string | null;
  role: Role;
  via: 'session' | 'api_key';
  csrfToken: string | null;
};

/** Hono environment: per-request variables set by middleware. */
export type AppEnv = {
  Variables: {
    requestId: string;
    db: Db;
    auth: Auth;
  };
};

export const defaultConfig: AppConfig = { sessionTtlHours: 24 * 14, maxBodyBytes: 64 * 1024 };
