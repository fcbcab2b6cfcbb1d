import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ApiClient } from "./api/client.ts";
import type { UiConfig } from "./api/types.ts";
import { userOf } from "./auth/cognito.ts";
import { Session } from "./auth/session.ts";
import { DocumentPage } from "./pages/document-page.tsx";
import { DocumentsPage } from "./pages/documents-page.tsx";
import { SearchPage } from "./pages/search-page.tsx";
import { SignInPage } from "./pages/sign-in-page.tsx";
import { UploadPage } from "./pages/upload-page.tsx";
import { href, type Route, useRoute } from "./router.ts";

const TITLES: Record<Route["name"], string> = {
  documents: "Documents",
  document: "Document",
  upload: "Upload",
  search: "Search",
};

export function App({ config }: { config: UiConfig }) {
  const session = useMemo(() => new Session(config.auth), [config]);
  const api = useMemo(() => new ApiClient(session), [session]);
  const [, setVersion] = useState(0);
  useEffect(() => session.subscribe(() => setVersion((v) => v + 1)), [session]);
  const route = useRoute();
  const firstPage = useRef(true);

  useEffect(() => {
    document.title = session.needsSignIn ? "Sign in · docworker" : `${TITLES[route.name]} · docworker`;
    // After a navigation, focus moves to the new page, as a screen reader user expects; the
    // first page keeps its own autofocus. This runs after paint, so focus already placed inside
    // the new page (a field the user went straight to) is left where it is.
    const main = document.getElementById("main");
    if (firstPage.current) firstPage.current = false;
    else if (main && !main.contains(document.activeElement)) main.focus({ preventScroll: true });
  }, [route.name, session.needsSignIn, route.name === "document" ? route.documentId : ""]);

  const user = session.idToken ? userOf(session.idToken) : "";
  return (
    <>
      <button type="button" class="skip-link" onClick={() => document.getElementById("main")?.focus()}>
        Skip to content
      </button>
      <header class="top">
        <a class="brand" href={href("/documents")}>
          docworker
        </a>
        {session.needsSignIn ? null : (
          <nav aria-label="Main">
            <a
              href={href("/documents")}
              aria-current={route.name === "documents" || route.name === "document" ? "page" : undefined}
            >
              Documents
            </a>
            <a href={href("/upload")} aria-current={route.name === "upload" ? "page" : undefined}>
              Upload
            </a>
            <a href={href("/search")} aria-current={route.name === "search" ? "page" : undefined}>
              Search
            </a>
          </nav>
        )}
        {config.auth.mode === "cognito" && !session.needsSignIn ? (
          <div class="account">
            <span class="muted">{user}</span>
            <button type="button" class="secondary small" onClick={() => session.signOut()}>
              Sign out
            </button>
          </div>
        ) : null}
      </header>
      <main id="main" tabIndex={-1}>
        {config.auth.mode === "cognito" && session.needsSignIn ? (
          <SignInPage session={session} auth={config.auth} />
        ) : (
          <Page route={route} api={api} config={config} />
        )}
      </main>
    </>
  );
}

function Page({ route, api, config }: { route: Route; api: ApiClient; config: UiConfig }) {
  switch (route.name) {
    case "document":
      return <DocumentPage api={api} documentId={route.documentId} query={route.query} />;
    case "upload":
      return <UploadPage api={api} maxBytes={config.maxDocumentBytes} />;
    case "search":
      return <SearchPage api={api} query={route.query} />;
    default:
      return <DocumentsPage api={api} query={route.query} />;
  }
}
