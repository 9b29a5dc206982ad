/**
 * Paths orchestrators and Prometheus poll every few seconds (/metrics, /health, /ready): neither
 * logged nor traced, or they would drown the requests that matter.
 */
export const PROBE_PATHS = /^\/(metrics|health|ready)\b/
