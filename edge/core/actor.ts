/** Who did something, as the audit log records it. */
export type Actor = { type: 'user' | 'api_key' | 'public' | 'webhook' | 'system'; id: string | null };

/** The signed-in principal as far as the audit log cares: a person or an API key. */
export type ActingAuth = { via: 'session' | 'api_key'; userId: string | null; apiKeyId: string | null };

/** Who did it, for the audit log: the API key when a key acted, else the person. */
export function actorOf(auth: ActingAuth): Actor {
  return auth.via === 'api_key' ? { type: 'api_key', id: auth.apiKeyId } : { type: 'user', id: auth.userId };
}
