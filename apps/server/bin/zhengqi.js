#!/usr/bin/env node
// The `zhengqi` command: runs the TypeScript entry point through tsx (see docs/decisions/0002).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
