/** The command line itself is wrong (bad flag value, missing file): exit code 2, no API involved. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
