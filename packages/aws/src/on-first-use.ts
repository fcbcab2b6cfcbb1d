/**
 * A value made on its first use (an SDK loaded and its client made), not when its owner is: an
 * idle API or worker holds none of what it has not needed yet.
 */
export interface OnFirstUse<T> {
  /** The value, made by the first call; later calls share it. */
  get(): Promise<T>;
  /** Runs `use` on the value once it exists; nothing when it was never made or its making failed. */
  ifMade(use: (value: T) => void): void;
}

export function onFirstUse<T>(make: () => Promise<T>): OnFirstUse<T> {
  let made: Promise<T> | undefined;
  return {
    get: () => {
      made ??= make();
      return made;
    },
    // A failed making reported its error to the call that started it.
    ifMade: (use) => void made?.then(use, () => {}),
  };
}
