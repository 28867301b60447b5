/**
 * Typed errors for input that plancheck cannot use. The command line turns
 * each into one line `plancheck: FILE: message (where)` and exit code 2.
 */

/** The input is malformed or inconsistent. */
export class InputError extends Error {
  constructor(
    message: string,
    /** Where in the input, e.g. `rsc_order id=o1` or `line 3`. */
    readonly where?: string,
  ) {
    super(message);
    this.name = "InputError";
  }
}

/** The input is valid but uses a construct plancheck does not model. */
export class Unsupported extends InputError {
  constructor(
    /** The construct, e.g. `bundle`, `rsc_ticket`, `resource_set`. */
    readonly construct: string,
    where?: string,
  ) {
    super(`unsupported construct: ${construct}`, where);
    this.name = "Unsupported";
  }
}

/**
 * Makes text safe for a one-line diagnostic: control characters (newlines
 * included), which a hostile input can put in any name it carries, are
 * written as escapes (`\n`, `\x07`).
 */
export function printable(text: string): string {
  return text.replace(/[\x00-\x1f\x7f\u2028\u2029]/g, (c) =>
    c === "\n" ? "\\n" : c === "\r" ? "\\r" : c === "\t" ? "\\t" : c > "\xff" ? `\\u${c.charCodeAt(0).toString(16)}` : `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`,
  );
}

/** Formats an input error as plancheck's one-line diagnostic (without the `plancheck: FILE: ` prefix). */
export function describeInputError(error: InputError): string {
  return printable(error.where === undefined ? error.message : `${error.message} (${error.where})`);
}
