// The model components: chat models and agents.
import type { Component } from '../define-component';
import { llmChat } from './chat';

export const llmComponents: readonly Component[] = [llmChat];
