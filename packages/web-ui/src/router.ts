// Hash routes (#/documents, #/documents/doc_…?page=2&chunk=…, #/search?q=…, #/upload): the API
// owns every path of the origin (/documents is JSON), so the page's own places live in the hash.
import { useEffect, useState } from "preact/hooks";

export type Route =
  | { name: "documents"; query: URLSearchParams }
  | { name: "document"; documentId: string; query: URLSearchParams }
  | { name: "upload"; query: URLSearchParams }
  | { name: "search"; query: URLSearchParams };

export function parseHash(hash: string): Route {
  const [path = "", search = ""] = hash.replace(/^#/, "").split("?");
  const query = new URLSearchParams(search);
  const parts = path.split("/").filter(Boolean);
  if (parts[0] === "documents" && parts[1])
    return { name: "document", documentId: decodeURIComponent(parts[1]), query };
  if (parts[0] === "upload") return { name: "upload", query };
  if (parts[0] === "search") return { name: "search", query };
  return { name: "documents", query };
}

export function href(path: string, query?: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {}))
    if (value !== undefined && value !== "") params.set(key, String(value));
  const qs = params.toString();
  return `#${path}${qs ? `?${qs}` : ""}`;
}

export function navigate(path: string, query?: Record<string, string | number | undefined>, replace = false): void {
  const target = href(path, query);
  if (replace) history.replaceState(null, "", target);
  else location.hash = target;
  if (replace) window.dispatchEvent(new HashChangeEvent("hashchange"));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
