/**
 * The session's clock on the portal's side. The API ends a session after `idleSeconds`
 * without requests (15 minutes, PCI DSS 8.2.8) and after its absolute lifetime; it records
 * activity at most once a minute, so the portal counts a minute less to be sure. It warns
 * `warnSeconds` before the end, and ends the screens at the end.
 */
export class SessionTimer {
  private lastActivity: number;
  private warnTimer: number | undefined;
  private endTimer: number | undefined;
  private stopped = false;

  constructor(
    private readonly settings: {
      idleSeconds: number;
      /** The session's absolute end (epoch ms). */
      absoluteEnd: number;
      warnSeconds?: number;
      /** How stale the API's record of activity may be (its touch granularity). */
      slackSeconds?: number;
      onWarn: (endsAt: number) => void;
      onEnd: (reason: 'idle' | 'absolute') => void;
      /** The API's last recorded activity (epoch ms), when the session is resumed after a reload. */
      lastActivity?: number;
    },
  ) {
    this.lastActivity = Math.min(settings.lastActivity ?? Date.now(), Date.now());
    this.schedule();
  }

  /** When the API last counted the session as active (epoch ms). */
  get lastActivityAt(): number {
    return this.lastActivity;
  }

  /** When the session will end without more activity (epoch ms). */
  get endsAt(): number {
    const slack = (this.settings.slackSeconds ?? 60) * 1000;
    return Math.min(this.lastActivity + this.settings.idleSeconds * 1000 - slack, this.settings.absoluteEnd);
  }

  /** A request of the session succeeded. */
  activity(): void {
    if (this.stopped) return;
    this.lastActivity = Date.now();
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.warnTimer);
    window.clearTimeout(this.endTimer);
  }

  private schedule(): void {
    window.clearTimeout(this.warnTimer);
    window.clearTimeout(this.endTimer);
    const endsAt = this.endsAt;
    const warnAt = endsAt - (this.settings.warnSeconds ?? 120) * 1000;
    const now = Date.now();
    this.warnTimer = window.setTimeout(() => this.settings.onWarn(this.endsAt), Math.max(0, warnAt - now));
    this.endTimer = window.setTimeout(
      () => this.settings.onEnd(this.endsAt >= this.settings.absoluteEnd ? 'absolute' : 'idle'),
      Math.max(0, endsAt - now),
    );
  }
}
