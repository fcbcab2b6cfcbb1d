export { type RunningStandalone, type StandaloneOptions, startStandalone } from "./start-standalone.ts";
