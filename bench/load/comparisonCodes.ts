import type { ComparisonVector, FellegiSunterModel, FieldComparison } from '../../src/domain/linkage/index.ts';

/**
 * A comparison's levels as a short string, one character per field for the field and its level, which the linker
 * thread sends instead of the explanation: writing each field's weight out as JSON took a tenth of the linker's time,
 * on the thread every other part of a bulk load waits for. The loader's thread makes the explanation from the code
 * (the same model weighs the levels alike).
 */
export class ComparisonCodes {
  /** Field → level → its character. */
  private readonly codes = new Map<string, Map<string, string>>();
  /** Character code (less FIRST) → field and level. */
  private readonly levels: [field: string, level: string][] = [];

  constructor(private readonly model: FellegiSunterModel) {
    for (const [field, levels] of Object.entries(model.parameters.fields)) {
      const codes = new Map<string, string>();
      for (const level of [...Object.keys(levels), MISSING]) {
        codes.set(level, String.fromCharCode(FIRST + this.levels.length));
        this.levels.push([field, level]);
      }
      this.codes.set(field, codes);
    }
  }

  encode(fields: readonly FieldComparison[]): string {
    let code = '';
    for (const { field, level } of fields) {
      const character = this.codes.get(field)?.get(level);
      if (character === undefined) throw new Error(`No code for ${field} at level ${level}`);
      code += character;
    }
    return code;
  }

  /** The explanation stored with a link or a possible match: the JSON of the comparison's fields. */
  explanation(code: string): string {
    const levels: ComparisonVector = [];
    for (let i = 0; i < code.length; i++) levels.push(this.levels[code.charCodeAt(i) - FIRST]);
    return JSON.stringify(this.model.explainLevels(levels));
  }
}

/** The level of a field missing on either side: weighs 0, so it has no parameters. */
const MISSING = 'missing';
/** The first character used ('0'): codes stay printable while fewer than 79 levels are known. */
const FIRST = 48;
