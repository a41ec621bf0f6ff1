import { ClassNamesError } from './errors';

/** The longest class name accepted, in UTF-16 code units: a label, not a text. */
export const MAX_CLASS_NAME_LENGTH = 100;

/**
 * Checks a list of class names against the number of classes of the data: one name per class,
 * none empty (after trimming), none repeated, none longer than {@link MAX_CLASS_NAME_LENGTH}, none
 * holding a control character (a tab or a line break would break the tables they are printed in).
 *
 * @param names - The names, class `i` at index `i`.
 * @param numClasses - The data's number of classes, e.g. 10.
 * @param source - The file or option the names come from, named in the message.
 * @returns The names, trimmed, as a new array.
 * @throws ClassNamesError naming `source`: a wrong count names both counts; an empty, repeated,
 *   overlong or control-character name names its line (1-based).
 *
 * @example
 * ```ts
 * checkClassNames(['T-shirt/top', 'Trouser'], 2, 'classes.txt'); // ['T-shirt/top', 'Trouser']
 * ```
 */
export function checkClassNames(
  names: readonly string[],
  numClasses: number,
  source: string,
): string[] {
  if (names.length !== numClasses) {
    throw new ClassNamesError(
      source,
      `${source}: ${names.length} class names for ${numClasses} classes; give one name per class (${numClasses} names, one a line, class 0 first).`,
    );
  }
  const trimmed = names.map((name) => name.trim());
  const seen = new Map<string, number>();
  for (const [index, name] of trimmed.entries()) {
    const line = index + 1;
    if (name === '') {
      throw new ClassNamesError(
        source,
        `${source}: class name ${line} (class ${index}) is empty; give every class a name.`,
      );
    }
    if (name.length > MAX_CLASS_NAME_LENGTH) {
      throw new ClassNamesError(
        source,
        `${source}: class name ${line} (class ${index}) is ${name.length} characters long, more than ${MAX_CLASS_NAME_LENGTH}; shorten it.`,
      );
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
    if (/[\u0000-\u001f\u007f]/.test(name)) {
      throw new ClassNamesError(
        source,
        `${source}: class name ${line} (class ${index}) holds a control character; use plain text.`,
      );
    }
    const first = seen.get(name);
    if (first !== undefined) {
      throw new ClassNamesError(
        source,
        `${source}: class name ${line} (class ${index}) repeats name ${first + 1} ("${name}"); give each class its own name.`,
      );
    }
    seen.set(name, index);
  }
  return trimmed;
}

/**
 * Splits the text of a class-names file into names: one a line (`\n` or `\r\n`), trailing empty
 * lines ignored. Check the result with {@link checkClassNames}.
 */
export function splitClassNames(text: string): string[] {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  return lines;
}
