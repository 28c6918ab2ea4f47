// Names from a flow file ("__proto__" is a valid output name) become keys of plain objects: an
// assignment with such a name would set the prototype instead and the value would vanish.

/** Sets `key` as an own, enumerable property of `target`, whatever the key is. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
