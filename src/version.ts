declare const __FC_VERSION__: string | undefined;

/** Injected by the build; tests that import src/ directly see the dev marker. */
export const VERSION: string = typeof __FC_VERSION__ === 'string' ? __FC_VERSION__ : '0.0.0-dev';
