/**
 * The platform's return URL of a VERIFIED launch, remembered for the error that ends it, so the
 * error page can offer a way back. Kept beside the error (not in it) so coded errors stay plain.
 */
const returnUrls = new WeakMap<object, string>()

/** Runs `step`; a failure carries `returnUrl` to the error page. */
export async function withReturnUrl<T>(
  returnUrl: string | undefined,
  step: () => Promise<T>,
): Promise<T> {
  try {
    return await step()
  } catch (error) {
    if (returnUrl !== undefined && typeof error === 'object' && error !== null) {
      returnUrls.set(error, returnUrl)
    }
    throw error
  }
}

/** The return URL remembered for an error, if its launch was verified. */
export function returnUrlOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? returnUrls.get(error) : undefined
}
