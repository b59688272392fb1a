import { invalidRequest } from './wire/errors.js';
import type { Route } from './context.js';

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

export interface RouteMatch {
  route: Route;
  pathParams: Record<string, string>;
}

/** A flat method + path table; `:name` segments capture one path segment. */
export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(routes: Route[]): this {
    for (const r of routes) {
      const names: string[] = [];
      const pattern = r.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:([a-z_]+)/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      this.routes.push({ ...r, regex: new RegExp(`^${pattern}$`), names });
    }
    return this;
  }

  /** `undefined` when nothing matches; `'method'` when the path exists for another method. */
  match(method: string, path: string): RouteMatch | 'method' | undefined {
    let pathMatched = false;
    for (const r of this.routes) {
      const m = r.regex.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (r.method !== method) continue;
      const pathParams: Record<string, string> = {};
      r.names.forEach((n, i) => {
        pathParams[n] = decodePathParam(m[i + 1]!);
      });
      return { route: r, pathParams };
    }
    return pathMatched ? 'method' : undefined;
  }
}

/** `cus_%E0%A4%A` is a malformed request, not a sandbox failure: Stripe answers 400. */
function decodePathParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw invalidRequest(`The request URL is not valid: "${raw.slice(0, 60)}" is not correctly percent-encoded.`);
  }
}
