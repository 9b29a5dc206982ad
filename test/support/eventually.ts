/**
 * Probes until `ok` holds of what the probe returns or `timeoutMs` has passed, and returns the last
 * value either way, so the caller's assertion shows what was seen rather than a bare timeout.
 */
export async function eventually<T>(
  probe: () => T | Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs: number,
  pauseMs = 200,
): Promise<T> {
  let value = await probe()
  for (const end = Date.now() + timeoutMs; !ok(value) && Date.now() < end; value = await probe())
    await new Promise((resolve) => setTimeout(resolve, pauseMs))
  return value
}
