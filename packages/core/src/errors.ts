/**
 * Errors a user can fix. The CLI prints `message` and exits with status 2;
 * anything else is a bug and is reported as one.
 */
export interface InputLocation {
  file?: string;
  /** 1-based row in the file as the user sees it (header is row 1 in CSV). */
  row?: number;
  /** Column name or JSON path. */
  field?: string;
}

export class InputError extends Error {
  readonly location: InputLocation;
  constructor(message: string, location: InputLocation = {}) {
    const where = [
      location.file,
      location.row !== undefined ? `row ${location.row}` : undefined,
      location.field !== undefined ? `field ${location.field}` : undefined,
    ]
      .filter((s) => s !== undefined)
      .join(", ");
    super(where ? `${where}: ${message}` : message);
    this.name = "InputError";
    this.location = location;
  }
}

/** A stated size limit was exceeded (also exit status 2). */
export class LimitError extends InputError {
  constructor(message: string, location: InputLocation = {}) {
    super(message, location);
    this.name = "LimitError";
  }
}
