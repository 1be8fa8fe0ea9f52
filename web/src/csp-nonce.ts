/**
 * The page's CSP allows only <style> elements that carry the nonce the server put in the
 * `csp-nonce` meta tag (no 'unsafe-inline'). antd's CSS-in-JS takes the nonce through
 * ConfigProvider, but a few helpers underneath (the modal scroll lock, the scrollbar measure of
 * @rc-component/util) create <style> elements without it. Every <style> created by our own
 * scripts gets the nonce here; markup that reaches the page any other way still gets none, so
 * injected styles stay blocked.
 */

const PLACEHOLDER = "luoshi-csp-nonce";

/** The nonce of this page, or undefined (the Vite dev server sends no CSP). */
export const cspNonce: string | undefined = (() => {
  const content = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content;
  return content && content !== PLACEHOLDER ? content : undefined;
})();

if (cspNonce) {
  const createElement = document.createElement.bind(document) as (
    tag: string,
    options?: ElementCreationOptions,
  ) => HTMLElement;
  document.createElement = ((tag: string, options?: ElementCreationOptions) => {
    const element = createElement(tag, options);
    if (tag.toLowerCase() === "style") element.nonce = cspNonce;
    return element;
  }) as typeof document.createElement;
}
