#!/usr/bin/env node
// Installed entry point: loads the TypeScript command line through tsx.
import { register } from "tsx/esm/api";
register();
await import("../scripts/plancheck.ts");
