import { createGraphQLError, type Plugin } from 'graphql-yoga';

/**
 * The headers any one of which lets a "simple" request (a GET, or a POST of a form or of text/plain)
 * through. A browser cannot add any of them to a cross-site request without a CORS preflight, which
 * this server does not grant, so a page on another site cannot make a visitor's browser run an
 * operation here. (Not `authorization`: a browser attaches cached Basic credentials on its own.)
 */
export const CSRF_HEADERS = ['x-graphql-yoga-csrf', 'apollo-require-preflight', 'x-api-key'] as const;

/** Content types a browser sends cross-site without a preflight. */
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

export interface CSRFPreventionOptions {
  requestHeaders?: readonly string[];
}

/**
 * Yoga's CSRF prevention, with the same contract as `useCSRFPrevention` from
 * `@graphql-yoga/plugin-csrf-prevention` (3.24: the same ten lines): a GraphQL request whose content
 * type a browser could send cross-site without a preflight, or that has none (a GET), must carry one
 * of `requestHeaders`, or is refused with 403 before it is parsed. Kept here because that plugin's
 * refusal has no error code and does not say which headers would do.
 */
export function useCSRFPrevention({ requestHeaders = CSRF_HEADERS }: CSRFPreventionOptions = {}): Plugin {
  return {
    onRequestParse({ request }) {
      const contentType = request.headers.get('content-type')?.toLowerCase();
      if (contentType && !SIMPLE_CONTENT_TYPES.some((simple) => contentType.startsWith(simple))) return;
      if (requestHeaders.some((name) => request.headers.has(name))) return;
      throw createGraphQLError(`Required CSRF header missing: send one of ${requestHeaders.join(', ')} (or a JSON body)`, {
        extensions: { code: 'CSRF_HEADER_REQUIRED', http: { status: 403 } },
      });
    },
  };
}
