// Statements with `?` parameters, sent as EXECUTE IMMEDIATE … USING: the statement text comes only from the IR's
// names (checked against a strict identifier pattern), every user value travels as a typed parameter literal.
export type Param =
  | { readonly kind: 'varchar'; readonly value: string }
  | { readonly kind: 'timestamp'; readonly millis: number }
  | { readonly kind: 'bigint'; readonly value: number }
  | { readonly kind: 'double'; readonly value: number };

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** A quoted identifier from the compiler's output; anything else is a bug, not user input. */
export function ident(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not an identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

export function varchar(value: string): Param {
  return { kind: 'varchar', value };
}

export function timestamp(millis: number): Param {
  return { kind: 'timestamp', millis };
}

export function bigint(value: number): Param {
  return { kind: 'bigint', value };
}

export function double(value: number): Param {
  return { kind: 'double', value };
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A parameter as Trino literal text: what EXECUTE IMMEDIATE … USING sends, and bulk loads of our own rows. */
export function literal(param: Param): string {
  switch (param.kind) {
    case 'varchar':
      return quote(param.value);
    case 'timestamp': {
      if (!Number.isFinite(param.millis)) throw new Error(`not a time: ${param.millis}`);
      // Lake timestamps are UTC wall-clock times without a zone (timestamp(3)).
      return `TIMESTAMP ${quote(new Date(param.millis).toISOString().replace('T', ' ').replace('Z', ''))}`;
    }
    case 'bigint':
      if (!Number.isSafeInteger(param.value)) throw new Error(`not an integer: ${param.value}`);
      return String(param.value);
    case 'double':
      if (!Number.isFinite(param.value)) throw new Error(`not a finite number: ${param.value}`);
      return `DOUBLE '${param.value}'`;
  }
}

export class Statement {
  readonly params: Param[] = [];
  private readonly parts: string[] = [];

  /** Appends SQL text that holds no user value. */
  sql(text: string): this {
    this.parts.push(text);
    return this;
  }

  /** One `?` bound to `param`. */
  param(param: Param): string {
    this.params.push(param);
    return '?';
  }

  /** `(?, ?, …)` for an IN list. */
  list(params: readonly Param[]): string {
    return `(${params.map((p) => this.param(p)).join(', ')})`;
  }

  get text(): string {
    return this.parts.join('');
  }

  /** What Trino runs. */
  render(): string {
    if (this.params.length === 0) return this.text;
    return `EXECUTE IMMEDIATE ${quote(this.text)} USING ${this.params.map(literal).join(', ')}`;
  }
}
