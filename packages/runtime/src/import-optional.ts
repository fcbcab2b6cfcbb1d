/**
 * Imports a package that a service's production install may leave out (the AWS images hold no
 * embedded-only package). When it is missing, the error says so and what to do instead, at start.
 */
export async function importOptional<T>(load: () => Promise<T>, whenMissing: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if ((error as { code?: string }).code !== "ERR_MODULE_NOT_FOUND") throw error;
    throw new Error(`invalid configuration: ${whenMissing}`, { cause: error });
  }
}
