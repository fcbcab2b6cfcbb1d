/** An error the API answers with as application/problem+json; `code` is stable. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;

  constructor(status: number, code: string, detail: string, title?: string) {
    super(detail);
    this.name = "HttpProblem";
    this.status = status;
    this.code = code;
    this.title = title ?? code.toLowerCase().replaceAll("_", " ");
  }
}

export const notFound = (what: string) => new HttpProblem(404, "NOT_FOUND", `${what} was not found`, "Not found");
