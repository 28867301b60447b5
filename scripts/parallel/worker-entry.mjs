// Worker-thread entry: registers tsx so the TypeScript task modules load, then starts the task loop.
import { register } from "tsx/esm/api";
register();
await import("./worker.ts");
