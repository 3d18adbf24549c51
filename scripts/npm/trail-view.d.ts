// Types for trailview-widget: the <trail-view> custom element that widget.js defines
// (importing the package registers it), its properties and the events it dispatches.
// Attributes (source, app, filters, height, page-size, columns, tz, redact, theme,
// state, url-state, views) are set with setAttribute or in markup; the element reflects none
// of them as properties except `state`.

/** `detail` of `trailview:load`: a load ended (again when live refresh adds entries). */
export interface TrailViewLoadDetail {
  /** Entries loaded. */
  entries: number;
  /** Pages (requests) read. */
  pages: number;
  /** The total the endpoint reported, or null when it reported none. */
  total: number | null;
  /** Stopped early (a limit, a failed page) or loaded with a note. */
  partial: boolean;
}

/** `detail` of `trailview:select`: the entry opened. */
export interface TrailViewSelectDetail {
  /** The entry's key in the view (the `entry` parameter of the app's URL). */
  key: string;
  /** The entry's original JSON text, exactly as logged. */
  json: string;
  /** The same entry, parsed. */
  entry: unknown;
}

/** `detail` of `trailview:state`: the view after a change, as the app's query string. */
export interface TrailViewStateDetail {
  state: string;
}

/** `detail` of `trailview:error`: a load failed (the message never holds the token). */
export interface TrailViewErrorDetail {
  message: string;
  /** The HTTP status, or null when there was no HTTP answer. */
  status: number | null;
  /** The endpoint asked for a token (401 or 403). */
  needsToken: boolean;
}

/** The events a <trail-view> dispatches (they bubble and leave its shadow root). */
export interface TrailViewEventMap {
  'trailview:load': CustomEvent<TrailViewLoadDetail>;
  'trailview:select': CustomEvent<TrailViewSelectDetail>;
  'trailview:state': CustomEvent<TrailViewStateDetail>;
  'trailview:error': CustomEvent<TrailViewErrorDetail>;
}

/** Gives the token for the host's `source`: a string or a promise of one. */
export type TrailViewTokenProvider = () => string | Promise<string>;

/**
 * The <trail-view> element's class. widget.js defines the element but exports no
 * value, so the class is exported as a type only: get an instance from the DOM
 * (`document.querySelector('trail-view')`, `document.createElement('trail-view')`).
 */
declare class TrailViewElement extends HTMLElement {
  /**
   * Asked before the first request and again when the endpoint refuses the token
   * (that request is then retried once). Kept in memory only. Anything but a
   * function reads back as null.
   */
  tokenProvider: TrailViewTokenProvider | null;
  /** The view as the app's query string; setting it restores that view. */
  state: string;

  addEventListener<K extends keyof TrailViewEventMap>(type: K,
    listener: (this: TrailViewElement, ev: TrailViewEventMap[K]) => any,
    options?: boolean | AddEventListenerOptions): void;
  addEventListener<K extends keyof HTMLElementEventMap>(type: K,
    listener: (this: TrailViewElement, ev: HTMLElementEventMap[K]) => any,
    options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof TrailViewEventMap>(type: K,
    listener: (this: TrailViewElement, ev: TrailViewEventMap[K]) => any,
    options?: boolean | EventListenerOptions): void;
  removeEventListener<K extends keyof HTMLElementEventMap>(type: K,
    listener: (this: TrailViewElement, ev: HTMLElementEventMap[K]) => any,
    options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions): void;
}

export type { TrailViewElement };

declare global {
  interface HTMLElementTagNameMap {
    'trail-view': TrailViewElement;
  }
}
