import { and, eq, sql } from 'drizzle-orm';
import { liveListeners } from '../../db/schema';
import type { Deps } from '../deps';

/** How long a row lasts without a refresh: a crashed process's organizations stop notifying after it. */
const TTL_MS = 3 * 60_000;
/** How often a process renews the rows of the organizations it still watches. */
const REFRESH_MS = 60_000;

/**
 * This process's rows in `live_listeners`: the organizations whose live triggers must NOTIFY because a
 * connection here is open (see the live-listeners migration). Writes go one at a time, in call order, so a
 * quick close and reopen of an organization's only connection ends with its row present.
 */
export class LiveListenerRegistry {
  private readonly id: string;
  private readonly watched = new Set<string>();
  private chain: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly deps: Pick<Deps, 'database' | 'now' | 'newId' | 'logger'>) {
    this.id = deps.newId('lsn');
  }

  /** Starts or stops notifying for an organization; resolves once the row is written (or failed to be). */
  set(organizationId: string, on: boolean): Promise<void> {
    if (on) this.watched.add(organizationId);
    else this.watched.delete(organizationId);
    this.ensureTimer();
    return this.enqueue(() => (on ? this.upsert([organizationId]) : this.remove(organizationId)));
  }

  /** Renews every watched organization's row (the timer calls it; tests may too). */
  refresh(): Promise<void> {
    return this.enqueue(() => this.upsert([...this.watched]));
  }

  /** Deletes this process's rows and stops renewing them. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.watched.clear();
    await this.enqueue(() => this.removeAll());
  }

  private ensureTimer(): void {
    if (this.timer || this.watched.size === 0) return;
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
    (this.timer as { unref?: () => void }).unref?.();
  }

  private enqueue(write: () => Promise<void>): Promise<void> {
    const next = this.chain.then(write).catch((error: unknown) => {
      // The next refresh tries again; until then this organization's dashboards miss live changes.
      this.deps.logger.error('live listener registration failed', { error: String(error) });
    });
    this.chain = next;
    return next;
  }

  private async upsert(organizationIds: string[]): Promise<void> {
    if (organizationIds.length === 0) return;
    const expiresAt = new Date(this.deps.now().getTime() + TTL_MS);
    const ids = sql.join(
      organizationIds.map((id) => sql`${id}`),
      sql`, `,
    );
    // Through organizations, so an organization deleted meanwhile is skipped rather than failing the rest.
    await this.withDb((db) =>
      db.execute(sql`
        insert into live_listeners (organization_id, listener_id, expires_at)
        select id, ${this.id}, ${expiresAt.toISOString()}::timestamptz from organizations where id in (${ids})
        on conflict (organization_id, listener_id) do update set expires_at = excluded.expires_at`),
    );
  }

  private remove(organizationId: string): Promise<void> {
    return this.withDb((db) =>
      db
        .delete(liveListeners)
        .where(and(eq(liveListeners.organizationId, organizationId), eq(liveListeners.listenerId, this.id))),
    );
  }

  private removeAll(): Promise<void> {
    return this.withDb((db) => db.delete(liveListeners).where(eq(liveListeners.listenerId, this.id)));
  }

  private async withDb(
    run: (db: ReturnType<Deps['database']['acquire']>['db']) => Promise<unknown>,
  ): Promise<void> {
    const handle = this.deps.database.acquire();
    try {
      await run(handle.db);
    } finally {
      await handle.release();
    }
  }
}
