export * from './api.js';
export * from './claims.js';
export * from './errors.js';
export * from './limits.js';
export * from './sessions.js';
export * from './base64url.js';
export * from './experiments.js';
