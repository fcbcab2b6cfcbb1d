// Every call the UI makes to the API, same origin, with the bearer token when signed in. A 401
// refreshes the token once and retries; a second 401 signs the user out.
import type { Session } from "../auth/session.ts";
import { ApiError, problemFrom } from "./problem.ts";
import type {
  ChunkView,
  CreatedDocument,
  DocumentList,
  DocumentView,
  ExtractionSchema,
  SearchFilters,
  SearchMode,
  SearchResponse,
  Status,
  UiConfig,
} from "./types.ts";

export async function loadUiConfig(): Promise<UiConfig> {
  const response = await fetch("/ui-config.json");
  if (!response.ok) throw await problemFrom(response);
  return (await response.json()) as UiConfig;
}

export class ApiClient {
  private readonly session: Session;

  constructor(session: Session) {
    this.session = session;
  }

  private async request<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const send = async (token: string | undefined) =>
      fetch(path, {
        method: init.method ?? "GET",
        headers: {
          accept: "application/json",
          ...(init.body === undefined ? {} : { "content-type": "application/json" }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
    let response = await send(await this.session.bearer());
    if (response.status === 401 && this.session.auth.mode === "cognito") {
      const fresh = await this.session.refresh();
      if (fresh) response = await send(fresh);
      if (response.status === 401) this.session.signOut();
    }
    if (!response.ok) throw await problemFrom(response);
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  listDocuments(query: { status?: Status | undefined; cursor?: string | undefined; limit?: number }) {
    const params = new URLSearchParams({ limit: String(query.limit ?? 20) });
    if (query.status) params.set("status", query.status);
    if (query.cursor) params.set("cursor", query.cursor);
    return this.request<DocumentList>(`/documents?${params}`);
  }

  getDocument(documentId: string) {
    return this.request<DocumentView>(`/documents/${encodeURIComponent(documentId)}`);
  }

  getChunks(documentId: string) {
    return this.request<{ items: ChunkView[] }>(`/documents/${encodeURIComponent(documentId)}/chunks`);
  }

  /** The uploaded file itself, for the page view of a PDF. */
  async getContent(documentId: string): Promise<ArrayBuffer> {
    const token = await this.session.bearer();
    const response = await fetch(`/documents/${encodeURIComponent(documentId)}/content`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    if (!response.ok) throw await problemFrom(response);
    return response.arrayBuffer();
  }

  getExtractionSchema() {
    return this.request<ExtractionSchema>("/extraction-schema");
  }

  createDocument(body: { filename: string; contentType?: string }) {
    return this.request<CreatedDocument>("/documents", { method: "POST", body });
  }

  deleteDocument(documentId: string) {
    return this.request<{ documentId: string; status: "DELETING" }>(`/documents/${encodeURIComponent(documentId)}`, {
      method: "DELETE",
    });
  }

  search(body: { query: string; mode: SearchMode; k?: number; filters?: SearchFilters }) {
    return this.request<SearchResponse>("/search", { method: "POST", body });
  }
}

export { ApiError };
