/**
 * An error as an AWS service answers it: the error shape's name (`type`), the HTTP status the
 * service sends it with and a message. Each stand-in puts it on the wire in its protocol's form.
 */
export class WireError<Type extends string = string> extends Error {
  readonly type: Type;
  readonly status: number;

  constructor(type: Type, status: number, message: string) {
    super(message);
    this.name = type;
    this.type = type;
    this.status = status;
  }
}

/**
 * The error class of one service: `statusOf` is the HTTP status of each of its error shapes, so
 * an error is made from its shape's name and a message alone.
 */
export function wireErrorClass<Type extends string>(statusOf: Readonly<Record<Type, number>>) {
  return class extends WireError<Type> {
    constructor(type: Type, message: string) {
      super(type, statusOf[type], message);
    }
  };
}
