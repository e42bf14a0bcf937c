/**
 * The explorer: search, entity cards, a growing graph, paths, supply chains — all through /graphql.
 * This file only wires the parts: the store (store.ts) holds what the page shows, actions.ts changes
 * it, and each panel under panels/ draws its own piece of the page from it.
 */
import { createActions } from './actions.js';
import { Api } from './api.js';
import { createData } from './data.js';
import type { GraphView } from './graph.js';
import { mountBrowse } from './panels/browse.js';
import { mountEntity } from './panels/entity.js';
import { mountGraphPanel } from './panels/graph-panel.js';
import { mountImport } from './panels/import.js';
import { mountPaths } from './panels/paths.js';
import { mountSearch } from './panels/search.js';
import { mountSelection } from './panels/selection.js';
import { mountShell } from './panels/shell.js';
import { mountStatus } from './panels/status.js';
import { mountSupplyChain } from './panels/supply-chain.js';
import { mountToolbar } from './panels/toolbar.js';
import type { State } from './state.js';
import { linkState, store } from './store.js';

declare global {
  interface Window {
    /** For the console and the end-to-end tests. */
    explorer: { graph: GraphView; state: () => State };
  }
}

async function start() {
  // The tests wait for this to be 0: no request under way.
  document.body.dataset.busy = '0';
  const api = new Api((inflight) => {
    document.body.dataset.busy = String(inflight);
  });
  const data = createData(api);
  const act = createActions(data);
  await act.load();

  // The order is the order each change is drawn in: the frame first, the canvas last.
  mountShell(act);
  mountSearch(data, act);
  mountStatus();
  mountSelection(act);
  mountEntity(data, act);
  mountPaths(data, act);
  mountSupplyChain(data, act);
  mountBrowse(data, act);
  mountImport(api, data, act);
  const graph = mountGraphPanel(data, act);
  mountToolbar(graph, data, act);

  window.addEventListener('popstate', () => void act.load());
  window.explorer = { graph, state: () => linkState(store.get()) };
}

void start();
