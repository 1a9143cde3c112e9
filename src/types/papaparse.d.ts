// The part of papaparse the add-on uses. Declared here rather than taken from @types/papaparse,
// which pulls in Node's types and would let Node-only globals slip into Apps Script code.
export interface ParseError {
  type: string;
  code: string;
  message: string;
  row?: number;
}
export interface ParseMeta {
  delimiter: string;
  linebreak: string;
  aborted: boolean;
  truncated: boolean;
}
export interface ParseResult<T> {
  data: T[];
  errors: ParseError[];
  meta: ParseMeta;
}
export interface ParseConfig {
  delimiter?: string;
  delimitersToGuess?: string[];
  header?: false;
  skipEmptyLines?: boolean | 'greedy';
  quoteChar?: string;
  newline?: string;
}
export interface UnparseConfig {
  quotes?: boolean;
  newline?: string;
  delimiter?: string;
  escapeFormulae?: boolean;
}
declare const Papa: {
  parse(input: string, config?: ParseConfig): ParseResult<string[]>;
  unparse(data: unknown[][], config?: UnparseConfig): string;
};
export default Papa;
