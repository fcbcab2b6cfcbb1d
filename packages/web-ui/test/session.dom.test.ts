// The sign-in session with the browser's storage and network replaced: tokens are refreshed
// before they expire, a refused refresh signs out, and nothing outlives the tab's storage.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Session } from "../src/auth/session.ts";

const auth = { mode: "cognito" as const, clientId: "client-1", region: "eu-west-1", endpoint: "http://cognito.test/" };
const store = new Map<string, string>();
const calls: { target: string | null; body: Record<string, any> }[] = [];
let answer: () => Response;

beforeEach(() => {
  store.clear();
  calls.length = 0;
  vi.stubGlobal("sessionStorage", {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => store.set(k, v),
    removeItem: (k: string) => store.delete(k),
  });
  vi.stubGlobal("fetch", async (_url: string, init: { headers: Record<string, string>; body: string }) => {
    calls.push({ target: init.headers["x-amz-target"] ?? null, body: JSON.parse(init.body) });
    return answer();
  });
});

afterEach(() => vi.unstubAllGlobals());

const tokens = (expiresInMs: number) => ({
  idToken: "id-old",
  refreshToken: "refresh-1",
  expiresAt: Date.now() + expiresInMs,
});

describe("the sign-in session", () => {
  it("hands out the ID token while it has more than a minute left, without calling Cognito", async () => {
    const session = new Session(auth);
    session.signedIn(tokens(10 * 60_000));
    expect(await session.bearer()).toBe("id-old");
    expect(calls).toEqual([]);
  });

  it("refreshes a token about to expire with REFRESH_TOKEN_AUTH, once for concurrent callers, and keeps it in the tab", async () => {
    answer = () => Response.json({ AuthenticationResult: { IdToken: "id-new", ExpiresIn: 3600 } });
    const session = new Session(auth);
    session.signedIn(tokens(30_000));
    const [a, b] = await Promise.all([session.bearer(), session.bearer()]);
    expect([a, b]).toEqual(["id-new", "id-new"]);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      target: "AWSCognitoIdentityProviderService.InitiateAuth",
      body: { AuthFlow: "REFRESH_TOKEN_AUTH", ClientId: "client-1", AuthParameters: { REFRESH_TOKEN: "refresh-1" } },
    });
    // The refresh token is kept (Cognito does not send a new one), and a reload finds the session.
    expect(JSON.parse(store.get("docworker.session") ?? "{}")).toMatchObject({
      idToken: "id-new",
      refreshToken: "refresh-1",
    });
    expect(new Session(auth).idToken).toBe("id-new");
  });

  it("signs out when Cognito refuses the refresh token", async () => {
    answer = () =>
      Response.json({ __type: "NotAuthorizedException", message: "Refresh Token has expired" }, { status: 400 });
    const session = new Session(auth);
    session.signedIn(tokens(1_000));
    let notified = 0;
    session.subscribe(() => notified++);
    expect(await session.bearer()).toBeUndefined();
    expect(session.needsSignIn).toBe(true);
    expect(store.has("docworker.session")).toBe(false);
    expect(notified).toBe(1);
  });

  it("needs no sign-in and sends no token when the deployment has no auth", async () => {
    const session = new Session({ mode: "none" });
    expect(session.needsSignIn).toBe(false);
    expect(await session.bearer()).toBeUndefined();
  });
});
