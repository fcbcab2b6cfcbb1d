// Who is signed in. Tokens live in memory and in sessionStorage (this tab only, gone when it
// closes), never in a URL or localStorage; the ID token is refreshed a minute before it expires.
import type { UiAuth } from "../api/types.ts";
import { refreshTokens, type Tokens } from "./cognito.ts";

const STORAGE_KEY = "docworker.session";
const REFRESH_MARGIN_MS = 60_000;

type Listener = () => void;

export class Session {
  readonly auth: UiAuth;
  private tokens: Tokens | undefined;
  private refreshing: Promise<string | undefined> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<Listener>();

  constructor(auth: UiAuth) {
    this.auth = auth;
    if (auth.mode === "cognito") {
      const stored = sessionStorage.getItem(STORAGE_KEY);
      if (stored) {
        try {
          this.tokens = JSON.parse(stored) as Tokens;
          this.schedule();
        } catch {
          sessionStorage.removeItem(STORAGE_KEY);
        }
      }
    }
  }

  get needsSignIn(): boolean {
    return this.auth.mode === "cognito" && !this.tokens;
  }

  get idToken(): string | undefined {
    return this.tokens?.idToken;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  signedIn(tokens: Tokens): void {
    this.tokens = tokens;
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(tokens));
    this.schedule();
    this.notify();
  }

  signOut(): void {
    this.tokens = undefined;
    sessionStorage.removeItem(STORAGE_KEY);
    if (this.timer) clearTimeout(this.timer);
    this.notify();
  }

  /** A valid ID token, refreshed first when it is about to expire; undefined without auth. */
  async bearer(): Promise<string | undefined> {
    if (this.auth.mode !== "cognito" || !this.tokens) return undefined;
    if (this.tokens.expiresAt - Date.now() > REFRESH_MARGIN_MS) return this.tokens.idToken;
    return this.refresh();
  }

  /** Refreshes now (after a 401, or before expiry); signs out when the refresh token is refused. */
  refresh(): Promise<string | undefined> {
    const auth = this.auth;
    const tokens = this.tokens;
    if (auth.mode !== "cognito" || !tokens) return Promise.resolve(undefined);
    this.refreshing ??= refreshTokens(auth, tokens.refreshToken)
      .then(
        (fresh) => {
          this.signedIn(fresh);
          return fresh.idToken;
        },
        () => {
          this.signOut();
          return undefined;
        },
      )
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    if (!this.tokens) return;
    const delay = Math.max(0, this.tokens.expiresAt - Date.now() - REFRESH_MARGIN_MS);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
