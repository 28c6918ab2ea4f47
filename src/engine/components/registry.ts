// The component registry: one map from component id to definition, shared by validator and executor.
import type { Component } from './define-component';

export class ComponentRegistry {
  private readonly components = new Map<string, Component>();

  constructor(components: Iterable<Component> = []) {
    for (const component of components) this.register(component);
  }

  register(component: Component): this {
    if (this.components.has(component.id)) {
      throw new Error(`component '${component.id}' is already registered`);
    }
    this.components.set(component.id, component);
    return this;
  }

  get(id: string): Component | undefined {
    return this.components.get(id);
  }

  has(id: string): boolean {
    return this.components.has(id);
  }

  list(): Component[] {
    return [...this.components.values()];
  }

  ids(): string[] {
    return [...this.components.keys()];
  }
}
