import { useState } from "preact/hooks";
import type { UiAuth } from "../api/types.ts";
import { signInWithPassword } from "../auth/cognito.ts";
import type { Session } from "../auth/session.ts";
import { ErrorNote } from "../components/error-note.tsx";

/** Email and password against the Cognito app client (USER_PASSWORD_AUTH). */
export function SignInPage({ session, auth }: { session: Session; auth: Extract<UiAuth, { mode: "cognito" }> }) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  return (
    <section class="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in to docworker</h1>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          setBusy(true);
          setError(undefined);
          try {
            session.signedIn(await signInWithPassword(auth, String(data.get("email")), String(data.get("password"))));
          } catch (failure) {
            setError(failure);
          } finally {
            setBusy(false);
          }
        }}
      >
        <label>
          Email
          <input type="email" name="email" autocomplete="username" required autofocus />
        </label>
        <label>
          Password
          <input type="password" name="password" autocomplete="current-password" required />
        </label>
        <ErrorNote error={error} />
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </section>
  );
}
