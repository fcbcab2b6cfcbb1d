/** What a stand-in exposes to its control routes. */
export interface Controlled {
  faults: { snapshot(): unknown; set(settings: Record<string, unknown>): unknown; clear(): void };
  calls(): unknown;
  /** Forgets faults and calls (POST /_stand-in/reset); absent: no such route. */
  reset?(): unknown;
}

/**
 * The routes under /_stand-in/ every stand-in answers: health, the fault settings (read, merge,
 * clear) and the calls it counted. Returns the JSON answer, or undefined for a route it does not
 * know. A fault setting that makes no sense throws the fault class's own TypeError.
 */
export async function answerControl(
  method: string | undefined,
  path: string,
  readBody: () => Promise<string>,
  target: Controlled,
): Promise<unknown> {
  switch (`${method} ${path}`) {
    case "GET /_stand-in/health":
      return { ok: true };
    case "GET /_stand-in/faults":
      return target.faults.snapshot();
    case "POST /_stand-in/faults":
      return target.faults.set(JSON.parse((await readBody()) || "{}") as Record<string, unknown>);
    case "DELETE /_stand-in/faults":
      target.faults.clear();
      return target.faults.snapshot();
    case "GET /_stand-in/calls":
      return target.calls();
    case "POST /_stand-in/reset":
      return target.reset?.();
    default:
      return undefined;
  }
}
