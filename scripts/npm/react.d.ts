// JSX typings for <trail-view> in React 19 (which passes custom elements' props
// through as attributes or properties). Bring them in once, for example in a
// declarations file or the module that renders the element:
//   import 'trailview-widget';               // registers the element (runtime)
//   import type {} from 'trailview-widget/react';
import type { DetailedHTMLProps, HTMLAttributes, Ref } from 'react';
import type { TrailViewElement } from './trail-view.js';

/** The attributes of <trail-view>, as strings (what HTML gives it). */
export interface TrailViewAttributes {
  /** The log endpoint; given by the host, it cannot be changed inside. */
  source?: string;
  /** Locks the widget to one app. */
  app?: string;
  /** Pinned column filters, as in the app's URL (`f.tenant==acme`). */
  filters?: string;
  /** The widget's height, a CSS length. */
  height?: string;
  /** Rows per page. */
  'page-size'?: string;
  /** Visible columns, comma-separated. */
  columns?: string;
  /** Display zone, as the `tz` URL parameter. */
  tz?: string;
  /** What to mask as entries load, as the `redact` URL parameter. */
  redact?: string;
  /** `light`, `dark` or `auto`. */
  theme?: 'light' | 'dark' | 'auto' | (string & {});
  /** A view as the app's query string, over the attributes above. */
  state?: string;
  /** `hash`: the view is also kept in the host's address. */
  'url-state'?: 'hash' | (string & {});
  /** The host's saved views, as JSON: `[{"name": "Failed sign-ins", "query": "q=kind:failed-sign-in"}]`. */
  views?: string;
}

export type TrailViewProps = Omit<DetailedHTMLProps<HTMLAttributes<TrailViewElement>, TrailViewElement>, keyof TrailViewAttributes | 'ref'>
  & TrailViewAttributes & {
    ref?: Ref<TrailViewElement>;
    /** React 19 sets `class` on custom elements as given; `className` works too. */
    class?: string;
    className?: string;
    style?: import('react').CSSProperties;
  };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'trail-view': TrailViewProps;
    }
  }
}
