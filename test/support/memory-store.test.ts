// MemoryStore, which every driver and crash test relies on, keeps the same StateStore contract as the real
// stores (a location is a name; opening it again gives the same memory, as reopening a file would).
import { storeContract } from "../adapters/store-contract.js";
import { MemoryStore } from "./memory-store.js";

const stores = new Map<string, MemoryStore>();
const realClock = {
  now: () => Date.now(),
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

storeContract("MemoryStore", {
  freshLocation: async () => `memory-${stores.size + 1}`,
  open: async (location) => {
    const store = stores.get(location) ?? new MemoryStore(realClock);
    stores.set(location, store);
    return store;
  },
  deadHolderTakeover: "after-expiry",
  sharedAcrossProcesses: false,
});
