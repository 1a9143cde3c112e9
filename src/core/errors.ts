/**
 * A problem the user can fix (wrong file, missing column, bad key). Its message is shown as is
 * in the sidebar and printed by the command line, so it names the file, row or field.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
