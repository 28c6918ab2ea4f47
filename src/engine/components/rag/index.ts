// The retrieval components: load, split, embed, store, retrieve.
import type { Component } from '../define-component';
import { ragEmbed } from './embed';
import { ragLoad } from './load';
import { ragRetrieve } from './retrieve';
import { ragSplit } from './split';
import { ragStore } from './store';

export const ragComponents: readonly Component[] = [ragLoad, ragSplit, ragEmbed, ragStore, ragRetrieve];
