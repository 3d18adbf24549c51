// <trail-view>: Trailview as one HTML element. A host page loads this module from
// the bundle (<script type="module" src="https://HOST/PATH/widget.js">); it finds
// the wasm, the JavaScript and the styles next to itself, so it works from another
// origin (given CORS) and under any path. Written into the bundle at build time by
// scripts/widget.mjs (the file names below are the build's).
const FILES = /*FILES*/;
const here = new URL('./', import.meta.url);
/** Attributes the element reads; changing one later takes effect. */
const ATTRIBUTES = ['source', 'app', 'filters', 'height', 'page-size', 'columns', 'tz', 'redact', 'theme', 'state', 'views'];

let engine;
/** The wasm module, started once for every widget on the page. */
function load() {
  engine ??= import(new URL(FILES.js, here).href).then(async (m) => {
    await m.default({ module_or_path: new URL(FILES.wasm, here) });
    return m;
  });
  return engine;
}

class TrailView extends HTMLElement {
  static get observedAttributes() { return ATTRIBUTES; }

  #widget = null;
  #container = null;
  #generation = 0;
  #state = null;
  #tokenProvider = null;

  /**
   * `async () => "token"`: asked before the first request and again when the endpoint
   * refuses the token (that request is then retried once). The token stays in memory:
   * never in an attribute, a URL, storage, an event or an export.
   */
  get tokenProvider() { return this.#tokenProvider; }
  set tokenProvider(provider) {
    this.#tokenProvider = typeof provider === 'function' ? provider : null;
    this.#widget?.setTokenProvider(this.#tokenProvider);
  }

  /** The view as the app's query string; setting it restores that view. */
  get state() { return this.#widget ? this.#widget.state() : (this.#state ?? this.getAttribute('state') ?? ''); }
  set state(value) {
    if (this.#widget) this.#widget.setState(String(value ?? ''));
    else this.#state = String(value ?? '');
  }

  constructor() {
    super();
    // Properties a host set before this script defined the element: take them over.
    for (const name of ['tokenProvider', 'state']) {
      if (Object.hasOwn(this, name)) {
        const value = this[name];
        delete this[name];
        this[name] = value;
      }
    }
  }

  connectedCallback() {
    // An open shadow root: the host's CSS stays out, the widget's stays in, and
    // hosts and tests can still reach in on purpose.
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    if (!this.#container) {
      // Stylesheets only, no inline <style>: a host's Content-Security-Policy then
      // needs nothing for the widget but this bundle's origin in style-src.
      const links = ['widget.css', ...FILES.css].map((f) => Object.assign(document.createElement('link'),
        { rel: 'stylesheet', href: new URL(f, here).href }));
      this.#container = Object.assign(document.createElement('div'), { className: 'tv-widget' });
      root.replaceChildren(...links, this.#container);
    }
    this.#applyHeight();
    const generation = ++this.#generation;
    load().then((m) => {
      if (generation !== this.#generation || !this.isConnected || this.#widget) return;
      const attributes = [...ATTRIBUTES, 'url-state', 'id'].filter((a) => this.hasAttribute(a))
        .map((a) => [a, this.getAttribute(a)]);
      this.#widget = m.TrailViewWidget.mount(this, this.#container, here.href, attributes);
      // Before the first request, which starts a turn later.
      this.#widget.setTokenProvider(this.#tokenProvider);
      if (this.#state !== null) this.#widget.setState(this.#state);
      this.#state = null;
    }, (e) => {
      this.#container.textContent = `Trailview could not start: ${e.message}`;
    });
  }

  disconnectedCallback() {
    // Removed: requests aborted, timers and listeners removed, the data released.
    this.#generation++;
    if (this.#widget) {
      this.#widget.unmount();
      this.#widget.free();
      this.#widget = null;
    }
  }

  attributeChangedCallback(name, _old, value) {
    if (name === 'height') this.#applyHeight();
    else this.#widget?.setAttribute(name, value);
  }

  #applyHeight() {
    if (this.#container) this.#container.style.height = this.getAttribute('height') || '';
  }
}

if (!customElements.get('trail-view')) customElements.define('trail-view', TrailView);
