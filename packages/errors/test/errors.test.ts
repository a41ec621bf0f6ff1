import { describe, expect, it } from 'vitest';
import { describeValue, NamedError, optionErrorClass } from '../src';

class PackageError extends NamedError {}
class PackageOptionError extends optionErrorClass(PackageError) {}
class SomethingWentWrongError extends PackageError {}

describe('NamedError', () => {
  it('names each error after the class thrown, and keeps the cause', () => {
    const cause = new Error('disk full');
    const error = new SomethingWentWrongError('it broke', { cause });
    expect(error.name).toBe('SomethingWentWrongError');
    expect(String(error)).toBe('SomethingWentWrongError: it broke');
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(PackageError);
    expect(error).toBeInstanceOf(Error);
  });
});

describe('optionErrorClass', () => {
  it("words the message from its fields and is an error of the package's base class", () => {
    const error = new PackageOptionError('train', 'batchSize', 0, 'a positive integer');
    expect(error.message).toBe('train: batchSize is 0; use a positive integer.');
    expect(error.name).toBe('PackageOptionError');
    expect(error).toBeInstanceOf(PackageOptionError);
    expect(error).toBeInstanceOf(PackageError);
    expect(error).toBeInstanceOf(NamedError);
    expect({ ...error }).toMatchObject({
      caller: 'train',
      option: 'batchSize',
      value: 0,
      allowed: 'a positive integer',
    });
  });

  it("gives each package its own class: one package does not catch another's errors", () => {
    class OtherError extends NamedError {}
    class OtherOptionError extends optionErrorClass(OtherError) {}
    const error = new OtherOptionError('load', 'limit', -1, 'a whole number >= 0');
    expect(error).not.toBeInstanceOf(PackageError);
    expect(error).toBeInstanceOf(OtherError);
  });
});

describe('describeValue', () => {
  it('quotes strings, lists short arrays and names everything else by its type', () => {
    expect(describeValue('relu')).toBe('"relu"');
    expect(describeValue([28, 28])).toBe('[28, 28]');
    expect(describeValue(['a', [1]])).toBe('["a", [1]]');
    expect(describeValue(new Array(9).fill(0))).toBe('an Array(9)');
    expect(describeValue(new Int32Array(3))).toBe('an Int32Array');
    expect(describeValue(new Float32Array(3))).toBe('a Float32Array');
    expect(describeValue({})).toBe('an Object');
    expect(describeValue(Object.create(null))).toBe('an Object');
    expect(describeValue(Number.NaN)).toBe('NaN');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(null)).toBe('null');
  });
});
